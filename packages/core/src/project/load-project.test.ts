import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isConfitureError } from '../errors.js';
import { loadProject } from './load-project.js';
import { caught, useTempDirs } from './test-helpers/temp-dir.js';

const tempDir = useTempDirs();
const noEnv = {};

describe('loadProject', () => {
  it('loads a minimal project with defaults and absolute paths', async () => {
    const root = await tempDir({ 'confiture.yaml': '# nothing set\n' });
    const project = await loadProject({ cwd: root, processEnv: noEnv });
    expect(project).toMatchObject({
      root,
      configFile: join(root, 'confiture.yaml'),
      env: null,
      environmentFile: null,
      environmentsDir: join(root, 'db/environments'),
      schemaDirs: [join(root, 'db/schema')],
      migrationsDir: join(root, 'db/migrations'),
      trackingTable: 'confiture_migrations',
      lockWaitTimeoutMs: 30_000,
      statementTimeoutMs: null,
      lockTimeoutMs: null,
      embeddedDataDir: join(root, '.confiture/embedded'),
      database: null,
      warnings: [],
    });
    expect(Object.isFrozen(project)).toBe(true);
    expect(Object.isFrozen(project.schemaDirs)).toBe(true);
  });

  it('resolves every setting of a full config', async () => {
    const root = await tempDir({
      'confiture.yaml': [
        'schema_dirs: [sql/tables, /abs/views]',
        'migrations_dir: sql/migrations',
        'tracking_table: ops.schema_history',
        'migrate:',
        '  lock_wait_timeout: 2min',
        '  statement_timeout: 1h',
        '  lock_timeout: 750',
        'embedded:',
        '  data_dir: var/pg',
        '',
      ].join('\n'),
    });
    const project = await loadProject({ cwd: root, processEnv: noEnv });
    expect(project).toMatchObject({
      schemaDirs: [join(root, 'sql/tables'), '/abs/views'],
      migrationsDir: join(root, 'sql/migrations'),
      trackingTable: 'ops.schema_history',
      lockWaitTimeoutMs: 120_000,
      statementTimeoutMs: 3_600_000,
      lockTimeoutMs: 750,
      embeddedDataDir: join(root, 'var/pg'),
    });
  });

  it('finds confiture.yaml in a parent directory', async () => {
    const root = await tempDir({ 'confiture.yaml': 'migrations_dir: m\n', 'db/schema/deep/x.sql': '' });
    const project = await loadProject({ cwd: join(root, 'db/schema/deep'), processEnv: noEnv });
    expect(project.root).toBe(root);
    expect(project.migrationsDir).toBe(join(root, 'm'));
  });

  it('loads --config from anywhere, with its directory as the root', async () => {
    const elsewhere = await tempDir({ 'deploy/app.yaml': 'migrations_dir: migrations\n' });
    const cwd = await tempDir({ 'confiture.yaml': 'migrations_dir: not-this-one\n' });
    const project = await loadProject({ cwd, configFile: join(elsewhere, 'deploy/app.yaml'), processEnv: noEnv });
    expect(project.root).toBe(join(elsewhere, 'deploy'));
    expect(project.configFile).toBe(join(elsewhere, 'deploy/app.yaml'));
    expect(project.migrationsDir).toBe(join(elsewhere, 'deploy/migrations'));
    const relative = await loadProject({ cwd: elsewhere, configFile: 'deploy/app.yaml', processEnv: noEnv });
    expect(relative.root).toBe(join(elsewhere, 'deploy'));
  });

  it('accepts a project directory as --config', async () => {
    const root = await tempDir({ 'app/confiture.yaml': '' });
    expect((await loadProject({ cwd: root, configFile: 'app', processEnv: noEnv })).root).toBe(join(root, 'app'));
  });

  it('says how to create a project when there is no config file', async () => {
    const cwd = await tempDir();
    const error = await caught(() => loadProject({ cwd, processEnv: noEnv }));
    expect(error.code).toBe('CONFITURE_CONFIG_NOT_FOUND');
    expect(error.message).toBe(`No confiture.yaml in ${cwd} or any parent directory.`);
    expect(error.hint).toContain('confiture init');
    expect(error.hint).toContain('--config');
  });

  it('names a missing --config file', async () => {
    const cwd = await tempDir();
    const error = await caught(() => loadProject({ cwd, configFile: 'nope/confiture.yaml', processEnv: noEnv }));
    expect(error.code).toBe('CONFITURE_CONFIG_NOT_FOUND');
    expect(error.message).toBe(`The config file ${join(cwd, 'nope/confiture.yaml')} (given with --config) does not exist.`);
  });

  it('points out a confiture.yml that should be renamed', async () => {
    const cwd = await tempDir({ 'confiture.yml': '' });
    expect((await caught(() => loadProject({ cwd, processEnv: noEnv }))).hint).toContain('rename it to confiture.yaml');
  });

  it('throws one CONFITURE_CONFIG_INVALID listing every problem of both files', async () => {
    const root = await tempDir({
      'confiture.yaml': 'shema_dirs: [db/schema]\nmigrate:\n  lock_wait_timeout: soon\n',
      'db/environments/staging.yaml': 'migrate:\n  lock_timout: 5s\ntracking_table: 42\n',
    });
    const error = await caught(() => loadProject({ cwd: root, env: 'staging', processEnv: noEnv }));
    expect(isConfitureError(error)).toBe(true);
    expect(error.code).toBe('CONFITURE_CONFIG_INVALID');
    expect(error.category).toBe('config');
    expect(error.details.issues.map((issue: { path: string; location: { file: string; line: number; column: number } }) => `${issue.location.file}:${issue.location.line}:${issue.location.column} ${issue.path}`)).toEqual([
      'confiture.yaml:1:1 shema_dirs',
      'confiture.yaml:3:22 migrate.lock_wait_timeout',
      'db/environments/staging.yaml:2:3 migrate.lock_timout',
      'db/environments/staging.yaml:3:17 tracking_table',
    ]);
    expect(error.message).toContain('confiture.yaml and db/environments/staging.yaml has 4 problems:');
    expect(error.message).toContain('  - Unknown key `shema_dirs` in confiture.yaml:1:1. Did you mean `schema_dirs`?');
    expect(error.message).toContain('  - Unknown key `migrate.lock_timout` in db/environments/staging.yaml:2:3. Did you mean `migrate.lock_timeout`?');
    expect(error.location).toEqual({ file: 'confiture.yaml', line: 1, column: 1 });
    expect(error.configPath).toBe('shema_dirs');
  });

  it('reports malformed YAML with file:line:column', async () => {
    const root = await tempDir({ 'confiture.yaml': 'schema_dirs:\n  - db/schema\nmigrations_dir: db: migrations\n' });
    const error = await caught(() => loadProject({ cwd: root, processEnv: noEnv }));
    expect(error.code).toBe('CONFITURE_CONFIG_INVALID');
    expect(error.message).toBe('YAML syntax error in confiture.yaml:3:17: Nested mappings are not allowed in compact mappings.');
  });

  describe('environments', () => {
    const files = {
      'confiture.yaml': [
        'schema_dirs: [db/schema, db/views]',
        'migrate:',
        '  lock_wait_timeout: 30s',
        '  lock_timeout: 10s',
        'lint:',
        '  rules:',
        '    fk-index: error',
        '    naming: warning',
        '',
      ].join('\n'),
      'db/environments/production.yaml': ['schema_dirs: [db/schema]', 'migrate:', '  lock_timeout: 2s', 'lint:', '  rules:', '    naming: error', ''].join('\n'),
      'db/environments/development.yaml': '',
    };

    it('overrides the base: sections merge key by key, lists replace', async () => {
      const root = await tempDir(files);
      const project = await loadProject({ cwd: root, env: 'production', processEnv: noEnv });
      expect(project.env).toBe('production');
      expect(project.environmentFile).toBe(join(root, 'db/environments/production.yaml'));
      expect(project.schemaDirs).toEqual([join(root, 'db/schema')]);
      expect(project.lockWaitTimeoutMs).toBe(30_000);
      expect(project.lockTimeoutMs).toBe(2_000);
      expect(project.sections.lint.value).toEqual({ rules: { 'fk-index': 'error', naming: 'error' } });
    });

    it('is selected by CONFITURE_ENV when --env is not given', async () => {
      const root = await tempDir(files);
      expect((await loadProject({ cwd: root, processEnv: { CONFITURE_ENV: 'production' } })).lockTimeoutMs).toBe(2_000);
      expect((await loadProject({ cwd: root, env: 'development', processEnv: { CONFITURE_ENV: 'production' } })).lockTimeoutMs).toBe(10_000);
    });

    it('names the expected file and lists the environments that exist', async () => {
      const root = await tempDir(files);
      const error = await caught(() => loadProject({ cwd: root, env: 'prod', processEnv: noEnv }));
      expect(error.code).toBe('CONFITURE_CONFIG_NOT_FOUND');
      expect(error.message).toBe('Environment `prod` (from --env) has no file: expected db/environments/prod.yaml. Environments defined: development, production.');
      expect(error.hint).toMatch(/^Did you mean `production`\? Create db\/environments\/prod\.yaml/);
      expect(error.details).toMatchObject({ environment: 'prod', available: ['development', 'production'] });
    });

    it('says when no environment exists at all, and where the name came from', async () => {
      const root = await tempDir({ 'confiture.yaml': '' });
      const error = await caught(() => loadProject({ cwd: root, processEnv: { CONFITURE_ENV: 'staging' } }));
      expect(error.message).toBe('Environment `staging` (from CONFITURE_ENV) has no file: expected db/environments/staging.yaml. No environment files exist in db/environments/.');
    });

    it('refuses environment names that are paths', async () => {
      const root = await tempDir(files);
      const error = await caught(() => loadProject({ cwd: root, env: '../confiture', processEnv: noEnv }));
      expect(error.code).toBe('CONFITURE_USAGE');
    });

    it('lets other packages validate their section with positions in the right file', async () => {
      const root = await tempDir(files);
      const project = await loadProject({ cwd: root, env: 'production', processEnv: noEnv });
      const lint = project.sections.lint;
      expect(lint.locate(['rules', 'naming'])).toEqual({ file: 'db/environments/production.yaml', line: 6, column: 13 });
      expect(lint.locate(['rules', 'fk-index'])).toEqual({ file: 'confiture.yaml', line: 7, column: 15 });
      const strict = z.strictObject({ rules: z.record(z.string(), z.enum(['error', 'warning', 'off'])) });
      expect(lint.validate(strict)).toEqual({ ok: true, value: { rules: { 'fk-index': 'error', naming: 'error' } } });
      const onlyErrors = z.strictObject({ rules: z.record(z.string(), z.literal('warning')) });
      const result = lint.validate(onlyErrors);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues.map((issue) => `${issue.path} ${issue.location.file}:${issue.location.line}`)).toEqual([
        'lint.rules.fk-index confiture.yaml:7',
        'lint.rules.naming db/environments/production.yaml:6',
      ]);
      expect(project.sections.hooks.value).toBeUndefined();
    });

    it('locates the key or the value of a section entry, in the file that sets it', async () => {
      const root = await tempDir({
        'confiture.yaml': ['lint:', '  rules:', '    orphan-table: off', '    fk-index: error', ''].join('\n'),
        'db/environments/production.yaml': ['lint:', '  rules:', '      fk-index: warning', ''].join('\n'),
      });
      const lint = (await loadProject({ cwd: root, env: 'production', processEnv: noEnv })).sections.lint;
      // The value by default, as before the option existed.
      expect(lint.locate(['rules', 'orphan-table'])).toEqual({ file: 'confiture.yaml', line: 3, column: 19 });
      expect(lint.locate(['rules', 'orphan-table'], { target: 'value' })).toEqual({ file: 'confiture.yaml', line: 3, column: 19 });
      expect(lint.locate(['rules', 'orphan-table'], { target: 'key' })).toEqual({ file: 'confiture.yaml', line: 3, column: 5 });
      expect(lint.locate(['rules', 'fk-index'], { target: 'key' })).toEqual({ file: 'db/environments/production.yaml', line: 3, column: 7 });
      expect(lint.locate(['rules', 'fk-index'])).toEqual({ file: 'db/environments/production.yaml', line: 3, column: 17 });
      expect(lint.locate([], { target: 'key' })).toEqual({ file: 'db/environments/production.yaml', line: 1, column: 1 });
      expect(lint.locate([])).toEqual({ file: 'db/environments/production.yaml', line: 2, column: 3 });
    });
  });

  describe('database URL', () => {
    const files = {
      'confiture.yaml': 'database_url: postgres://base:${BASE_PASSWORD}@base-host/app\n',
      'db/environments/staging.yaml': '# staging\ndatabase_url: postgres://stage@${STAGING_HOST}/app\n',
    };
    const env = { BASE_PASSWORD: 'base-secret', STAGING_HOST: 'stage-host', CONFITURE_DATABASE_URL: 'postgres://c:cs@c-host/app', DATABASE_URL: 'postgres://d:ds@d-host/app' };

    it('applies the five levels of precedence', async () => {
      const root = await tempDir(files);
      const load = async (options: { databaseUrl?: string; env?: string; processEnv: Record<string, string> }) => (await loadProject({ cwd: root, ...options })).database;
      expect(await load({ databaseUrl: 'postgres://flag@f-host/app', env: 'staging', processEnv: env })).toMatchObject({ source: 'flag', url: 'postgres://flag@f-host/app' });
      expect(await load({ env: 'staging', processEnv: env })).toMatchObject({ source: 'CONFITURE_DATABASE_URL', url: env.CONFITURE_DATABASE_URL });
      const { CONFITURE_DATABASE_URL: _dropped, ...withoutConfiture } = env;
      expect(await load({ env: 'staging', processEnv: withoutConfiture })).toMatchObject({
        source: 'environment-file',
        url: 'postgres://stage@stage-host/app',
        sourceLabel: 'database_url in db/environments/staging.yaml:2:15',
      });
      expect(await load({ processEnv: withoutConfiture })).toMatchObject({
        source: 'config-file',
        url: 'postgres://base:base-secret@base-host/app',
        redactedUrl: 'postgres://base:***@base-host/app',
        sourceLabel: 'database_url in confiture.yaml:1:15',
      });
      const bare = await tempDir({ 'confiture.yaml': '' });
      expect((await loadProject({ cwd: bare, processEnv: { DATABASE_URL: env.DATABASE_URL } })).database).toMatchObject({ source: 'DATABASE_URL', url: env.DATABASE_URL });
      expect((await loadProject({ cwd: bare, processEnv: {} })).database).toBeNull();
    });

    it('raises a missing variable only when that value is needed, with its position', async () => {
      const root = await tempDir(files);
      // The staging file wins, so BASE_PASSWORD is never needed.
      const staging = await loadProject({ cwd: root, env: 'staging', processEnv: { STAGING_HOST: 'h' } });
      expect(staging.database?.url).toBe('postgres://stage@h/app');
      // A flag wins over both files: nothing to interpolate.
      expect((await loadProject({ cwd: root, databaseUrl: 'postgres://x@y/z', processEnv: {} })).database?.source).toBe('flag');
      // Loading succeeds; reading the database is what fails.
      const project = await loadProject({ cwd: root, env: 'staging', processEnv: {} });
      expect(project.migrationsDir).toBe(join(root, 'db/migrations'));
      const error = await caught(() => project.database);
      expect(error.code).toBe('CONFITURE_ENV_VAR_MISSING');
      expect(error.message).toBe('Environment variable STAGING_HOST is not set; `database_url` in db/environments/staging.yaml:2:32 needs it.');
      expect(error.location).toEqual({ file: 'db/environments/staging.yaml', line: 2, column: 32 });
      expect(error.configPath).toBe('database_url');
    });

    it('keeps the password out of the JSON view and out of warnings', async () => {
      const root = await tempDir({ 'confiture.yaml': 'database_url: postgres://app:plain-secret@db/app\n' });
      const project = await loadProject({ cwd: root, processEnv: {} });
      expect(project.database?.redactedUrl).toBe('postgres://app:***@db/app');
      const json = JSON.stringify(project);
      expect(json).toContain('postgres://app:***@db/app');
      expect(json).not.toContain('plain-secret');
      expect(project.warnings).toHaveLength(1);
      expect(project.warnings[0]?.message).toMatch(/^database_url in confiture\.yaml:1:15 contains a password\./);
      expect(project.warnings[0]?.message).not.toContain('plain-secret');
    });

    it('does not warn when the password comes from the environment', async () => {
      const root = await tempDir(files);
      expect((await loadProject({ cwd: root, processEnv: {} })).warnings).toEqual([]);
    });

    it('reports a broken database URL without leaking it, in the JSON view too', async () => {
      const root = await tempDir({ 'confiture.yaml': 'database_url: ${APP_URL}\n' });
      const project = await loadProject({ cwd: root, processEnv: { APP_URL: 'mysql://root:leaky@db/app' } });
      const error = await caught(() => project.database);
      expect(error.code).toBe('CONFITURE_CONFIG_INVALID');
      expect(error.message).toBe('The database URL from database_url in confiture.yaml:1:15 is not a PostgreSQL URL: mysql://root:***@db/app.');
      const json = JSON.stringify(project);
      expect(json).toContain('"database":{"error":"CONFITURE_CONFIG_INVALID"}');
      expect(json).not.toContain('leaky');
    });
  });

  it('does not require the schema or migrations directories to exist', async () => {
    const root = await tempDir({ 'confiture.yaml': 'schema_dirs: [nowhere]\n' });
    await mkdir(join(root, 'unrelated'));
    expect((await loadProject({ cwd: root, processEnv: noEnv })).schemaDirs).toEqual([join(root, 'nowhere')]);
  });
});
