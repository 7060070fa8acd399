import { usePglite, useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyStatements } from '../classify/classify.js';
import { splitStatements } from '../parse/split.js';
import { withDryRunTransaction } from '../transaction/dry-run-transaction.js';
import type { Queryable } from '@confiture/core';
import type { PredictedLock } from '../types.js';
import { hrClock } from './execute-statement.js';
import { type ExecutorHooks, type PlannedStatement, runStatements } from './executor.js';

const db = useTestDatabase();
let client: pg.Client;
let other: pg.Client;

const SCHEMA = `
  create table users (id serial primary key, email text not null);
  insert into users (email) select 'u' || g || '@x.io' from generate_series(1, 30) g;
  create table orders (id serial primary key, user_id int references users (id), amount int not null default 0);
  insert into orders (user_id, amount) select g, g * 10 from generate_series(1, 30) g;
`;

async function plan(sql: string, predicted: Record<number, PredictedLock[]> = {}): Promise<PlannedStatement[]> {
  const statements = classifyStatements(await splitStatements([{ file: 'm.sql', sql }]));
  return statements.map((statement) => ({ statement, predictedLocks: predicted[statement.index] ?? [] }));
}

async function run(queryable: Queryable, planned: PlannedStatement[], hooks: ExecutorHooks = {}, lockTimeoutMs = 2000) {
  const { result } = await withDryRunTransaction(queryable, { lockTimeoutMs, statementTimeoutMs: 30_000, handleSignals: false }, (tx) =>
    runStatements(tx, planned, hrClock, hooks),
  );
  return result;
}

beforeAll(async () => {
  client = await db.current.client();
  other = await db.current.client();
  await client.query(SCHEMA);
});

