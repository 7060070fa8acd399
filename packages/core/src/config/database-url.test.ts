import { describe, expect, it } from 'vitest';
import { caught } from '../project/test-helpers/temp-dir.js';
import { resolveDatabaseUrl, type DatabaseUrlSetting } from './database-url.js';

const envFile: DatabaseUrlSetting = { value: 'postgres://env:pw1@envhost/app', location: { file: 'db/environments/staging.yaml', line: 1, column: 15 } };
const configFile: DatabaseUrlSetting = { value: 'postgres://cfg:pw2@cfghost/app', location: { file: 'confiture.yaml', line: 3, column: 15 } };
const allEnv = { CONFITURE_DATABASE_URL: 'postgres://confiture:pw3@cenv/app', DATABASE_URL: 'postgres://plain:pw4@denv/app' };

describe('resolveDatabaseUrl', () => {
  it('follows the precedence flag > CONFITURE_DATABASE_URL > environment file > confiture.yaml > DATABASE_URL', () => {
    const flag = 'postgres://flag:pw0@flaghost/app';
    expect(resolveDatabaseUrl({ flag, processEnv: allEnv, environmentFile: envFile, configFile })).toMatchObject({ source: 'flag', url: flag, sourceLabel: '--database-url' });
    expect(resolveDatabaseUrl({ processEnv: allEnv, environmentFile: envFile, configFile })).toMatchObject({
      source: 'CONFITURE_DATABASE_URL',
      url: allEnv.CONFITURE_DATABASE_URL,
      sourceLabel: 'the CONFITURE_DATABASE_URL environment variable',
    });
    expect(resolveDatabaseUrl({ processEnv: { DATABASE_URL: allEnv.DATABASE_URL }, environmentFile: envFile, configFile })).toMatchObject({
      source: 'environment-file',
      url: envFile.value,
      sourceLabel: 'database_url in db/environments/staging.yaml:1:15',
      location: envFile.location,
    });
    expect(resolveDatabaseUrl({ processEnv: { DATABASE_URL: allEnv.DATABASE_URL }, configFile })).toMatchObject({
      source: 'config-file',
      url: configFile.value,
      sourceLabel: 'database_url in confiture.yaml:3:15',
    });
    expect(resolveDatabaseUrl({ processEnv: { DATABASE_URL: allEnv.DATABASE_URL } })).toMatchObject({
      source: 'DATABASE_URL',
      url: allEnv.DATABASE_URL,
      sourceLabel: 'the DATABASE_URL environment variable',
    });
  });

  it('returns null when nothing gives a URL (use the embedded database)', () => {
    expect(resolveDatabaseUrl({ processEnv: {} })).toBeNull();
    expect(resolveDatabaseUrl({ processEnv: { CONFITURE_DATABASE_URL: '', DATABASE_URL: ' ' } })).toBeNull();
  });

  it('exposes a redacted URL next to the real one', () => {
    const resolved = resolveDatabaseUrl({ processEnv: { DATABASE_URL: 'postgres://app:s3cret@db:5432/app' } });
    expect(resolved?.redactedUrl).toBe('postgres://app:***@db:5432/app');
    expect(resolved?.url).toBe('postgres://app:s3cret@db:5432/app');
  });

  it('interpolates only the winning file value', () => {
    const needsVar: DatabaseUrlSetting = { value: 'postgres://app:${MISSING_PASSWORD}@db/app', location: configFile.location };
    expect(resolveDatabaseUrl({ processEnv: { CONFITURE_DATABASE_URL: allEnv.CONFITURE_DATABASE_URL }, configFile: needsVar })?.source).toBe('CONFITURE_DATABASE_URL');
    expect(resolveDatabaseUrl({ processEnv: {}, environmentFile: envFile, configFile: needsVar })?.source).toBe('environment-file');
    const resolved = resolveDatabaseUrl({ processEnv: { MISSING_PASSWORD: 'pw' }, configFile: needsVar });
    expect(resolved).toMatchObject({ url: 'postgres://app:pw@db/app', redactedUrl: 'postgres://app:***@db/app' });
  });

  it('stops on a missing variable in the winning value instead of falling through', async () => {
    const needsVar: DatabaseUrlSetting = { value: '${PROD_DATABASE_URL}', location: envFile.location };
    const error = await caught(() => resolveDatabaseUrl({ processEnv: { DATABASE_URL: allEnv.DATABASE_URL }, environmentFile: needsVar }));
    expect(error.code).toBe('CONFITURE_ENV_VAR_MISSING');
    expect(error.message).toBe('Environment variable PROD_DATABASE_URL is not set; `database_url` in db/environments/staging.yaml:1:15 needs it.');
    expect(error.hint).toContain('--database-url');
  });

  it('lets a value that interpolates to nothing defer to the next source', () => {
    const optional: DatabaseUrlSetting = { value: '${DEV_DATABASE_URL:-}', location: envFile.location };
    expect(resolveDatabaseUrl({ processEnv: {}, environmentFile: optional, configFile })?.source).toBe('config-file');
    expect(resolveDatabaseUrl({ processEnv: {}, environmentFile: optional })).toBeNull();
  });

  it('rejects a URL that is not PostgreSQL without showing its password', async () => {
    const fromEnv = await caught(() => resolveDatabaseUrl({ processEnv: { DATABASE_URL: 'mysql://root:hunter2@db/app' } }));
    expect(fromEnv.code).toBe('CONFITURE_CONFIG_INVALID');
    expect(fromEnv.message).toBe('The database URL from the DATABASE_URL environment variable is not a PostgreSQL URL: mysql://root:***@db/app.');
    const fromFlag = await caught(() => resolveDatabaseUrl({ flag: 'mysql://root:hunter2@db/app', processEnv: {} }));
    expect(fromFlag.code).toBe('CONFITURE_USAGE');
    const fromFile = await caught(() => resolveDatabaseUrl({ processEnv: { HOST_URL: 'http://u:hunter2@x' }, configFile: { value: '${HOST_URL}', location: configFile.location } }));
    expect(fromFile.location).toEqual(configFile.location);
    for (const error of [fromEnv, fromFlag, fromFile]) expect(JSON.stringify({ message: error.message, hint: error.hint, ...error.toJSON() })).not.toContain('hunter2');
  });

  it('rejects a URL that cannot be parsed, naming its source, without showing its password', async () => {
    // An unencoded `/` in the password ends the host part; a port above 65535 is no port.
    const slash = await caught(() => resolveDatabaseUrl({ flag: 'postgres://app:hun/ter2@db/app', processEnv: {} }));
    expect(slash.code).toBe('CONFITURE_USAGE');
    expect(slash.message).toBe('The database URL from --database-url cannot be parsed: postgres://app:***@db/app.');
    expect(slash.hint).toContain('/ as %2F');
    const port = await caught(() => resolveDatabaseUrl({ processEnv: { DB_URL: 'postgres://app:hunter2@db:99999/app' }, configFile: { value: '${DB_URL}', location: configFile.location } }));
    expect(port.code).toBe('CONFITURE_CONFIG_INVALID');
    expect(port.location).toEqual(configFile.location);
    expect(port.message).toBe('The database URL from database_url in confiture.yaml:3:15 cannot be parsed: postgres://app:***@db:99999/app.');
    for (const error of [slash, port]) expect(JSON.stringify({ message: error.message, hint: error.hint, ...error.toJSON() })).not.toContain('hunter2');
  });

  it('accepts the Unix-socket forms the driver accepts', () => {
    expect(resolveDatabaseUrl({ flag: 'postgres://app:pw@/app?host=/var/run/postgresql', processEnv: {} })).toMatchObject({
      redactedUrl: 'postgres://app:***@/app?host=/var/run/postgresql',
    });
    expect(resolveDatabaseUrl({ flag: 'postgresql:///app?host=/tmp', processEnv: {} })?.source).toBe('flag');
  });

  it('rejects an empty --database-url', async () => {
    expect((await caught(() => resolveDatabaseUrl({ flag: '', processEnv: {} }))).code).toBe('CONFITURE_USAGE');
  });
});
