import { isConfitureError } from '@confiture/core';
import { usePglite, useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { withDryRunTransaction } from './dry-run-transaction.js';

const db = useTestDatabase();
let client: pg.Client;
let other: pg.Client;
const options = { lockTimeoutMs: 2000, statementTimeoutMs: 60_000, handleSignals: false };

beforeAll(async () => {
  client = await db.current.client();
  other = await db.current.client();
  await client.query(`
    create table items (id serial primary key, name text not null);
    insert into items (name) values ('a'), ('b');
    create sequence fresh_seq;
    create sequence set_seq; select setval('set_seq', 100, false);
  `);
});

async function seq(name: string): Promise<{ last_value: string; is_called: boolean }> {
  const { rows } = await other.query(`select last_value::text, is_called from ${name}`);
  return rows[0];
}

describe('withDryRunTransaction', () => {
  it('rolls back the work and puts every advanced sequence back exactly, is_called included', async () => {
    const before = await Promise.all(['items_id_seq', 'fresh_seq', 'set_seq'].map(seq));
    const { cleanup } = await withDryRunTransaction(client, options, async () => {
      await client.query(`insert into items (name) values ('c'), ('d')`);
      await client.query(`select nextval('fresh_seq'), nextval('set_seq')`);
      await client.query(`create table scratch (x int)`);
    });
    expect(cleanup.rolledBack).toBe(true);
    expect([...cleanup.sequencesRestored].sort()).toEqual(['public.fresh_seq', 'public.items_id_seq', 'public.set_seq']);
    expect(await Promise.all(['items_id_seq', 'fresh_seq', 'set_seq'].map(seq))).toEqual(before);
    const { rows } = await other.query(`select count(*)::int as n, to_regclass('scratch') as t from items`);
    expect(rows[0]).toEqual({ n: 2, t: null });
  });

  it('applies its lock and statement timeouts only inside the transaction', async () => {
    const seen = await withDryRunTransaction(client, { ...options, lockTimeoutMs: 1234, statementTimeoutMs: 5678 }, async () => {
      const { rows } = await client.query(`select current_setting('lock_timeout') as l, current_setting('statement_timeout') as s`);
      return rows[0];
    });
    expect(seen.result).toEqual({ l: '1234ms', s: '5678ms' });
    const { rows } = await client.query(`select current_setting('lock_timeout') as l`);
    expect(rows[0].l).toBe('0');
  });

  it('refuses a session already inside a transaction and leaves that transaction alone', async () => {
    await client.query('begin');
    await client.query(`insert into items (name) values ('mine')`);
    const error = await withDryRunTransaction(client, options, async () => 'ran').catch((e: unknown) => e);
    expect(isConfitureError(error) && error.code).toBe('CONFITURE_DRY_RUN_IN_TRANSACTION');
    const { rows } = await client.query(`select count(*)::int as n from items where name = 'mine'`);
    expect(rows[0].n).toBe(1);
    await client.query('rollback');
  });

  it('refuses a session whose transaction already failed', async () => {
    await client.query('begin');
    await client.query('select 1/0').catch(() => undefined);
    const error = await withDryRunTransaction(client, options, async () => 'ran').catch((e: unknown) => e);
    expect(isConfitureError(error) && error.code).toBe('CONFITURE_DRY_RUN_IN_TRANSACTION');
    await client.query('rollback');
  });

  it('releases exactly the session advisory locks taken during the run, not the caller’s', async () => {
    await client.query('select pg_advisory_lock(7)');
    const { cleanup } = await withDryRunTransaction(client, options, async () => {
      await client.query('select pg_advisory_lock(7), pg_advisory_lock(-5000000000), pg_advisory_lock(3, -4), pg_advisory_lock_shared(9)');
    });
    expect([...cleanup.advisoryLocksReleased].sort()).toEqual(['pg_advisory_lock(-5000000000)', 'pg_advisory_lock(3, -4)', 'pg_advisory_lock_shared(9)'].sort());
    const { rows } = await other.query(
      'select pg_try_advisory_lock(-5000000000) as a, pg_try_advisory_lock(3, -4) as b, pg_try_advisory_lock(9) as c, pg_try_advisory_lock(7) as d',
    );
    expect(rows[0]).toEqual({ a: true, b: true, c: true, d: false });
    await other.query('select pg_advisory_unlock_all()');
    await client.query('select pg_advisory_unlock_all()');
  });

  it('deallocates the statements the run PREPAREd, not the caller’s', async () => {
    await client.query('prepare mine as select 1');
    const { cleanup } = await withDryRunTransaction(client, options, async () => {
      await client.query('prepare from_run (int) as select $1');
    });
    expect(cleanup.preparedStatementsDeallocated).toEqual(['from_run']);
    const { rows } = await client.query('select name from pg_prepared_statements order by name');
    expect(rows.map((r) => r.name)).toEqual(['mine']);
    await client.query('deallocate mine');
  });

  it('rolls back and restores when the body throws, and rethrows its error', async () => {
    const before = await seq('items_id_seq');
    const error = await withDryRunTransaction(client, options, async () => {
      await client.query(`insert into items (name) values ('x')`);
      throw new Error('analyzer exploded');
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('analyzer exploded');
    expect(await seq('items_id_seq')).toEqual(before);
    const { rows } = await other.query(`select count(*)::int as n from items`);
    expect(rows[0].n).toBe(2);
    const state = await client.query('select pg_current_xact_id_if_assigned() as x');
    expect(state.rows[0].x).toBeNull();
  });

  it('restores sequences even when a SQL error left the transaction aborted', async () => {
    const before = await seq('items_id_seq');
    await withDryRunTransaction(client, options, async () => {
      await client.query(`insert into items (name) values ('y')`);
      await client.query('select 1/0');
    }).catch(() => undefined);
    expect(await seq('items_id_seq')).toEqual(before);
  });

  it('stops on the caller’s AbortSignal, rolls back and says it was stopped', async () => {
    const controller = new AbortController();
    const error = await withDryRunTransaction(client, { ...options, signal: controller.signal }, async (tx) => {
      await client.query(`insert into items (name) values ('z')`);
      controller.abort();
      expect(tx.abortReason).toMatch(/AbortSignal/);
    }).catch((e: unknown) => e);
    expect(isConfitureError(error) && error.code).toBe('CONFITURE_DRY_RUN_ABORTED');
    const { rows } = await other.query(`select count(*)::int as n from items where name = 'z'`);
    expect(rows[0].n).toBe(0);
  });
});

describe('withDryRunTransaction on PGlite', () => {
  const lite = usePglite(`create table t (id serial primary key); insert into t default values;`);

  it('rolls back and restores the sequence', async () => {
    const { cleanup } = await withDryRunTransaction(lite.current, options, async () => {
      await lite.current.query('insert into t default values');
      await lite.current.query('select pg_advisory_lock(1)');
    });
    expect(cleanup.sequencesRestored).toEqual(['public.t_id_seq']);
    expect(cleanup.advisoryLocksReleased).toEqual(['pg_advisory_lock(1)']);
    const { rows } = await lite.current.query<{ n: number; last: string; called: boolean }>(
      `select (select count(*)::int from t) as n, last_value::text as last, is_called as called from t_id_seq`,
    );
    expect(rows[0]).toEqual({ n: 1, last: '1', called: true });
  });

  it('refuses when PGlite is inside a transaction', async () => {
    await lite.current.query('begin');
    const error = await withDryRunTransaction(lite.current, options, async () => 'ran').catch((e: unknown) => e);
    expect(isConfitureError(error) && error.code).toBe('CONFITURE_DRY_RUN_IN_TRANSACTION');
    await lite.current.query('rollback');
  });
});