describe('runStatements on a server', () => {
  it('observes locks, rewrites and catalog changes statement by statement', async () => {
    const users = (mode: PredictedLock['mode']): PredictedLock[] => [{ relation: 'public.users', mode, reason: 'test' }];
    const planned = await plan(
      [
        'alter table users add column age int', // 0
        'update users set age = 1', // 1
        'alter table orders alter column amount type bigint', // 2
        'create index users_email on users (email)', // 3
        `alter table users add constraint email_at check (email like '%@%') not valid`, // 4
        'alter table users validate constraint email_at', // 5
        'alter table users drop column age', // 6
        'create table extra (x int)', // 7
        'alter table users rename column email to mail', // 8
      ].join(';\n'),
      { 6: users('AccessExclusiveLock'), 8: users('AccessExclusiveLock') },
    );
    const result = await run(client, planned);
    const [add, update, retype, index, check, validate, drop, create, rename] = result.statements;

    expect(add?.locks).toEqual([expect.objectContaining({ relation: 'public.users', mode: 'AccessExclusiveLock', relationKind: 'r' })]);
    expect(add?.impact?.columnsAdded).toEqual([{ relation: 'public.users', column: 'age', type: 'integer' }]);
    expect(add?.impact?.rewrites).toEqual([]);

    expect(update?.locks?.find((l) => l.relation === 'public.users')?.mode).toBe('RowExclusiveLock');
    expect(update?.rowsAffected).toBe(30);

    expect(retype?.impact?.rewrites).toEqual(['public.orders', 'public.orders_pkey']);
    expect(retype?.impact?.columnsAltered).toEqual([{ relation: 'public.orders', column: 'amount', change: 'type', from: 'integer', to: 'bigint' }]);
    expect(retype?.locks?.[0]).toMatchObject({ relation: 'public.orders', mode: 'AccessExclusiveLock' });

    expect(index?.locks?.find((l) => l.relation === 'public.users')?.mode).toBe('ShareLock');
    expect(index?.impact?.indexesAdded).toEqual([expect.objectContaining({ index: 'public.users_email', relation: 'public.users', valid: true })]);
    expect(index?.impact?.sizes.find((s) => s.relation === 'public.users_email')).toMatchObject({ bytesBefore: null, bytesAfter: expect.any(Number) });

    expect(check?.impact?.constraintsAdded).toEqual([expect.objectContaining({ name: 'email_at', type: 'check', validated: false })]);
    expect(validate?.impact?.constraintsValidated).toEqual([expect.objectContaining({ name: 'email_at', validated: true })]);

    // The table is already AccessExclusive-locked by statement 0: no new lock row, but the
    // prediction points the diff at it.
    expect(drop?.locks).toEqual([]);
    expect(drop?.lockMismatch).toBeNull();
    expect(drop?.impact?.columnsDropped).toEqual([{ relation: 'public.users', column: 'age', type: 'integer' }]);

    expect(create?.impact?.relationsCreated).toEqual([{ relation: 'public.extra', kind: 'table' }]);
    expect(create?.locks).toEqual([]);
    expect(rename?.impact?.columnsAltered).toEqual([{ relation: 'public.users', column: 'mail', change: 'rename', from: 'email', to: 'mail' }]);

    const { rows } = await other.query(`select count(*)::int as n from information_schema.columns where table_name = 'users'`);
    expect(rows[0].n).toBe(2);
  });

  it('reports a failing statement at its file position, releases its locks and goes on', async () => {
    const planned = await plan(`alter table orders add column z int;\nselect id,\n  nope from users;\nalter table users add column w int`);
    let usersLocksAfterFailure: string[] = [];
    const hooks: ExecutorHooks = {
      afterStatement: async (index) => {
        if (index !== 1) return;
        const pid = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;
        const { rows } = await other.query(`select mode from pg_locks where pid = $1 and relation = 'users'::regclass`, [pid]);
        usersLocksAfterFailure = rows.map((r) => r.mode);
      },
    };
    const result = await run(client, planned, hooks);
    const failed = result.statements[1];
    expect(failed?.run?.ok).toBe(false);
    if (failed?.run?.ok !== false) return;
    expect(failed.run.error).toMatchObject({ code: '42703', location: { file: 'm.sql', line: 3, column: 3 } });
    expect(failed.locks).toBeNull();
    expect(usersLocksAfterFailure).toEqual([]);
    expect(result.statements[2]?.run?.ok).toBe(true);
    expect(result.statements[2]?.impact?.columnsAdded[0]?.column).toBe('w');
  });

  it('names the session holding the lock when lock_timeout fires', async () => {
    const otherPid = (await other.query('select pg_backend_pid() as pid')).rows[0].pid;
    await other.query('begin');
    await other.query('lock table orders in share mode');
    try {
      const planned = await plan('alter table orders add column blocked int', {
        0: [{ relation: 'public.orders', mode: 'AccessExclusiveLock', reason: 'test' }],
      });
      const result = await run(client, planned, {}, 200);
      const run0 = result.statements[0]?.run;
      expect(run0?.ok).toBe(false);
      if (run0?.ok !== false) return;
      expect(run0.error.code).toBe('55P03');
      expect(run0.error.lockHolders?.[0]).toMatchObject({
        pid: otherPid,
        relation: 'public.orders',
        mode: 'ShareLock',
        conflicts: true,
        query: 'lock table orders in share mode',
      });
    } finally {
      await other.query('rollback');
    }
  });

  it('does not execute statements classified static', async () => {
    const planned = await plan('create index concurrently orders_amount on orders (amount)');
    expect(planned[0]?.statement.classification.action).toBe('static');
    const result = await run(client, planned);
    expect(result.statements[0]).toMatchObject({ executed: false, run: null });
    const { rows } = await other.query(`select to_regclass('orders_amount') as i`);
    expect(rows[0].i).toBeNull();
  });
});

describe('runStatements on PGlite', () => {
  const lite = usePglite(SCHEMA);

  it('observes the same locks and impact', async () => {
    const planned = await plan('alter table users add column age int;\ncreate index on orders (amount);\nselect missing');
    const result = await run(lite.current, planned);
    expect(result.statements[0]?.locks).toEqual([expect.objectContaining({ relation: 'public.users', mode: 'AccessExclusiveLock' })]);
    expect(result.statements[0]?.impact?.columnsAdded).toEqual([{ relation: 'public.users', column: 'age', type: 'integer' }]);
    expect(result.statements[1]?.locks?.[0]).toMatchObject({ relation: 'public.orders', mode: 'ShareLock' });
    expect(result.statements[1]?.impact?.indexesAdded[0]?.index).toBe('public.orders_amount_idx');
    const failed = result.statements[2]?.run;
    expect(failed?.ok === false && failed.error).toMatchObject({ code: '42703', location: { line: 3, column: 8 } });
    const { rows } = await lite.current.query<{ n: number }>(`select count(*)::int as n from pg_attribute where attrelid = 'users'::regclass and attname = 'age'`);
    expect(rows[0]?.n).toBe(0);
  });
});
