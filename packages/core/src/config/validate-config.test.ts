import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from './issues.js';
import { validateConfig } from './validate-config.js';

function issuesOf(text: string, kind: 'config' | 'environment' = 'config'): readonly ConfigIssue[] {
  const result = validateConfig(undefined, { file: 'confiture.yaml', text, kind });
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.issues;
}

describe('validateConfig', () => {
  it('accepts a complete valid config and keeps values as written', () => {
    const text = [
      'database_url: postgres://app:${DB_PASSWORD}@localhost:5432/app',
      'schema_dirs: [db/schema, db/views]',
      'migrations_dir: db/migrations',
      'tracking_table: ops.confiture_migrations',
      'migrate:',
      '  lock_wait_timeout: 45s',
      '  statement_timeout: 15min',
      '  lock_timeout: 500',
      'embedded:',
      '  data_dir: .confiture/db',
      'lint:',
      '  anything: [goes, here]',
      'hooks: whatever the hooks package accepts',
      '',
    ].join('\n');
    const result = validateConfig(undefined, { file: 'confiture.yaml', text });
    expect(result).toEqual({
      ok: true,
      config: {
        database_url: 'postgres://app:${DB_PASSWORD}@localhost:5432/app',
        schema_dirs: ['db/schema', 'db/views'],
        migrations_dir: 'db/migrations',
        tracking_table: 'ops.confiture_migrations',
        migrate: { lock_wait_timeout: '45s', statement_timeout: '15min', lock_timeout: 500 },
        embedded: { data_dir: '.confiture/db' },
        lint: { anything: ['goes', 'here'] },
        hooks: 'whatever the hooks package accepts',
      },
    });
  });

  it('accepts an empty file', () => {
    expect(validateConfig(undefined, { file: 'confiture.yaml', text: '' })).toEqual({ ok: true, config: {} });
  });

  it('validates the raw value it is given, using the text for positions', () => {
    const result = validateConfig({ migrations_dir: 7 }, { file: 'confiture.yaml', text: 'migrations_dir: 7\n' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.location).toEqual({ file: 'confiture.yaml', line: 1, column: 17 });
  });

  it('reports malformed YAML with the parser message and line:column', () => {
    const issues = issuesOf('schema_dirs:\n  - db/schema\nmigrations_dir: db: migrations\n');
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'yaml-syntax',
        location: { file: 'confiture.yaml', line: 3, column: 17 },
        message: 'YAML syntax error in confiture.yaml:3:17: Nested mappings are not allowed in compact mappings.',
      }),
    ]);
    expect(issuesOf('migrate:\n\tlock_timeout: 5s\n')[0]?.message).toBe('YAML syntax error in confiture.yaml:2:1: Tabs are not allowed as indentation.');
  });

  it('reports wrong types with what was expected and what was found', () => {
    const issues = issuesOf('schema_dirs: db/schema\nmigrations_dir: [a, b]\nmigrate: 30s\n');
    expect(issues.map((issue) => issue.message)).toEqual([
      'Wrong type for `schema_dirs` in confiture.yaml:1:14: expected a list, got `db/schema`.',
      'Wrong type for `migrations_dir` in confiture.yaml:2:17: expected a string, got a list.',
      'Wrong type for `migrate` in confiture.yaml:3:10: expected a mapping, got `30s`.',
    ]);
    expect(issues.every((issue) => issue.code === 'wrong-type')).toBe(true);
  });

  it('reports a top level that is not a mapping', () => {
    expect(issuesOf('- db/schema\n')[0]?.message).toBe('Wrong type for the top level of confiture.yaml in confiture.yaml:1:1: expected a mapping, got a list.');
  });

  it('suggests the closest key for an unknown top-level key', () => {
    const [issue] = issuesOf('# settings\n\nshema_dirs: [db/schema]\n');
    expect(issue).toMatchObject({ code: 'unknown-key', path: 'shema_dirs', suggestion: 'schema_dirs', location: { file: 'confiture.yaml', line: 3, column: 1 } });
    expect(issue?.message).toBe('Unknown key `shema_dirs` in confiture.yaml:3:1. Did you mean `schema_dirs`?');
  });

  it('suggests the closest key for an unknown nested key', () => {
    const [issue] = issuesOf('migrate:\n  lock_wait_timout: 10s\nembedded:\n  data_dir: x\n');
    expect(issue?.message).toBe('Unknown key `migrate.lock_wait_timout` in confiture.yaml:2:3. Did you mean `migrate.lock_wait_timeout`?');
    expect(issue?.suggestion).toBe('migrate.lock_wait_timeout');
  });

  it('points a key written at the wrong level to its section', () => {
    const [issue] = issuesOf('lock_wait_timeout: 10s\n');
    expect(issue?.message).toBe('Unknown key `lock_wait_timeout` in confiture.yaml:1:1. Did you mean `migrate.lock_wait_timeout`?');
  });

  it('points a dotted key to the nested key it spells', () => {
    const [issue] = issuesOf('migrate.lock_timeout: 5s\n');
    expect(issue?.suggestion).toBe('migrate.lock_timeout');
  });

  it('lists the allowed keys when nothing is close', () => {
    expect(issuesOf('embedded:\n  memory: true\n')[0]?.message).toBe('Unknown key `embedded.memory` in confiture.yaml:2:3. Allowed keys under `embedded`: data_dir.');
  });

  it('reports several problems at once, in file order', () => {
    const text = ['databse_url: postgres://x@y/z', 'schema_dirs: []', 'tracking_table: Confiture-Migrations', 'migrate:', '  lock_timeout: soon', '  statement_timeout: -1', 'embeded: {}', ''].join('\n');
    const issues = issuesOf(text);
    expect(issues.map((issue) => [issue.code, issue.path, issue.location.line])).toEqual([
      ['unknown-key', 'databse_url', 1],
      ['invalid-value', 'schema_dirs', 2],
      ['invalid-value', 'tracking_table', 3],
      ['invalid-value', 'migrate.lock_timeout', 5],
      ['invalid-value', 'migrate.statement_timeout', 6],
      ['unknown-key', 'embeded', 7],
    ]);
    expect(issues[1]?.message).toBe('Invalid value for `schema_dirs` in confiture.yaml:2:14: expected at least one directory, got an empty list.');
    expect(issues[2]?.message).toContain('expected a lowercase SQL identifier, optionally schema-qualified');
    expect(issues[3]?.message).toBe(
      'Invalid value for `migrate.lock_timeout` in confiture.yaml:5:17: expected a duration such as `30s`, `500ms`, `5min` or `1h`, or a whole number of milliseconds, got `soon`.',
    );
  });

  it('rejects durations beyond what PostgreSQL can store', () => {
    expect(issuesOf('migrate:\n  statement_timeout: 9999h\n')[0]?.message).toContain('expected at most 2147483647 milliseconds');
    expect(issuesOf('migrate:\n  statement_timeout: 3000000000\n')[0]?.message).toContain('expected at most 2147483647 milliseconds');
  });

  it('accepts schema-qualified tracking tables and rejects other shapes', () => {
    expect(validateConfig(undefined, { file: 'c.yaml', text: 'tracking_table: ops.migrations\n' }).ok).toBe(true);
    for (const bad of ['a.b.c', '"quoted"', '1table', 'drop table x;']) {
      expect(validateConfig(undefined, { file: 'c.yaml', text: `tracking_table: '${bad}'\n` }).ok).toBe(false);
    }
  });

  it('checks the database_url interpolation syntax and scheme without echoing the value', () => {
    const broken = issuesOf('database_url: postgres://app:${DB_PASSWORD@db/app\n');
    expect(broken[0]?.message).toMatch(/^Invalid value for `database_url` in confiture\.yaml:1:15: invalid interpolation: `\$\{` at character 16 is never closed/);
    const wrongScheme = issuesOf('database_url: mysql://root:hunter2@db/app\n');
    expect(wrongScheme[0]?.message).toBe('Invalid value for `database_url` in confiture.yaml:1:15: expected a URL starting with `postgres://` or `postgresql://`.');
    expect(JSON.stringify(wrongScheme)).not.toContain('hunter2');
    expect(validateConfig(undefined, { file: 'c.yaml', text: 'database_url: ${DATABASE_URL}\n' }).ok).toBe(true);
    expect(validateConfig(undefined, { file: 'c.yaml', text: 'database_url: postgresql://${HOST:-localhost}/app\n' }).ok).toBe(true);
  });

  it('validates environment files with the same keys', () => {
    expect(validateConfig(undefined, { file: 'db/environments/production.yaml', text: 'database_url: ${DATABASE_URL}\nmigrate:\n  lock_timeout: 5s\n', kind: 'environment' }).ok).toBe(true);
    const [issue] = issuesOf('migrate:\n  lock_timeot: 5s\n', 'environment');
    expect(issue?.suggestion).toBe('migrate.lock_timeout');
  });
});
