import { useTestDatabase } from '@confiture/test-utils';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, runCli } from './run-cli.js';

interface LintJson {
  version: number;
  findings: Array<{ rule: string; severity: string; object: string; message: string; fix: string | null; location: { file: string; line: number } | null }>;
  summary: { errors: number; warnings: number; infos: number };
}

// Secrets planted in examples/basic: they must never appear in any output.
const SECRETS = ['ghp_R8sT2kQ9vX4mN7bL1cZ5yH3jW6fD0aE8gK2p', 'Pr0dWebh00kPassw0rd'];

describe('confiture lint on examples/basic (embedded, from files)', () => {
  let example: Awaited<ReturnType<typeof copyExample>>;
  beforeAll(async () => {
    example = await copyExample();
  });
  afterAll(async () => {
    await example.cleanup();
  });

  it('finds the deliberate smells with file:line, masks secrets, and honours fail_on_error: false', async () => {
    const r = await runCli(['lint', '--format', 'json'], { cwd: example.dir });
    expect(r.stderr).toMatch(/embedded PostgreSQL/);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as LintJson;
    expect(result.version).toBe(1);
    const find = (rule: string, object: string) => result.findings.find((f) => f.rule === rule && f.object.includes(object));
    expect(find('missing-primary-key', 'page_views')?.location).toEqual(expect.objectContaining({ file: 'db/schema/10_tables/60_logs.sql' }));
    expect(find('missing-fk-index', 'order_items')?.fix).toMatch(/create index concurrently/i);
    expect(find('redundant-index', 'orders_user')).toBeDefined();
    expect(find('pii-column', 'users.email')).toBeDefined();
    const secrets = result.findings.filter((f) => f.rule === 'hardcoded-secret');
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
  }, 120_000);

  it('fails with exit 1 when errors are found and the config does not say otherwise', async () => {
    await writeFile(join(example.dir, 'confiture.yaml'), 'schema_dirs: [db/schema]\n');
    const r = await runCli(['lint'], { cwd: example.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/missing-primary-key/);
    for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
  }, 120_000);

  it('runs only the selected rules', async () => {
    const r = await runCli(['lint', '--select', 'missing-primary-key', '--format', 'json'], { cwd: example.dir });
    const result = JSON.parse(r.stdout) as LintJson;
    expect(new Set(result.findings.map((f) => f.rule))).toEqual(new Set(['missing-primary-key']));
  }, 120_000);

  it('writes SARIF 2.1.0 and GitHub annotations', async () => {
    const sarif = await runCli(['lint', '--format', 'sarif'], { cwd: example.dir });
    const log = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: Array<{ locations: unknown[]; partialFingerprints: Record<string, string> }> }> };
    expect(log.version).toBe('2.1.0');
    for (const result of log.runs[0]!.results) {
      expect(result.locations.length).toBeGreaterThan(0);
      expect(Object.keys(result.partialFingerprints).length).toBeGreaterThan(0);
    }
    const github = await runCli(['lint', '--format', 'github'], { cwd: example.dir });
    expect(github.stdout).toMatch(/^::error file=db\/schema\/10_tables\/60_logs\.sql,line=\d+/m);
    // The planted secrets are reported, masked, in both formats.
    for (const output of [sarif.stdout, github.stdout]) {
      expect(output).toContain('ghp_************************gK2p');
      for (const secret of SECRETS) expect(output).not.toContain(secret);
    }
  }, 180_000);

  it('fails on warnings with --fail-on-warning or fail_on_warning, the flag winning over the config', async () => {
    const warnings = ['lint', '--select', 'redundant-index,table-naming', '--format', 'json'];
    const plain = await runCli(warnings, { cwd: example.dir });
    expect(plain.code).toBe(0);
    const result = JSON.parse(plain.stdout) as LintJson;
    expect(result.summary.errors).toBe(0);
    expect(result.summary.warnings).toBeGreaterThan(0);
    expect((await runCli([...warnings, '--fail-on-warning'], { cwd: example.dir })).code).toBe(1);
    await writeFile(join(example.dir, 'confiture.lint.yml'), 'fail_on_warning: true\n');
    try {
      expect((await runCli(warnings, { cwd: example.dir })).code).toBe(1);
      expect((await runCli([...warnings, '--no-fail-on-warning'], { cwd: example.dir })).code).toBe(0);
    } finally {
      await rm(join(example.dir, 'confiture.lint.yml'));
    }
  }, 180_000);

  it('drops the ignored rules (ids or prefixes), after --select', async () => {
    const r = await runCli(['lint', '--ignore', 'missing-,hardcoded-secret', '--ignore', 'pii-column', '--format', 'json'], { cwd: example.dir });
    const rules = new Set((JSON.parse(r.stdout) as LintJson).findings.map((f) => f.rule));
    expect(rules.size).toBeGreaterThan(0);
    for (const rule of ['missing-primary-key', 'missing-fk-index', 'missing-foreign-key', 'hardcoded-secret', 'pii-column']) expect(rules).not.toContain(rule);
    expect(rules).toContain('redundant-index');
    const both = await runCli(['lint', '--select', 'missing-', '--ignore', 'missing-fk-index', '--format', 'json'], { cwd: example.dir });
    expect(new Set((JSON.parse(both.stdout) as LintJson).findings.map((f) => f.rule))).toEqual(new Set(['missing-primary-key', 'missing-foreign-key']));
  }, 180_000);

  it('reads an explicit --lint-config, with its output format', async () => {
    await mkdir(join(example.dir, 'ci'), { recursive: true });
    await writeFile(join(example.dir, 'ci', 'lint.yml'), 'output_format: json\nrules:\n  pii-column: off\n  hardcoded-secret:\n    severity: warning\n');
    const r = await runCli(['lint', '--lint-config', 'ci/lint.yml'], { cwd: example.dir });
    const result = JSON.parse(r.stdout) as LintJson;
    expect(result.findings.some((f) => f.rule === 'pii-column')).toBe(false);
    expect(new Set(result.findings.filter((f) => f.rule === 'hardcoded-secret').map((f) => f.severity))).toEqual(new Set(['warning']));
    const missing = await runCli(['lint', '--lint-config', 'ci/nope.yml'], { cwd: example.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml');
  }, 180_000);

  it('rejects usage errors with exit 2: unknown rules, a --sample that is not a count (before any build), --sample on the embedded database', async () => {
    const unknown = await runCli(['lint', '--select', 'missing-fk-indx'], { cwd: example.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "missing-fk-index"?');
    const notANumber = await runCli(['lint', '--sample', 'ten'], { cwd: example.dir });
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr).toContain('--sample takes a whole number of rows');
    expect(notANumber.stderr).not.toMatch(/embedded PostgreSQL/);
    const embedded = await runCli(['lint', '--sample', '5'], { cwd: example.dir });
    expect(embedded.code).toBe(2);
    expect(embedded.stderr).toContain('--sample reads column values from a live database');
  }, 180_000);

  it('honours inline suppressions with a reason and reports the ones without', async () => {
    const file = join(example.dir, 'db', 'schema', '10_tables', '60_logs.sql');
    const original = await readFile(file, 'utf8');
    const edited = original
      .replace('-- Smell: no primary key.\n', '-- Smell: no primary key.\n-- confiture-lint-ignore missing-primary-key,orphaned-table append-only, read by the analytics export only\n')
      .replace('    client_ip inet,', '    -- confiture-lint-ignore pii-column\n    client_ip inet,');
    expect(edited).not.toBe(original);
    await writeFile(file, edited);
    try {
      const r = await runCli(['lint', '--format', 'json'], { cwd: example.dir });
      const result = JSON.parse(r.stdout) as LintJson & { summary: { suppressed: number } };
      const on = (rule: string) => result.findings.filter((f) => f.rule === rule && f.object.startsWith('public.page_views')).map((f) => f.object);
      expect(on('missing-primary-key')).toEqual([]);
      expect(on('orphaned-table')).toEqual([]);
      expect(result.summary.suppressed).toBe(2);
      // No reason: not applied, and said so at its line.
      expect(on('pii-column')).toEqual(['public.page_views.client_ip']);
      expect(result.findings.filter((f) => f.rule === 'invalid-suppression').map((f) => [f.location?.line, f.message])).toEqual([
        [14, 'confiture-lint-ignore pii-column at db/schema/10_tables/60_logs.sql:14 gives no reason, so it suppresses nothing.'],
      ]);
      const table = await runCli(['lint'], { cwd: example.dir });
      expect(table.stdout).toMatch(/\(2 suppressed\) · /);
    } finally {
      await writeFile(file, original);
    }
  }, 120_000);

  it('runs custom rules from the project modules listed under plugins, and rejects a broken one with exit 2', async () => {
    await mkdir(join(example.dir, 'lint-rules'), { recursive: true });
    await writeFile(
      join(example.dir, 'lint-rules', 'no-logs-in-public.mjs'),
      `export default {
  id: 'acme/no-logs-in-public', description: 'Log tables live in their own schema.', defaultSeverity: 'warning',
  docs: { why: 'Logs grow fast.', bad: 'create table public.audit_log ();', good: 'create table logs.audit ();' },
  check(snapshot, _options, report) {
    for (const t of snapshot.tables) if (t.schema === 'public' && /log/.test(t.name))
      report({ object: t.qualifiedName, objectKind: 'table', table: t.qualifiedName, message: t.qualifiedName + ' is a log in public.', why: 'Logs grow fast.', fix: null });
  },
};
`,
    );
    await writeFile(join(example.dir, 'lint-rules', 'broken.mjs'), "export default { id: 'acme/broken', description: 'No check.' };\n");
    await writeFile(join(example.dir, 'confiture.lint.yml'), 'plugins:\n  - ./lint-rules/no-logs-in-public.mjs\n');
    try {
      const r = await runCli(['lint', '--select', 'acme/', '--format', 'json'], { cwd: example.dir });
      expect(r.code).toBe(0);
      const findings = (JSON.parse(r.stdout) as LintJson).findings;
      expect(findings.map((f) => [f.rule, f.object, f.location?.file])).toEqual([['acme/no-logs-in-public', 'public.audit_log', 'db/schema/10_tables/60_logs.sql']]);
      const listed = await runCli(['lint', '--list-rules'], { cwd: example.dir });
      expect(listed.stdout).toMatch(/^acme\/no-logs-in-public +warning +Log tables live in their own schema\.$/m);
      await writeFile(join(example.dir, 'confiture.lint.yml'), 'plugins:\n  - ./lint-rules/no-logs-in-public.mjs\n  - ./lint-rules/broken.mjs\n');
      const broken = await runCli(['lint'], { cwd: example.dir });
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain('Lint plugin ./lint-rules/broken.mjs (plugins[1] in confiture.lint.yml:3:5)');
      expect(broken.stderr).toContain('`check` must be a function');
    } finally {
      await rm(join(example.dir, 'confiture.lint.yml'));
    }
  }, 120_000);

  it('reports a bad lint config with its location and exit 2', async () => {
    await writeFile(join(example.dir, 'confiture.lint.yml'), 'rules:\n  missing-primry-key: off\n');
    const r = await runCli(['lint'], { cwd: example.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('confiture.lint.yml:2');
    expect(r.stderr).toContain('missing-primary-key');
    await rm(join(example.dir, 'confiture.lint.yml'));
  });
});

describe('confiture lint against a live server, without a project', () => {
  const db = useTestDatabase('confiture_cli_lint');
  let empty: string;
  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'confiture-lint-'));
    const client = await db.current.client();
    await client.query('create table events (id int, payload text)');
  });
  afterAll(async () => {
    await rm(empty, { recursive: true, force: true });
  });

  it('lints the database given by --database-url and exits 1 on errors', async () => {
    const r = await runCli(['lint', '--database-url', db.current.url, '--format', 'json'], { cwd: empty });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as LintJson;
    expect(result.findings.some((f) => f.rule === 'missing-primary-key' && f.object === 'public.events')).toBe(true);
  });

  it('lists the ten rules', async () => {
    const r = await runCli(['lint', '--list-rules'], { cwd: empty });
    expect(r.code).toBe(0);
    for (const id of TEN_RULES) expect(r.stdout).toContain(id);
    const json = await runCli(['lint', '--list-rules', '--format', 'json'], { cwd: empty });
    const { rules } = JSON.parse(json.stdout) as { rules: Array<{ id: string; severity: string; description: string }> };
    expect(rules.map((rule) => rule.id)).toEqual([...TEN_RULES, 'invalid-suppression']);
    expect(rules[0]).toEqual({ id: 'missing-primary-key', severity: 'error', description: expect.any(String) });
  });

  it('exits 2 on a connection error without printing the password', async () => {
    const r = await runCli(['lint', '--database-url', 'postgres://confiture:N0tPr1nted-Pw@127.0.0.1:1/nowhere'], { cwd: empty });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain('N0tPr1nted-Pw');
  });
});

