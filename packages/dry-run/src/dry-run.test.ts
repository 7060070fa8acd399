import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfitureError } from '@confiture/core';
import { usePglite, useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { dryRun, renderReport, reportExceedsRisk } from './index.js';

const db = useTestDatabase();
let client: pg.Client;
let other: pg.Client;

const SCHEMA = `
  create table users (id serial primary key, email text not null);
  insert into users (email) select 'u' || g || '@x.io' from generate_series(1, 200) g;
  create table orders (id serial primary key, user_id int not null references users (id), amount int not null);
  insert into orders (user_id, amount) select (g % 200) + 1, g from generate_series(1, 500) g;
  create view user_emails as select id, email from users;
`;

const MIGRATION = `-- add a column and index it
alter table users add column nickname text;
create index users_nickname on users (nickname);
update orders set amount = amount + 1 where id <= 10;
alter table orders alter column amount type bigint;
select missing_column from users;
create index concurrently orders_user on orders (user_id);
`;

async function dir(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'confiture-dry-run-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(join(root, name), sql);
  return root;
}

async function catalogState(session: pg.Client): Promise<unknown> {
  const { rows } = await session.query(`
    select (select count(*)::int from information_schema.columns where table_schema = 'public') as columns,
           (select count(*)::int from pg_indexes where schemaname = 'public') as indexes,
           (select sum(amount)::int8::text from orders) as amounts,
           (select data_type from information_schema.columns where table_name = 'orders' and column_name = 'amount') as amount_type`);
  return rows[0];
}

beforeAll(async () => {
  client = await db.current.client();
  other = await db.current.client();
  await client.query(SCHEMA);
});

describe('dryRun on a server', () => {
  it('executes, observes, analyzes, and leaves nothing behind', async () => {
    const before = await catalogState(other);
    const report = await dryRun(client, [{ file: 'db/migrations/0002.sql', sql: MIGRATION }], { verify: true });
    expect(await catalogState(other)).toEqual(before);

    expect(report).toMatchObject({ version: 1, mode: 'execute', database: { kind: 'postgres', serverVersion: expect.stringMatching(/^\d+/) } });
    expect(report.verification).toMatchObject({ identical: true, differences: [] });
    expect(report.cleanup?.rolledBack).toBe(true);
    expect(report.statements.map((s) => [s.line, s.tag, s.action, s.executed])).toEqual([
      [2, 'ALTER TABLE', 'execute', true],
      [3, 'CREATE INDEX', 'execute', true],
      [4, 'UPDATE', 'execute', true],
      [5, 'ALTER TABLE', 'execute', true],
      [6, 'SELECT', 'execute', true],
      [7, 'CREATE INDEX CONCURRENTLY', 'static', false],
    ]);
    const [addColumn, createIndex, update, retype, failing, concurrent] = report.statements;
    expect(addColumn?.locks).toEqual([expect.objectContaining({ relation: 'public.users', mode: 'AccessExclusiveLock' })]);
    expect(addColumn?.predictedLocks[0]).toMatchObject({ relation: 'public.users', mode: 'AccessExclusiveLock' });
    expect(addColumn?.lockMismatch).toBeNull();
    // The AccessExclusiveLock is held through the rest of the file's executed statements.
    expect(addColumn?.locks?.[0]?.heldFor).toMatchObject({ statements: 5, untilIndex: 4 });
    expect(createIndex?.impact?.indexesAdded[0]).toMatchObject({ index: 'public.users_nickname', relation: 'public.users' });
    expect(update?.rowsAffected).toBe(10);
    expect(retype?.rewrites).toEqual(['public.orders', 'public.orders_pkey']);
    expect(retype?.impact?.columnsAltered[0]).toMatchObject({ column: 'amount', change: 'type', from: 'integer', to: 'bigint' });
    expect(failing?.error).toMatchObject({ code: '42703', location: { file: 'db/migrations/0002.sql', line: 6, column: 8 } });
    expect(failing?.risk.level).toBe('high');
    expect(concurrent?.locks).toBeUndefined();
    expect(concurrent?.predictedLocks[0]).toMatchObject({ relation: 'public.orders', mode: 'ShareUpdateExclusiveLock' });

    // No target size given: the tables of this small database are judged as large ones, so every
    // hazard counts at its large-table level, and each one is a reason with its fix.
    const factors = (s: (typeof report.statements)[number] | undefined) => s?.risk.factors.map((f) => `${f.level} ${f.hazard ?? '-'}`);
    expect(factors(addColumn)).toEqual(['high access-exclusive-held', 'medium missing-lock-timeout']);
    expect(addColumn?.hazards.find((h) => h.id === 'access-exclusive-held')?.message).toContain('while 4 later statements run');
    // users is already held AccessExclusive by the transaction: no wait, no lock_timeout reason
    expect(factors(createIndex)).toEqual(['high non-concurrent-index']);
    expect(createIndex?.risk.reasons[0]).toMatch(/size of public\.users on the target unknown: judged as a large table/);
    expect(factors(retype)).toEqual(['high rewrite-type-change', 'medium missing-lock-timeout', 'medium access-exclusive-held']);
    expect(retype?.risk.level).toBe('high');
    expect(update?.risk.level).toBe('low');
    expect(concurrent?.risk.level).toBe('low');

    expect(report.summary).toMatchObject({ statements: 6, executed: 5, failed: 1, skipped: 1, risk: 'high', rewrites: ['public.orders', 'public.orders_pkey'] });
    expect(report.summary.byRisk).toEqual({ low: 2, medium: 0, high: 4, critical: 0 });
    expect(report.summary.reasons).toContain('db/migrations/0002.sql:6:1: the statement fails (42703): column "missing_column" does not exist');
    expect(reportExceedsRisk(report, 'high')).toBe(true);
    expect(reportExceedsRisk(report, 'critical')).toBe(false);
  });

  it('scales costs and risk to the size of the target', async () => {
    const sql = `set lock_timeout = '1s'; create index orders_amount on orders (amount)`;
    // Without a target size, the 500-row table here says nothing about production.
    const here = await dryRun(client, sql);
    expect(here.statements[1]?.risk).toMatchObject({ level: 'high', factors: [{ level: 'high', hazard: 'non-concurrent-index' }] });
    expect(here.statements[1]?.cost).toMatchObject({ scale: 1, confidence: 'measured' });
    // A target known to be small lowers it; rowsScale: 1 says this database is the target.
    const small = await dryRun(client, sql, { tableSizes: { 'public.orders': { rows: 2_000 } } });
    expect(small.statements[1]?.risk.level).toBe('low');
    expect(small.statements[1]?.risk.reasons[0]).toMatch(/public\.orders has 2\.0k rows on the target: low; high on a larger table/);
    expect((await dryRun(client, sql, { rowsScale: 1 })).statements[1]?.risk.level).toBe('low');
    expect((await dryRun(client, sql, { tableSizes: { 'public.orders': { rows: 50_000 } } })).statements[1]?.risk.level).toBe('medium');

    const production = await dryRun(client, sql, { tableSizes: { 'public.orders': { rows: 50_000_000 } } });
    const cost = production.statements[1]?.cost;
    expect(cost?.scaledBy).toBe('public.orders');
    expect(cost?.scale).toBe(5000); // 50M rows against the 10 000-row floor
    expect(cost?.estimatedMs).toBeCloseTo((cost?.measuredMs ?? 0) * 5000, 3);
    expect(cost?.diskBytes).toBeGreaterThan(0);
    // At least high from the hazard on 50M rows; critical too when the measured build, scaled, holds the lock over a minute.
    expect(reportExceedsRisk(production, 'high')).toBe(true);
    expect(production.statements[1]?.risk.reasons.join('\n')).toMatch(/ShareLock for the whole build/);

    const scaled = await dryRun(client, sql, { rowsScale: 1000 });
    expect(scaled.statements[1]?.cost.scale).toBe(50); // 500 rows x 1000 against the floor
  });

  it('does not inflate the risk of tables created in the same run', async () => {
    const sql = 'create table fresh (a int);\ncreate index fresh_a on fresh (a);\nalter table fresh alter column a type bigint;\nalter table fresh add column b int not null;';
    for (const options of [{}, { static: true }] as const) {
      const report = await dryRun(client, sql, options);
      expect(report.statements.map((s) => [s.risk.level, s.hazards.length])).toEqual([
        ['low', 0],
        ['low', 0],
        ['low', 0],
        ['low', 0],
      ]);
    }
  });

  it('reads files in order, reports where each statement comes from, and notes empty files', async () => {
    const root = await dir({ '1_a.sql': 'alter table users add column a int;\n', '2_empty.sql': '-- nothing yet\n', '3_b.sql': '\n\nalter table users add column b int;' });
    const report = await dryRun(client, { files: ['1_a.sql', '2_empty.sql', '3_b.sql'] }, { cwd: root });
    expect(report.statements.map((s) => `${s.file}:${s.line}:${s.column}`)).toEqual(['1_a.sql:1:1', '3_b.sql:3:1']);
    expect(report.notes).toEqual(['2_empty.sql contains no SQL statement: nothing to analyze.']);
    // One migration transaction per file: the first file's lock is released at its end, and the
    // second file takes it again (pg_locks cannot show it twice: it says which statement took it).
    expect(report.statements[0]?.locks?.[0]?.heldFor?.statements).toBe(1);
    expect(report.statements[1]?.locks).toEqual([expect.objectContaining({ relation: 'public.users', mode: 'AccessExclusiveLock', acquiredBy: 0 })]);
  });

  it('gives an empty report for a file with only comments', async () => {
    const root = await dir({ 'empty.sql': '/* later */\n' });
    const report = await dryRun(client, { files: ['empty.sql'] }, { cwd: root });
    expect(report.statements).toEqual([]);
    expect(report.summary).toMatchObject({ statements: 0, executed: 0, risk: 'low' });
    expect(renderReport(report, 'text')).toContain('empty.sql contains no SQL statement');
  });

  it('names a missing file', async () => {
    const error = await dryRun(client, { files: ['nope/0001.sql'] }, { cwd: tmpdir() }).catch((e: unknown) => e);
    expect(isConfitureError(error) && error.code).toBe('CONFITURE_FILE_NOT_FOUND');
    expect((error as Error).message).toContain('nope/0001.sql');
  });

  it('stops at a syntax error with its location before executing anything', async () => {
    const sql = 'alter table users add column never_added int;\nalter tabel users add column x int;';
    const error = await dryRun(client, [{ file: 'bad.sql', sql }]).catch((e: unknown) => e);
    expect(isConfitureError(error) && error.code).toBe('CONFITURE_SQL_SYNTAX');
    if (!isConfitureError(error)) return;
    expect(error.location).toMatchObject({ file: 'bad.sql', line: 2 });
    const { rows } = await other.query(`select count(*)::int as n from information_schema.columns where column_name = 'never_added'`);
    expect(rows[0].n).toBe(0);
  });

  it('analyzes without executing in static mode, with or without a database', async () => {
    const withCatalog = await dryRun(client, 'alter table orders add column note text; create index on orders (amount)', { static: true });
    expect(withCatalog.mode).toBe('static');
    expect(withCatalog.statements[0]?.locks).toBeUndefined();
    expect(withCatalog.statements[1]?.predictedLocks[0]).toMatchObject({ relation: 'public.orders', mode: 'ShareLock' });
    expect(withCatalog.summary).toMatchObject({ executed: 0, durationMs: null });
    const { rows } = await other.query(`select count(*)::int as n from information_schema.columns where column_name = 'note'`);
    expect(rows[0].n).toBe(0);

    const offline = await dryRun(null, 'BEGIN; drop table orders; COMMIT;', { static: true });
    expect(offline.database).toEqual({ kind: 'none', serverVersion: null });
    expect(offline.statements.map((s) => s.action)).toEqual(['refuse', 'execute', 'refuse']);
    expect(offline.statements[1]?.risk.level).toBe('high');
  });

  it('analyzes statically inside the caller’s transaction without touching it', async () => {
    await client.query('begin');
    await client.query(`insert into users (email) values ('kept@x.io')`);
    const report = await dryRun(client, 'alter table users add column z int', { static: true });
    expect(report.statements[0]?.predictedLocks[0]).toMatchObject({ relation: 'public.users', mode: 'AccessExclusiveLock' });
    const { rows } = await client.query(`select count(*)::int as n, current_setting('lock_timeout') as t from users where email = 'kept@x.io'`);
    expect(rows[0]).toEqual({ n: 1, t: '0' });
    await client.query('rollback');
  });

  it('rejects bad options with the option named', async () => {
    for (const [options, path] of [
      [{ lockTimeoutMs: 0 }, 'lockTimeoutMs'],
      [{ rowsScale: -2 }, 'rowsScale'],
      [{ tableSizes: { users: { rows: 5 } } }, 'tableSizes.users'],
      [{ riskThresholds: { largeTableRows: -1 } }, 'riskThresholds.largeTableRows'],
    ] as const) {
      const error = await dryRun(client, 'select 1', options).catch((e: unknown) => e);
      expect(isConfitureError(error) && [error.code, error.configPath]).toEqual(['CONFITURE_USAGE', path]);
    }
    const noDb = await dryRun(undefined, 'select 1').catch((e: unknown) => e);
    expect(isConfitureError(noDb) && noDb.code).toBe('CONFITURE_USAGE');
  });
});

describe('dryRun on PGlite', () => {
  const lite = usePglite(SCHEMA);

  it('runs the same migration on the embedded database and leaves nothing behind', async () => {
    const report = await dryRun(lite.current, [{ file: 'db/migrations/0002.sql', sql: MIGRATION }], { verify: true });
    expect(report.database.kind).toBe('embedded');
    expect(report.database.serverVersion).toMatch(/^1[89]/);
    expect(report.verification?.identical).toBe(true);
    expect(report.summary).toMatchObject({ statements: 6, executed: 5, failed: 1, skipped: 1 });
    expect(report.statements[0]?.locks?.[0]).toMatchObject({ relation: 'public.users', mode: 'AccessExclusiveLock' });
    expect(report.statements[3]?.rewrites).toContain('public.orders');
    expect(report.statements[4]?.error).toMatchObject({ code: '42703', location: { line: 6, column: 8 } });
    const { rows } = await lite.current.query<{ n: number }>(`select count(*)::int as n from information_schema.columns where column_name = 'nickname'`);
    expect(rows[0]?.n).toBe(0);
  });
});
