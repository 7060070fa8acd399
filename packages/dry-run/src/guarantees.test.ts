// "Nothing persists": every test snapshots the database from an independent session before and
// after a dry-run and asserts they are identical; where the run completes, the run's own
// verify fingerprint must agree.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Queryable, isConfitureError } from '@confiture/core';
import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDryRun } from './dry-run.js';
import { dryRun } from './index.js';

const db = useTestDatabase();
let runner: pg.Client;
let observer: pg.Client;

beforeAll(async () => {
  runner = await db.current.client();
  observer = await db.current.client();
  await observer.query(`
    create table items (id serial primary key, name text not null);
    insert into items (name) select 'item ' || g from generate_series(1, 20) g;
    create table plain (x int);
    insert into plain select g from generate_series(1, 10) g;
    create sequence untouched_seq;
    create sequence set_seq; select setval('set_seq', 41, false);
    create procedure commits() language plpgsql as $$ begin insert into plain values (-1); commit; end $$;
  `);
});

/** The state of the database as another session sees it: schema, data, sequences, advisory locks. */
async function snapshot(): Promise<unknown> {
  const { rows } = await observer.query(`
    select
      (select json_agg(x order by x) from (select table_name || '.' || column_name || ':' || data_type as x from information_schema.columns where table_schema = 'public') c) as columns,
      (select json_agg(indexdef order by indexdef) from pg_indexes where schemaname = 'public') as indexes,
      (select json_agg(conname order by conname) from pg_constraint where connamespace = 'public'::regnamespace) as constraints,
      (select count(*) || ':' || md5(string_agg(i::text, ',' order by id)) from items i) as items,
      (select count(*) || ':' || md5(string_agg(p::text, ',' order by x)) from plain p) as plain,
      (select json_agg(json_build_array(sequencename, last_value) order by sequencename) from pg_sequences where schemaname = 'public') as sequences,
      (select json_agg(json_build_array(last_value, is_called)) from set_seq) as set_seq,
      (select json_agg(json_build_array(last_value, is_called)) from untouched_seq) as untouched_seq,
      (select count(*) from pg_locks where locktype = 'advisory') as advisory_locks`);
  return rows[0];
}

