import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfitureError } from '@confiture/core';
import { freshPglite, useTestDatabase } from '@confiture/test-utils';
import type { PGliteInterface } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLintConfig } from './config/index.js';
import { lint } from './engine.js';
import { defineRule } from './registry.js';
import { shouldFail } from './should-fail.js';
import { loadSnapshot } from './snapshot/load-snapshot.js';
import type { LintRule, SchemaSnapshot, SourceFile } from './types.js';

const SCHEMA = `create schema app;
create table app.users (id bigint primary key, email text not null, nickname text);
-- confiture-lint-ignore test/every-table seeded from the legacy system, reviewed
create table app.legacy (
  id int primary key,
  payload text
);
-- confiture-lint-ignore test/every-table
create table app.noreason (id int primary key);
-- confiture-lint-ignore test/every-tabel a typo in the rule id
create table app.typo (id int primary key);
create table app.audit_events (id int primary key, user_email text);
create schema other;
create table other.things (id int primary key);
`;
const files: SourceFile[] = [{ path: 'db/schema/app.sql', text: SCHEMA }];

const everyTable = defineRule({
  id: 'test/every-table',
  description: 'Reports every table.',
  defaultSeverity: 'warning',
  docs: { why: 'Testing.', bad: 'create table t ();', good: '' },
  check(snapshot, _options, report) {
    for (const t of snapshot.tables) report({ object: t.qualifiedName, objectKind: 'table', table: t.qualifiedName, message: `Table ${t.qualifiedName}.`, why: 'Testing.', fix: null });
  },
});

const everyColumn = defineRule<{ skip: string[] }>({
  id: 'test/every-column',
  description: 'Reports every column but the skipped ones.',
  defaultSeverity: 'info',
  docs: { why: 'Testing.', bad: '', good: '' },
  defaultOptions: { skip: [] },
  validateOptions: (options) =>
    Array.isArray(options.skip) && options.skip.every((s) => typeof s === 'string') ? [] : [{ path: 'skip', message: 'expected a list of column names' }],
  check(snapshot, options, report) {
    for (const t of snapshot.tables)
      for (const c of t.columns)
        if (!options.skip.includes(c.name))
          report({ object: `${t.qualifiedName}.${c.name}`, objectKind: 'column', table: t.qualifiedName, column: c.name, message: `Column ${c.name}.`, why: 'Testing.', fix: `-- look at ${c.name}` });
  },
});

const softer: LintRule = {
  id: 'test/softer',
  description: 'Reports an error and a softer variant.',
  defaultSeverity: 'error',
  docs: { why: 'Testing.', bad: '', good: '' },
  check(_snapshot, _options, report) {
    report({ object: 'app.users', objectKind: 'table', table: 'app.users', message: 'Hard.', why: 'Testing.', fix: null });
    report({ object: 'app.legacy', objectKind: 'table', table: 'app.legacy', message: 'Soft.', why: 'Testing.', fix: null, severity: 'info' });
  },
};

const skipper: LintRule = {
  id: 'test/skipper',
  description: 'Skips itself.',
  defaultSeverity: 'warning',
  docs: { why: 'Testing.', bad: '', good: '' },
  check(_snapshot, _options, report, context) {
    report({ object: 'app.users', objectKind: 'table', message: 'Should be dropped.', why: '', fix: null });
    context.skip('statistics are 2 days old, under the 7-day minimum');
  },
};

const thrower: LintRule = {
  id: 'test/thrower',
  description: 'Throws.',
  defaultSeverity: 'error',
  docs: { why: 'Testing.', bad: '', good: '' },
  check() {
    throw new Error('boom');
  },
};

const PLUGIN = `export default [{
  id: 'acme/no-other-schema', description: 'No tables in other.', defaultSeverity: 'error',
  docs: { why: 'Because.', bad: 'create table other.t ();', good: 'create table app.t ();' },
  defaultOptions: { schema: 'other' },
  check(snapshot, options, report) {
    for (const t of snapshot.tables) if (t.schema === options.schema)
      report({ object: t.qualifiedName, objectKind: 'table', table: t.qualifiedName, message: t.qualifiedName + ' is in ' + options.schema + '.', why: 'Because.', fix: null });
  },
}];
`;

