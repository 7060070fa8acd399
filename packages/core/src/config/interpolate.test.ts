import { describe, expect, it } from 'vitest';
import { caught } from '../project/test-helpers/temp-dir.js';
import { interpolateEnv, templateError, templateVariables } from './interpolate.js';

describe('interpolateEnv', () => {
  const processEnv = { DB_HOST: 'db.internal', DB_PASSWORD: 's3cret', EMPTY: '' };

  it('replaces ${VAR} with the variable', () => {
    expect(interpolateEnv('postgres://app:${DB_PASSWORD}@${DB_HOST}/app', { processEnv })).toBe('postgres://app:s3cret@db.internal/app');
  });

  it('uses the default of ${VAR:-default} when the variable is unset or empty', () => {
    expect(interpolateEnv('${DB_HOST:-localhost}', { processEnv })).toBe('db.internal');
    expect(interpolateEnv('${NOPE:-localhost}:${EMPTY:-5432}', { processEnv })).toBe('localhost:5432');
    expect(interpolateEnv('x${NOPE:-}y', { processEnv })).toBe('xy');
  });

  it('reads $$ as a literal $ and leaves other dollars alone', () => {
    expect(interpolateEnv('pa$$word$${DB_HOST}', { processEnv })).toBe('pa$word${DB_HOST}');
    expect(interpolateEnv('cost: $5 and $DB_HOST', { processEnv })).toBe('cost: $5 and $DB_HOST');
  });

  it('throws CONFITURE_ENV_VAR_MISSING naming the variable, the key path and the position', async () => {
    const error = await caught(() =>
      interpolateEnv('postgres://app@${DB_NAME}', {
        processEnv,
        configPath: 'database_url',
        location: (needle) => ({ file: 'db/environments/production.yaml', line: 2, column: 15 + 'postgres://app@'.length * Number(needle === '${DB_NAME}') }),
      }),
    );
    expect(error.code).toBe('CONFITURE_ENV_VAR_MISSING');
    expect(error.message).toBe('Environment variable DB_NAME is not set; `database_url` in db/environments/production.yaml:2:30 needs it.');
    expect(error.location).toEqual({ file: 'db/environments/production.yaml', line: 2, column: 30 });
    expect(error.configPath).toBe('database_url');
    expect(error.details).toEqual({ variable: 'DB_NAME' });
    expect(error.hint).toContain('${DB_NAME:-value}');
  });

  it('treats an empty variable without default as missing', async () => {
    const error = await caught(() => interpolateEnv('${EMPTY}', { processEnv }));
    expect(error.code).toBe('CONFITURE_ENV_VAR_MISSING');
    expect(error.message).toBe('Environment variable EMPTY is empty; the value needs it.');
  });

  it('never puts the values of other variables in the message', async () => {
    const error = await caught(() => interpolateEnv('postgres://app:${DB_PASSWORD}@${DB_HOSTNAME}/app', { processEnv }));
    expect(error.message).toContain('DB_HOSTNAME');
    expect(JSON.stringify(error)).not.toContain('s3cret');
  });

  it('reports malformed references', async () => {
    expect(templateError('${1ABC}')).toMatch(/is not a variable reference/);
    expect(templateError('${}')).toMatch(/is not a variable reference/);
    expect(templateError('abc ${OPEN')).toMatch(/at character 5 is never closed/);
    expect(templateError('${OK} $$ ${OK:-x}')).toBeUndefined();
    const error = await caught(() => interpolateEnv('${A-B}', { processEnv, configPath: 'database_url', location: { file: 'c.yaml', line: 1, column: 15 } }));
    expect(error.code).toBe('CONFITURE_CONFIG_INVALID');
    expect(error.message).toMatch(/^Invalid interpolation in `database_url` in c\.yaml:1:15: /);
  });

  it('lists the variables a template reads', () => {
    expect(templateVariables('postgres://${USER:-app}:${PASSWORD}@h/$${NOT}')).toEqual(['USER', 'PASSWORD']);
  });
});