/** A queryable that records what it is sent, to prove a refused run executed nothing. */
function recording(target: Queryable): { queryable: Queryable; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    queryable: {
      query: (text: string, params?: unknown[]) => {
        sent.push(text);
        return target.query(text, params);
      },
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function backendRunning(applicationName: string, queryLike: string): Promise<number | null> {
  const { rows } = await observer.query(
    `select pid from pg_stat_activity where datname = current_database() and application_name = $1 and state = 'active' and query like $2`,
    [applicationName, queryLike],
  );
  return rows[0]?.pid ?? null;
}

describe('nothing persists', () => {
  it('refuses BEGIN, COMMIT and ROLLBACK in the migration before executing anything', async () => {
    const before = await snapshot();
    const { queryable, sent } = recording(runner);
    const sql = `insert into items (name) values ('a');\nBEGIN;\ninsert into plain values (99);\nCOMMIT;\nROLLBACK;`;
    const error = await dryRun(queryable, [{ file: 'tx.sql', sql }]).catch((e: unknown) => e);
    expect(isConfitureError(error) && error.code).toBe('CONFITURE_DRY_RUN_REFUSED');
    if (!isConfitureError(error)) return;
    expect(error.message).toContain('tx.sql:2:1');
    expect(error.message).toContain('tx.sql:4:1');
    expect(error.message).toContain('tx.sql:5:1');
    expect(error.location).toEqual({ file: 'tx.sql', line: 2, column: 1 });
    // Only catalog reads went out: no migration statement, and the dry-run transaction never began.
    expect(sent.filter((q) => /insert into|read committed/i.test(q))).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a DO block or a procedure that commits; PostgreSQL itself rejects COMMIT in a DO block inside a transaction', async () => {
    // The behaviour the guard relies on if such a block ever ran inside the dry-run transaction.
    await observer.query('begin');
    const pgError = await observer.query(`do $$ begin insert into plain values (-2); commit; end $$`).catch((e: { code?: string }) => e);
    await observer.query('rollback');
    expect((pgError as { code?: string }).code).toBe('2D000');

    const before = await snapshot();
    for (const sql of [`do $$ begin insert into plain values (-3); commit; end $$`, 'call commits()']) {
      const { queryable, sent } = recording(runner);
      const error = await dryRun(queryable, sql).catch((e: unknown) => e);
      expect(isConfitureError(error) && error.code).toBe('CONFITURE_DRY_RUN_REFUSED');
      expect(sent.some((q) => q.includes('plain values') || q.includes('commits()'))).toBe(false);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('restores every sequence exactly, is_called included, and releases advisory locks', async () => {
    const before = await snapshot();
    const report = await dryRun(
      runner,
      `insert into items (name) select 'new ' || g from generate_series(1, 5) g;
       select nextval('set_seq'), setval('untouched_seq', 500);
       select pg_advisory_lock(4242), pg_advisory_xact_lock(4343), pg_try_advisory_lock(1, 2);`,
      { verify: true },
    );
    expect(report.summary.failed).toBe(0);
    expect([...(report.cleanup?.sequencesRestored ?? [])].sort()).toEqual(['public.items_id_seq', 'public.set_seq', 'public.untouched_seq']);
    expect([...(report.cleanup?.advisoryLocksReleased ?? [])].sort()).toEqual(['pg_advisory_lock(1, 2)', 'pg_advisory_lock(4242)']);
    expect(report.verification).toMatchObject({ identical: true });
    expect(await snapshot()).toEqual(before);
    const { rows } = await observer.query('select pg_try_advisory_lock(4242) as a, pg_try_advisory_lock(1, 2) as b');
    expect(rows[0]).toEqual({ a: true, b: true });
    await observer.query('select pg_advisory_unlock_all()');
  });

  it('delivers no notification', async () => {
    const listener = await db.current.client();
    const received: string[] = [];
    listener.on('notification', (n) => received.push(n.payload ?? ''));
    await listener.query('listen confiture_channel');
    const report = await dryRun(runner, `notify confiture_channel, 'from the dry-run'; select pg_notify('confiture_channel', 'again')`);
    expect(report.summary.executed).toBe(2);
    // Notifications arrive in commit order: once the control one is in, a committed dry-run one would be too.
    await observer.query(`notify confiture_channel, 'control'`);
    await until('the control notification', async () => received.includes('control'));
    expect(received).toEqual(['control']);
  });

  it('never waits forever for a lock another session holds, and names that session', async () => {
    const holder = await db.current.client();
    const holderPid = (await holder.query('select pg_backend_pid() as pid')).rows[0].pid;
    await holder.query('begin');
    await holder.query('lock table items in share mode');
    try {
      const before = await snapshot();
      const report = await dryRun(runner, [{ file: 'lock.sql', sql: 'alter table items add column blocked int' }], { lockTimeoutMs: 300 });
      const error = report.statements[0]?.error;
      expect(error?.code).toBe('55P03');
      expect(error?.location).toEqual({ file: 'lock.sql', line: 1, column: 1 });
      expect(error?.lockHolders?.[0]).toMatchObject({ pid: holderPid, mode: 'ShareLock', relation: 'public.items', query: 'lock table items in share mode' });
      expect(report.summary.failed).toBe(1);
      expect(await snapshot()).toEqual(before);
    } finally {
      await holder.query('rollback');
    }
  });

  it('turns a wait on an ACCESS EXCLUSIVE lock while reading the catalog into a lock timeout error', async () => {
    const holder = await db.current.client();
    const holderPid = (await holder.query('select pg_backend_pid() as pid')).rows[0].pid;
    await holder.query('begin');
    await holder.query('lock table plain in access exclusive mode');
    try {
      const error = await dryRun(runner, 'insert into plain values (5)', { lockTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(isConfitureError(error) && error.code).toBe('CONFITURE_LOCK_TIMEOUT');
      expect((error as Error).message).toContain(`pid ${holderPid} holds AccessExclusiveLock on public.plain`);
    } finally {
      await holder.query('rollback');
    }
  });

  it('rolls back when an analyzer throws in the middle of the run', async () => {
    const before = await snapshot();
    const error = await runDryRun(
      runner,
      `insert into items (name) values ('x'); create table half (y int); insert into plain values (7)`,
      {},
      {
        afterStatement: (index) => {
          if (index === 1) throw new Error('analyzer failure injected by the test');
        },
      },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('analyzer failure injected by the test');
    expect(await snapshot()).toEqual(before);
    const { rows } = await runner.query('select pg_current_xact_id_if_assigned() as x');
    expect(rows[0].x).toBeNull();
  });

  it('leaves nothing when another session terminates the connection mid-statement', async () => {
    const victim = await db.current.client();
    await victim.query(`set application_name = 'confiture-terminated'`);
    const before = await snapshot();
    const running = dryRun(victim, `create table doomed (z int); insert into plain values (8); select pg_sleep(30)`).catch((e: unknown) => e);
    const pid = await until('the dry-run to reach pg_sleep', () => backendRunning('confiture-terminated', '%pg_sleep%'));
    await observer.query('select pg_terminate_backend($1)', [pid]);
    const error = await running;
    expect(isConfitureError(error) && error.code).toBe('CONFITURE_CONNECTION_FAILED');
    expect((error as Error).message).toMatch(/Nothing was committed/);
    expect(await snapshot()).toEqual(before);
  });

  const child = fileURLToPath(new URL('./test-helpers/child-dry-run.mjs', import.meta.url));
  const register = fileURLToPath(new URL('./test-helpers/register-ts.mjs', import.meta.url));

  function spawnChild(sql: string) {
    const proc = spawn(process.execPath, ['--import', register, child, db.current.url, sql], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    return { proc, exited, output: () => output };
  }

  it('leaves nothing when the client process is killed with SIGKILL mid-run', async () => {
    const before = await snapshot();
    const { proc, exited, output } = spawnChild(`create table from_killed (z int); insert into plain values (9); select pg_sleep(3)`);
    const pid = await until(`the child's dry-run to reach pg_sleep (output: ${output()})`, () => backendRunning('confiture-dry-run-child', '%pg_sleep%'));
    proc.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    // The backend notices the closed socket when pg_sleep returns, then aborts the transaction.
    await until('the backend to go away', async () => (await observer.query('select 1 from pg_stat_activity where pid = $1', [pid])).rows.length === 0);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('on SIGTERM, finishes the running statement, rolls back, restores sequences, then dies of the signal', async () => {
    const before = await snapshot();
    const { proc, exited, output } = spawnChild(`insert into items (name) values ('from the child'); select pg_sleep(1.5); insert into plain values (10)`);
    await until(`the child's dry-run to reach pg_sleep (output: ${output()})`, () => backendRunning('confiture-dry-run-child', '%pg_sleep%'));
    proc.kill('SIGTERM');
    const { signal } = await exited;
    expect(signal).toBe('SIGTERM');
    expect(output()).not.toContain('done');
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});