const custom = [everyTable, everyColumn, softer, skipper, thrower] as LintRule[];
const db = useTestDatabase('lint_engine');
let pglite: PGliteInterface;
let snapshot: SchemaSnapshot;
let tmp: string;

beforeAll(async () => {
  pglite = await freshPglite();
  await pglite.exec(SCHEMA);
  snapshot = await loadSnapshot(pglite, { files });
  tmp = await mkdtemp(join(tmpdir(), 'confiture-lint-engine-'));
  await mkdir(join(tmp, 'plugin-ok', 'lint-rules'), { recursive: true });
  await writeFile(join(tmp, 'plugin-ok', 'lint-rules', 'no-other.mjs'), PLUGIN);
});

afterAll(async () => {
  await pglite?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function expectError(promise: Promise<unknown>, code: string): Promise<Error & { code: string; hint?: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isConfitureError(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as Error & { code: string; hint?: string };
}

describe('lint: rule selection and severities', () => {
  it('runs the selected rules and sorts findings by severity, rule and object', async () => {
    const result = await lint(snapshot, {}, { rules: custom, select: ['test/every-', 'test/softer'] });
    expect(result.version).toBe(1);
    expect(result.rules.map((r) => r.id)).toEqual(['test/every-table', 'test/every-column', 'test/softer']);
    const severities = result.findings.map((f) => f.severity);
    expect(severities).toEqual([...severities].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(result.findings[0]).toMatchObject({ rule: 'test/softer', severity: 'error', object: 'app.users' });
    const tables = result.findings.filter((f) => f.rule === 'test/every-table').map((f) => f.object);
    expect(tables).toEqual([...tables].sort());
    expect(result.summary).toMatchObject({ errors: 1, rules: 3, tables: 6 });
    expect(result.summary.warnings).toBe(tables.length);
  });

  it('selects by prefix, ignores after selecting, and lets an exact select re-enable a rule turned off', async () => {
    const ignored = await lint(snapshot, {}, { rules: custom, select: ['test/'], ignore: ['test/thrower', 'test/every-column'] });
    expect(ignored.rules.map((r) => r.id)).toEqual(['test/every-table', 'test/softer']);
    const reenabled = await lint(snapshot, { rules: { 'test/every-table': 'off' } }, { rules: custom, select: ['test/every-table'] });
    expect(reenabled.rules.map((r) => r.id)).toEqual(['test/every-table']);
    const off = await lint(snapshot, { rules: { 'test/every-table': 'off' } }, { rules: custom, select: ['test/every-'] });
    expect(off.rules.map((r) => r.id)).toEqual(['test/every-column']);
  });

  it('rejects a select or ignore that matches no rule, suggesting the closest id', async () => {
    const error = await expectError(lint(snapshot, {}, { rules: custom, select: ['missing-fk-indx'] }), 'CONFITURE_USAGE');
    expect(error.message).toBe('--select missing-fk-indx matches no rule (did you mean "missing-fk-index"?).');
    await expectError(lint(snapshot, {}, { ignore: ['nope'] }), 'CONFITURE_USAGE');
  });

  it('applies severities from config to every finding, keeps softer variants otherwise', async () => {
    const defaults = await lint(snapshot, {}, { rules: custom, select: ['test/softer'] });
    expect(defaults.findings.map((f) => [f.object, f.severity])).toEqual([
      ['app.users', 'error'],
      ['app.legacy', 'info'],
    ]);
    const configured = await lint(snapshot, { rules: { 'test/softer': 'warning' } }, { rules: custom, select: ['test/softer'] });
    expect(configured.findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(configured.rules[0]?.severity).toBe('warning');
    const long = await lint(snapshot, { rules: { 'test/softer': { severity: 'info' } } }, { rules: custom, select: ['test/softer'] });
    expect(long.summary).toMatchObject({ errors: 0, warnings: 0, infos: 2 });
  });
});

describe('lint: excludes, options, locations, fingerprints', () => {
  it('excludes tables by schema.table and by bare name, and columns by column, table.column and schema.table.column', async () => {
    const result = await lint(
      snapshot,
      {
        rules: {
          'test/every-table': { exclude_tables: ['other.*', 'audit_*'] },
          'test/every-column': { exclude_columns: ['id', 'users.email', 'app.audit_events.user_email'] },
        },
      },
      { rules: custom, select: ['test/every-'] },
    );
    const tables = result.findings.filter((f) => f.rule === 'test/every-table').map((f) => f.object);
    // app.legacy is suppressed inline.
    expect(tables).toEqual(['app.noreason', 'app.typo', 'app.users']);
    const columns = result.findings.filter((f) => f.rule === 'test/every-column').map((f) => f.object);
    expect(columns).toEqual(['app.legacy.payload', 'app.users.nickname']);
  });

  it('merges rule options over defaults and rejects invalid ones with the key path', async () => {
    const result = await lint(snapshot, { rules: { 'test/every-column': { options: { skip: ['id', 'payload'] } } } }, { rules: custom, select: ['test/every-column'] });
    expect(result.findings.map((f) => f.column)).not.toContain('id');
    expect(result.findings.map((f) => f.column)).not.toContain('payload');
    expect(result.findings.map((f) => f.column)).toContain('email');
    const error = await expectError(lint(snapshot, { rules: { 'test/every-column': { options: { skip: 'id' } } } }, { rules: custom }), 'CONFITURE_LINT_CONFIG_INVALID');
    expect(error.message).toContain('rules.test/every-column.options.skip');
    expect(error.message).toContain('expected a list of column names');
  });

  it('gives findings the location of their object: the column line, else the table statement', async () => {
    const result = await lint(snapshot, {}, { rules: custom, select: ['test/every-'], includeSuppressed: true });
    const payload = result.findings.find((f) => f.object === 'app.legacy.payload');
    expect(payload?.location).toEqual({ file: 'db/schema/app.sql', line: 6, column: 3 });
    expect(result.findings.find((f) => f.object === 'app.users' && f.rule === 'test/every-table')?.location).toEqual({ file: 'db/schema/app.sql', line: 2, column: 1 });
  });

  it('gives every finding a stable, distinct fingerprint', async () => {
    const a = await lint(snapshot, {}, { rules: custom, select: ['test/every-'] });
    const b = await lint(snapshot, {}, { rules: custom, select: ['test/every-'] });
    expect(a.findings.map((f) => f.fingerprint)).toEqual(b.findings.map((f) => f.fingerprint));
    expect(new Set(a.findings.map((f) => f.fingerprint)).size).toBe(a.findings.length);
    expect(a.findings[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('narrows a snapshot to the config schemas', async () => {
    const result = await lint(snapshot, { schemas: { include: ['other'] } }, { rules: custom, select: ['test/every-table'] });
    expect(result.findings.map((f) => f.object)).toEqual(['other.things']);
    expect(result.summary.tables).toBe(1);
  });
});

describe('lint: inline suppressions', () => {
  it('suppresses the findings of the statement below a reasoned comment and counts them', async () => {
    const result = await lint(snapshot, {}, { rules: custom, select: ['test/every-', 'invalid-suppression'], includeSuppressed: true });
    const tables = result.findings.filter((f) => f.rule === 'test/every-table').map((f) => f.object);
    expect(tables).not.toContain('app.legacy');
    expect(tables).toContain('app.noreason');
    expect(tables).toContain('app.typo');
    expect(result.summary.suppressed).toBe(1);
    expect(result.suppressed).toEqual([
      expect.objectContaining({
        rule: 'test/every-table',
        object: 'app.legacy',
        suppression: { file: 'db/schema/app.sql', line: 3, reason: 'seeded from the legacy system, reviewed' },
      }),
    ]);
    // Another rule on the same statement is not suppressed.
    expect(result.findings.some((f) => f.rule === 'test/every-column' && f.object === 'app.legacy.payload')).toBe(true);
  });

  it('reports suppressions without a reason or with an unknown rule instead of applying them', async () => {
    const result = await lint(snapshot, {}, { rules: custom, select: ['invalid-suppression'] });
    expect(result.findings.map((f) => [f.severity, f.location?.line, f.message])).toEqual([
      ['warning', 8, 'confiture-lint-ignore test/every-table at db/schema/app.sql:8 gives no reason, so it suppresses nothing.'],
      ['warning', 10, 'confiture-lint-ignore at db/schema/app.sql:10 names the unknown rule "test/every-tabel" (did you mean "test/every-table"?).'],
    ]);
    const without = await lint(snapshot, {}, { rules: custom, select: ['test/every-table'] });
    expect(without.suppressed).toBeUndefined();
    expect(without.summary.suppressed).toBe(1);
  });
});

describe('lint: files given with a snapshot', () => {
  it('locates a snapshot loaded without files and applies its suppressions', async () => {
    const bare = await loadSnapshot(pglite);
    expect(bare.tables.every((t) => t.location === null)).toBe(true);
    const result = await lint(bare, {}, { files, rules: custom, select: ['test/every-table'] });
    expect(result.summary.suppressed).toBe(1);
    expect(result.findings.find((f) => f.object === 'app.typo')?.location).toMatchObject({ file: 'db/schema/app.sql', line: 11 });
    expect(result.sourceErrors).toBeUndefined();
  });

  it('reports files the parser could not read, and still locates the rest', async () => {
    const bare = await loadSnapshot(pglite);
    const broken = [{ path: 'db/schema/app.sql', text: SCHEMA.replace('create schema other;', '\\connect other\ncreate schema other;') }];
    const result = await lint(bare, {}, { files: broken, rules: custom, select: ['test/every-table'] });
    expect(result.sourceErrors).toEqual([{ file: 'db/schema/app.sql', message: expect.stringContaining('syntax error') }]);
    expect(result.summary.suppressed).toBe(1);
  });
});

describe('lint: skips, failures, built-in rules', () => {
  it('records a skipped rule with its reason and drops what it reported', async () => {
    const result = await lint(snapshot, {}, { rules: custom, select: ['test/skipper'] });
    expect(result.skipped).toEqual([{ rule: 'test/skipper', reason: 'statistics are 2 days old, under the 7-day minimum' }]);
    expect(result.findings).toEqual([]);
    expect(result.summary.rules).toBe(0);
  });

  it('turns an exception in a rule into an error naming the rule', async () => {
    const error = await expectError(lint(snapshot, {}, { rules: custom, select: ['test/thrower'] }), 'CONFITURE_LINT_RULE_FAILED');
    expect(error.message).toBe('Lint rule "test/thrower" failed: boom');
    expect(error.hint).toContain('--ignore test/thrower');
  });

  it('rejects a finding without an object, naming the rule', async () => {
    const broken: LintRule = { ...everyTable, id: 'test/broken', check: (_s, _o, report) => report({ objectKind: 'table', message: 'x' } as never) } as LintRule;
    const error = await expectError(lint(snapshot, {}, { rules: [broken], select: ['test/broken'] }), 'CONFITURE_LINT_RULE_FAILED');
    expect(error.message).toContain('"test/broken" reported a malformed finding');
  });

  it('runs the built-in rules on the embedded database, skipping unused-index there', async () => {
    const result = await lint(pglite);
    expect(result.source).toBe('embedded');
    expect(result.skipped.map((s) => s.rule)).toContain('unused-index');
    expect(result.rules.map((r) => r.id)).toContain('missing-primary-key');
    expect(result.rules.map((r) => r.id)).toContain('invalid-suppression');
  });
});

describe('custom rules from plugins', () => {
  it('loads rules exported by a module listed in confiture.lint.yml, relative to it', async () => {
    const dir = join(tmp, 'plugin-ok');
    await writeFile(join(dir, 'confiture.lint.yml'), 'plugins:\n  - ./lint-rules/no-other.mjs\nrules:\n  acme/no-other-schema:\n    severity: warning\n');
    const config = await loadLintConfig({ cwd: dir });
    expect(config.plugins.map((r) => r.id)).toEqual(['acme/no-other-schema']);
    expect(config.config.plugins).toEqual([join(dir, 'lint-rules', 'no-other.mjs')]);
    const result = await lint(snapshot, config, { select: ['acme/'] });
    expect(result.findings.map((f) => [f.rule, f.severity, f.object])).toEqual([['acme/no-other-schema', 'warning', 'other.things']]);
    expect(shouldFail(result, config)).toBe(false);
    expect(shouldFail(result, config, { failOnWarning: true })).toBe(true);
  });

  it('rejects a plugin that does not export a valid rule, naming the entry and the problem', async () => {
    const dir = join(tmp, 'plugin-bad');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'bad.mjs'), `export default { id: 'Bad Id', description: '', defaultSeverity: 'fatal' };\n`);
    await writeFile(join(dir, 'confiture.lint.yml'), 'fail_on_warning: true\nplugins:\n  - ./bad.mjs\n');
    const error = (await expectError(loadLintConfig({ cwd: dir }), 'CONFITURE_LINT_RULE_INVALID')) as Error & { location?: unknown; configPath?: string };
    expect(error.message).toContain('Lint plugin ./bad.mjs (plugins[0] in confiture.lint.yml:3:5)');
    expect(error.message).toContain('`id` must be a kebab-case string');
    expect(error.message).toContain('`check` must be a function');
    expect(error.configPath).toBe('plugins[0]');
    await writeFile(join(dir, 'confiture.lint.yml'), 'plugins: [./missing.mjs]\n');
    const missing = await expectError(loadLintConfig({ cwd: dir }), 'CONFITURE_LINT_RULE_INVALID');
    expect(missing.message).toContain('could not be loaded');
  });

  it('resolves plugins of a plain config object from baseDir', async () => {
    const dir = join(tmp, 'plugin-ok');
    const result = await lint(snapshot, { plugins: ['./lint-rules/no-other.mjs'] }, { baseDir: dir, select: ['acme/no-other-schema'] });
    expect(result.findings).toHaveLength(1);
  });
});

describe('lint on a server', () => {
  it('loads the snapshot itself with the config schemas and hands rules the queryable and sample size', async () => {
    const client = await db.current.client();
    await client.query('create schema shop; create table shop.carts (id int); create table shop.items (id int primary key); create schema skipme; create table skipme.t (x int);');
    const seen: Array<{ hasQueryable: boolean; sample: number; schemas: readonly string[] }> = [];
    const probe: LintRule = {
      ...everyTable,
      id: 'test/probe',
      check(snapshot, _options, _report, context) {
        seen.push({ hasQueryable: context.queryable === client, sample: context.sample, schemas: snapshot.schemas });
      },
    };
    const result = await lint(client, { schemas: { exclude: ['skipme'] } }, { rules: [probe], select: ['missing-primary-key', 'test/probe'], sample: 3 });
    expect(seen).toEqual([{ hasQueryable: true, sample: 3, schemas: ['public', 'shop'] }]);
    expect(result.source).toBe('database');
    expect(result.findings.filter((f) => f.rule === 'missing-primary-key').map((f) => [f.object, f.severity, f.location])).toEqual([['shop.carts', 'error', null]]);
    expect(shouldFail(result)).toBe(true);
    expect(shouldFail(result, { fail_on_error: false })).toBe(false);
  });
});

describe('lint: secrets never leave the engine unmasked', () => {
  // Assembled at run time so this file does not itself look like a leak.
  const TOKEN = ['ghp_', 'R7u3kQx9LmZ2vBn8TfYp4WcHs6JdEa1GoKi5'].join('');
  const URL_PASSWORD = 'Sup3r-S3cret-99';

  it('masks credentials that any rule quotes: messages, fixes, why, skip reasons', async () => {
    const echo: LintRule = {
      id: 'test/echo',
      description: 'Quotes catalog text carelessly.',
      defaultSeverity: 'warning',
      docs: { why: 'Testing.', bad: '', good: '' },
      check(_snapshot, _options, report) {
        report({
          object: 'app.users',
          objectKind: 'table',
          table: 'app.users',
          message: `Default is '${TOKEN}'.`,
          why: `Seen in postgres://app:${URL_PASSWORD}@db.internal:5432/prod.`,
          fix: `ALTER TABLE app.users ALTER COLUMN token SET DEFAULT '${TOKEN}';`,
        });
      },
    };
    const skipping: LintRule = { ...echo, id: 'test/echo-skip', check: (_s, _o, _r, context) => context.skip(`cannot use ${TOKEN}`) };
    const result = await lint(snapshot, {}, { rules: [echo, skipping], select: ['test/echo'] });
    const text = JSON.stringify(result);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(URL_PASSWORD);
    expect(result.findings[0]).toMatchObject({
      message: "Default is 'ghp_************************oKi5'.",
      why: 'Seen in postgres://app:***@db.internal:5432/prod.',
      fix: "ALTER TABLE app.users ALTER COLUMN token SET DEFAULT 'ghp_************************oKi5';",
    });
    expect(result.skipped).toEqual([{ rule: 'test/echo-skip', reason: 'cannot use ghp_************************oKi5' }]);
    // The hardcoded-secret allow list says what is not a secret, everywhere.
    const allowed = await lint(snapshot, { rules: { 'hardcoded-secret': { options: { allow: [TOKEN] } } } }, { rules: [echo], select: ['test/echo'] });
    expect(allowed.findings[0]?.message).toContain(TOKEN);
  });

  it('masks credentials quoted from index expressions and suppression comments by the built-in rules', async () => {
    const sql = [
      'create schema leaky;',
      'create table leaky.t (id int primary key, token text);',
      `create index t_a on leaky.t ((token = '${TOKEN}'));`,
      `create index t_b on leaky.t ((token = '${TOKEN}'));`,
      `-- confiture-lint-ignore missing-primary-keyy rotated, was ${TOKEN}`,
      'create table leaky.v (id int primary key);',
      `-- confiture-lint-ignore hardcoded-secret test fixture ${TOKEN}`,
      `comment on table leaky.v is 'token ${TOKEN}';`,
      '',
    ].join('\n');
    const embedded = await freshPglite();
    try {
      await embedded.exec(sql);
      const result = await lint(embedded, { schemas: { include: ['leaky'] } }, { files: [{ path: 'db/schema/leaky.sql', text: sql }], includeSuppressed: true });
      const rules = new Set(result.findings.map((f) => f.rule));
      expect(rules).toContain('redundant-index');
      expect(rules).toContain('invalid-suppression');
      expect(result.suppressed?.map((f) => f.rule)).toContain('hardcoded-secret');
      expect(JSON.stringify(result)).not.toContain(TOKEN);
      expect(result.findings.find((f) => f.rule === 'redundant-index')?.message).toContain("'ghp_************************oKi5'");
      expect(result.suppressed?.[0]?.suppression.reason).toBe('test fixture ghp_************************oKi5');
    } finally {
      await embedded.close();
    }
  });
});

describe('lint: the sample size', () => {
  it('rejects a sample that is not a whole, non-negative number of rows', async () => {
    for (const sample of [Number.NaN, -1, 1.5, '5' as unknown as number]) {
      const error = await expectError(lint(pglite, {}, { sample }), 'CONFITURE_USAGE');
      expect(error.message).toMatch(/^The sample size \(--sample\) must be a whole number of rows per column, 0 or more; got (NaN|-1|1\.5|"5")\.$/);
    }
  });

  it('refuses to sample a snapshot without a live database to read values from', async () => {
    const error = await expectError(lint(snapshot, {}, { sample: 10 }), 'CONFITURE_USAGE');
    expect(error.hint).toContain('queryable');
    const result = await lint(snapshot, {}, { sample: 10, queryable: pglite, select: ['pii-column'] });
    expect(result.rules.map((r) => r.id)).toEqual(['pii-column']);
    expect((await lint(snapshot, {}, { sample: 0, select: ['pii-column'] })).rules).toHaveLength(1);
  });
});