const TEN_RULES = ['missing-primary-key', 'missing-fk-index', 'redundant-index', 'unused-index', 'table-naming', 'column-naming', 'missing-foreign-key', 'orphaned-table', 'pii-column', 'hardcoded-secret'];

describe('confiture lint against a live server: clean schemas, sampling, secrets', () => {
  const db = useTestDatabase('confiture_cli_lint_live');
  // Test credentials, assembled at run time so this file does not itself look like a leak.
  const TOKEN = ['ghp_', 'R7u3kQx9LmZ2vBn8TfYp4WcHs6JdEa1GoKi5'].join('');
  const PASSWORD = 'Sh0uld-N3ver-Print';
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confiture-lint-live-'));
    const client = await db.current.client();
    await client.query(`
      create schema clean;
      create table clean.customers (id bigint primary key, created_at timestamptz not null default now());
      create table clean.orders (id bigint primary key, customer_id bigint not null references clean.customers (id));
      create index orders_customer_id_idx on clean.orders (customer_id);
      create schema crm;
      create table crm.contacts (id int primary key, email text, backup_email text, phone text);
      insert into crm.contacts select g, 'person' || g || '@mail.test', 'n/a', '+33 6 12 34 56 ' || (10 + g) from generate_series(1, 20) g;
      create schema vault;
      create table vault.integrations (id int primary key, callback text default 'https://app:${PASSWORD}@hooks.partner.test/in');
      create function vault.partner_token() returns text language sql as $$ select '${TOKEN}' $$;
      comment on table vault.integrations is 'token ${TOKEN}';`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lintIn = async (schema: string, args: string[]) => {
    await writeFile(join(dir, 'confiture.lint.yml'), `schemas:\n  include: [${schema}]\n`);
    return runCli(['lint', '--database-url', db.current.url, ...args], { cwd: dir });
  };

  it('exits 0 and says so on a clean schema', async () => {
    const r = await lintIn('clean', []);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No problems found · \d+ rules on 2 tables\n/m);
  });

  it('confirms or dismisses PII matches with --sample N, never printing a value', async () => {
    const r = await lintIn('crm', ['--sample', '5', '--select', 'pii-column', '--format', 'json']);
    expect(r.code).toBe(0);
    const findings = new Map((JSON.parse(r.stdout) as LintJson).findings.map((f) => [f.object, f.message]));
    expect([...findings.keys()].sort()).toEqual(['crm.contacts.email', 'crm.contacts.phone']);
    expect(findings.get('crm.contacts.email')).toContain('confirmed by sampling: 5 of 5 values have the shape of an e-mail address');
    for (const value of ['@mail.test', 'person1', '+33', 'n/a']) expect(r.stdout + r.stderr).not.toContain(value);
    // Without sampling the name alone decides: backup_email is reported too.
    const unsampled = await lintIn('crm', ['--select', 'pii-column', '--format', 'json']);
    expect((JSON.parse(unsampled.stdout) as LintJson).findings.map((f) => f.object)).toContain('crm.contacts.backup_email');
  });

  it('lints the live database of a project with its files: file:line locations, unused-index waiting for older statistics', async () => {
    const example = await copyExample();
    try {
      const built = await runCli(['build', '--database-url', db.current.url], { cwd: example.dir });
      expect(built.code).toBe(0);
      // A new database counts from the server start, which may be weeks ago: start the counters now.
      await (await db.current.client()).query('select pg_stat_reset()');
      const r = await runCli(['lint', '--database-url', db.current.url, '--format', 'json'], { cwd: example.dir });
      expect(r.stderr).not.toMatch(/embedded PostgreSQL/);
      const result = JSON.parse(r.stdout) as LintJson & { skipped: Array<{ rule: string; reason: string }> };
      expect(result.findings.find((f) => f.rule === 'missing-primary-key' && f.object === 'public.page_views')?.location).toEqual({ file: 'db/schema/10_tables/60_logs.sql', line: 10 });
      expect(result.skipped).toEqual([{ rule: 'unused-index', reason: expect.stringMatching(/^index usage statistics only cover \d+\.\d days .* less than minStatsAgeDays \(7\)/) }]);
      for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
    } finally {
      await example.cleanup();
    }
  }, 60_000);

  it('masks secrets in every output format', async () => {
    for (const format of ['table', 'json', 'github', 'sarif']) {
      const r = await lintIn('vault', ['--select', 'hardcoded-secret', '--format', format]);
      expect([format, r.code]).toEqual([format, 1]);
      expect(r.stdout).toContain('ghp_************************oKi5');
      expect(r.stdout).toContain('https://app:***@hooks.partner.test');
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    }
  });
});
