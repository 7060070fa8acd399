import type { Queryable } from '@confiture/core';

/** A session advisory lock as pg_locks shows it. */
export interface AdvisoryLock {
  readonly classid: number;
  readonly objid: number;
  /** 1: taken with one bigint key; 2: taken with two integer keys. */
  readonly objsubid: number;
  readonly shared: boolean;
}

function keyOf(lock: AdvisoryLock): string {
  return `${lock.classid}:${lock.objid}:${lock.objsubid}:${lock.shared ? 's' : 'x'}`;
}

/** Advisory locks this session holds in the current database. */
export async function listAdvisoryLocks(queryable: Queryable): Promise<AdvisoryLock[]> {
  const { rows } = await queryable.query<{ classid: number | string; objid: number | string; objsubid: number | string; mode: string }>(
    `select l.classid::int8 as classid, l.objid::int8 as objid, l.objsubid::int8 as objsubid, l.mode
       from pg_locks l
      where l.locktype = 'advisory' and l.pid = pg_backend_pid() and l.granted
        and l.database = (select oid from pg_database where datname = current_database())`,
  );
  return rows.map((r) => ({ classid: Number(r.classid), objid: Number(r.objid), objsubid: Number(r.objsubid), shared: r.mode === 'ShareLock' }));
}

function int32(value: number): number {
  return value >= 2 ** 31 ? value - 2 ** 32 : value;
}

/** The bigint key pg_advisory_lock(bigint) was called with: classid holds the high half. */
export function advisoryBigintKey(lock: AdvisoryLock): string {
  return BigInt.asIntN(64, (BigInt(lock.classid) << 32n) | BigInt(lock.objid)).toString();
}

/** A human label: `pg_advisory_lock(42)` or `pg_advisory_lock(1, 2)`. */
export function describeAdvisoryLock(lock: AdvisoryLock): string {
  const fn = lock.shared ? 'pg_advisory_lock_shared' : 'pg_advisory_lock';
  return lock.objsubid === 2 ? `${fn}(${int32(lock.classid)}, ${int32(lock.objid)})` : `${fn}(${advisoryBigintKey(lock)})`;
}

// A session lock taken n times needs n unlocks; the bound only guards against a driver that
// misreports the result.
const MAX_UNLOCKS = 10_000;

/**
 * Releases exactly the session advisory locks taken since `before` (they survive ROLLBACK).
 * pg_advisory_unlock_all would also drop the locks the caller held on purpose.
 */
export async function releaseNewAdvisoryLocks(queryable: Queryable, before: readonly AdvisoryLock[]): Promise<string[]> {
  const held = new Set(before.map(keyOf));
  const fresh = (await listAdvisoryLocks(queryable)).filter((l) => !held.has(keyOf(l)));
  const released: string[] = [];
  for (const lock of fresh) {
    const fn = lock.shared ? 'pg_advisory_unlock_shared' : 'pg_advisory_unlock';
    const [sql, params] =
      lock.objsubid === 2
        ? [`select ${fn}($1::int4, $2::int4) as ok`, [int32(lock.classid), int32(lock.objid)]]
        : [`select ${fn}($1::int8) as ok`, [advisoryBigintKey(lock)]];
    for (let i = 0; i < MAX_UNLOCKS; i++) {
      const { rows } = await queryable.query<{ ok: boolean }>(sql, params);
      if (rows[0]?.ok !== true) break;
    }
    released.push(describeAdvisoryLock(lock));
  }
  return released;
}
