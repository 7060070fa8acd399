import { useTestDatabase } from '@confiture/test-utils';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, runCli } from './run-cli.js';

interface DryRunJson {
  version: number;
  statements: Array<{
    file: string;
    line: number;
    sql: string;
    category: string;
    predictedLocks: Array<{ relation: string; mode: string }>;
    locks?: Array<{ relation: string; mode: string }>;
    rewrites: string[];
    error: null | { message: string };
    hazards: Array<{ id: string; fix: string | null }>;
    risk: { level: string; reasons: string[]; factors: Array<{ level: string; reason: string; hazard: string | null }> };
  }>;
  summary: { failed: number; risk: string };
}

describe('confiture dry-run on a real server', () => {
  const db = useTestDatabase('confiture_cli_dry');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confiture-dry-'));
    const client = await db.current.client();
    await client.query('create table accounts (id int primary key, balance int); insert into accounts select g, g from generate_series(1, 1000) g');
    await writeFile(join(dir, 'index.sql'), 'create index accounts_balance_idx on accounts (balance);\nalter table accounts alter column balance type bigint;\n');
    await writeFile(join(dir, 'broken.sql'), 'alter table accounts add column note text;\nupdate nowhere set x = 1;\nalter table accounts drop column note;\n');
    await writeFile(join(dir, 'typo.sql'), 'alter tabel accounts add column x int;\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports predicted and observed locks and rewrites, in file order, and changes nothing', async () => {
    const r = await runCli(['dry-run', 'index.sql', '--database-url', db.current.url, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DryRunJson;
    expect(report.version).toBe(1);
    expect(report.statements.map((s) => [s.file, s.line])).toEqual([
      ['index.sql', 1],
      ['index.sql', 2],
    ]);
    const [index, alter] = report.statements;
    expect(index?.predictedLocks).toContainEqual(expect.objectContaining({ relation: 'public.accounts', mode: 'ShareLock' }));
    expect(index?.locks).toContainEqual(expect.objectContaining({ relation: 'public.accounts', mode: 'ShareLock' }));
    expect(alter?.locks).toContainEqual(expect.objectContaining({ relation: 'public.accounts', mode: 'AccessExclusiveLock' }));
    expect(alter?.rewrites).toContain('public.accounts');
    const client = await db.current.client();
    const { rows } = await client.query<{ type: string; indexes: number }>(
      `select format_type(atttypid, atttypmod) as type, (select count(*)::int from pg_indexes where tablename = 'accounts') as indexes
       from pg_attribute where attrelid = 'accounts'::regclass and attname = 'balance'`,
    );
    expect(rows[0]).toEqual({ type: 'integer', indexes: 1 });
  });

  it('with --static executes nothing and has no observed locks', async () => {
    const r = await runCli(['dry-run', 'index.sql', '--static', '--database-url', db.current.url, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DryRunJson;
    for (const s of report.statements) expect(s.locks).toBeUndefined();
    expect(report.statements[0]?.predictedLocks).toContainEqual(expect.objectContaining({ relation: 'public.accounts', mode: 'ShareLock' }));
  });

  it('reports a failing statement with its location, goes on with the rest, and exits 1', async () => {
    const r = await runCli(['dry-run', 'broken.sql', '--database-url', db.current.url, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as DryRunJson;
    expect(report.statements).toHaveLength(3);
    expect(report.statements[1]?.error?.message).toMatch(/nowhere/);
    expect(report.statements[2]?.error).toBeNull();
    expect(report.summary.failed).toBe(1);
  });

  it('exits 1 at the --fail-on level and 0 below it', async () => {
    const low = await runCli(['dry-run', 'index.sql', '--fail-on', 'low', '--database-url', db.current.url], { cwd: dir });
    expect(low.code).toBe(1);
    const critical = await runCli(['dry-run', 'index.sql', '--fail-on', 'critical', '--database-url', db.current.url], { cwd: dir });
    expect(critical.code).toBe(0);
  });

  it('renders markdown for pull requests', async () => {
    const r = await runCli(['dry-run', 'index.sql', '--format', 'markdown', '--database-url', db.current.url], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#/m);
    expect(r.stdout).toContain('public.accounts');
  });

  it('reports unparseable SQL with its location and runs nothing', async () => {
    const r = await runCli(['dry-run', 'typo.sql', '--database-url', db.current.url], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('typo.sql:1:7');
  });

  it('says which file is missing (exit 2)', async () => {
    const r = await runCli(['dry-run', 'nope.sql', '--database-url', db.current.url], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.sql');
  });

  it('names an unreachable database without its password (exit 2)', async () => {
    const r = await runCli(['dry-run', 'index.sql', '--database-url', 'postgres://u:s3cretpass@127.0.0.1:1/x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('127.0.0.1:1');
    expect(r.stderr + r.stdout).not.toContain('s3cretpass');
  });
});

describe('confiture migrate up --dry-run on examples/basic (embedded)', () => {
  let example: Awaited<ReturnType<typeof copyExample>>;
  beforeAll(async () => {
    example = await copyExample();
  });
  afterAll(async () => {
    await example.cleanup();
  });

  it('dry-runs the pending migrations, flags the risky ones, and applies nothing', async () => {
    const r = await runCli(['migrate', 'up', '--dry-run', '--format', 'json'], { cwd: example.dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DryRunJson;
    const files = [...new Set(report.statements.map((s) => s.file))];
    expect(files).toHaveLength(4);
    const index = report.statements.find((s) => s.sql.includes('orders_created_at_idx'));
    expect(index?.locks).toContainEqual(expect.objectContaining({ relation: 'public.orders', mode: 'ShareLock' }));
    const widen = report.statements.find((s) => s.sql.includes('total_cents type bigint'));
    expect(widen?.rewrites).toContain('public.orders');
    const concurrently = report.statements.find((s) => s.sql.includes('concurrently'));
    expect(concurrently?.category).toBe('non-transactional');
    // The embedded tables are tiny and no target size is given: the hazards count as on large
    // tables, each one a reason with its fix, and every statement that waits for a blocking lock
    // says that no lock_timeout is set.
    const hazardFactors = (s: (typeof report.statements)[number] | undefined) => s?.risk.factors.filter((f) => f.hazard !== null).map((f) => `${f.level} ${f.hazard}`);
    expect(index?.risk.level).toBe('high');
    expect(hazardFactors(index)).toEqual(['high non-concurrent-index', 'medium missing-lock-timeout']);
    expect(widen?.risk.level).toBe('high');
    expect(hazardFactors(widen)).toEqual(['high rewrite-type-change', 'medium missing-lock-timeout', 'medium access-exclusive-held']);
    const widenItems = report.statements.find((s) => s.sql.includes('unit_price_cents type bigint'));
    expect(hazardFactors(widenItems)).toEqual(['high rewrite-type-change', 'medium missing-lock-timeout']);
    for (const s of [index, widen, widenItems]) expect(s?.hazards.every((h) => h.fix !== null && h.fix.length > 0)).toBe(true);
    expect(report.summary.risk).toBe('high');
    const status = await runCli(['migrate', 'status', '--format', 'json'], { cwd: example.dir });
    const parsed = JSON.parse(status.stdout) as { migrations: Array<{ applied: boolean }> };
    expect(parsed.migrations.every((m) => !m.applied)).toBe(true);
  }, 180_000);
});
