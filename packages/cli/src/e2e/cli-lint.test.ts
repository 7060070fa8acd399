import { useTestDatabase } from '@confiture/test-utils';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  }, 180_000);

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
    for (const id of ['missing-primary-key', 'missing-fk-index', 'redundant-index', 'unused-index', 'table-naming', 'column-naming', 'missing-foreign-key', 'orphaned-table', 'pii-column', 'hardcoded-secret']) {
      expect(r.stdout).toContain(id);
    }
  });
});
