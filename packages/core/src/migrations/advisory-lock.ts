import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfitureError } from '../errors.js';
import type { Queryable } from '../queryable.js';

/** Options for {@link withAdvisoryLock}. */
export interface AdvisoryLockOptions {
  /** How long to wait for a lock another session holds, in milliseconds (default 30 000; 0 tries once). */
  readonly timeoutMs?: number;
  /** What the lock protects, for the timeout message (default: the key). */
  readonly description?: string;
}

/**
 * Default wait for a lock held by another session, in milliseconds.
 *
 * @example
 * ```ts
 * await migrateUp(connection, { migrationsDir: 'db/migrations', lockWaitTimeoutMs: 2 * DEFAULT_LOCK_WAIT_MS });
 * ```
 */
export const DEFAULT_LOCK_WAIT_MS = 30_000;

/**
 * The 64-bit advisory lock key of a name: the first 8 bytes of the SHA-256 of its UTF-8 bytes,
 * read as a big-endian signed integer (the `bigint` that `pg_advisory_lock` takes).
 * The migrator locks `advisoryLockKey('confiture:migrate:' + schema + '.' + table)` for its
 * tracking table, e.g. `confiture:migrate:public.confiture_migrations`.
 *
 * @example
 * ```ts
 * const key = advisoryLockKey('confiture:migrate:public.confiture_migrations');
 * await client.query('select pg_advisory_lock($1::bigint)', [key.toString()]);
 * ```
 */
export function advisoryLockKey(name: string): bigint {
  return createHash('sha256').update(name, 'utf8').digest().readBigInt64BE(0);
}

/** A session holding an advisory lock, as pg_locks and pg_stat_activity describe it. */
export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string | null;
  readonly user: string | null;
  readonly clientAddress: string | null;
  readonly since: string | null;
}

/**
 * Runs `fn` while holding a session-level advisory lock, so two processes doing the same work on
 * one database take turns. Waits for a lock held elsewhere by polling `pg_try_advisory_lock`
 * with a growing, jittered delay (never blocking the session in the server), up to `timeoutMs`,
 * then throws `CONFITURE_LOCK_TIMEOUT` naming the session that holds it when the server tells.
 * The lock is released when `fn` settles, whatever happens. A string key is turned into a number
 * with {@link advisoryLockKey}.
 *
 * Give it a single session (a client, not a pool): session locks belong to the connection.
 *
 * @example
 * ```ts
 * await withAdvisoryLock(client, 'my-app:seed', { timeoutMs: 10_000 }, async () => {
 *   await client.query('insert into seeds ...');
 * });
 * ```
 */
export async function withAdvisoryLock<T>(queryable: Queryable, key: string | bigint, options: AdvisoryLockOptions, fn: () => Promise<T>): Promise<T> {
  const numeric = typeof key === 'bigint' ? key : advisoryLockKey(key);
  const param = BigInt.asIntN(64, numeric).toString();
  const timeoutMs = Math.max(0, options.timeoutMs ?? DEFAULT_LOCK_WAIT_MS);
  const started = Date.now();
  let delay = 25;
  for (;;) {
    const { rows } = await queryable.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [param]);
    if (rows[0]?.locked === true) break;
    const left = started + timeoutMs - Date.now();
    if (left <= 0) {
      const holders = await findLockHolders(queryable, BigInt(param)).catch(() => []);
      throw lockTimeout(options.description ?? (typeof key === 'string' ? key : `key ${param}`), param, Date.now() - started, holders);
    }
    await sleep(Math.min(left, delay * (0.75 + Math.random() * 0.5)));
    delay = Math.min(delay * 1.6, 1000);
  }
  try {
    return await fn();
  } finally {
    // If the session is gone the server has released the lock already; never hide fn's outcome.
    await queryable.query('select pg_advisory_unlock($1::bigint)', [param]).catch(() => {});
  }
}

/** Sessions holding the advisory lock `key` in the current database. */
export async function findLockHolders(queryable: Queryable, key: bigint): Promise<LockHolder[]> {
  const unsigned = BigInt.asUintN(64, key);
  const classid = (unsigned >> 32n).toString();
  const objid = (unsigned & 0xffffffffn).toString();
  const { rows } = await queryable.query<{ pid: number; application_name: string | null; usename: string | null; client_addr: string | null; since: Date | string | null }>(
    `select l.pid, a.application_name, a.usename::text as usename, a.client_addr::text as client_addr, coalesce(a.xact_start, a.backend_start) as since
       from pg_locks l left join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.classid = $1::oid and l.objid = $2::oid
        and l.database = (select oid from pg_database where datname = current_database())
        and l.pid <> pg_backend_pid()`,
    [classid, objid],
  );
  return rows.map((r) => ({
    pid: Number(r.pid),
    applicationName: r.application_name || null,
    user: r.usename,
    clientAddress: r.client_addr,
    since: r.since instanceof Date ? r.since.toISOString() : r.since,
  }));
}

function lockTimeout(what: string, key: string, waitedMs: number, holders: LockHolder[]): ConfitureError {
  const holder = holders[0];
  const who = holder
    ? ` It is held by server process ${holder.pid}` +
      [holder.applicationName && `application "${holder.applicationName}"`, holder.user && `user "${holder.user}"`, holder.clientAddress && `from ${holder.clientAddress}`]
        .filter(Boolean)
        .map((part, k) => (k === 0 ? ` (${part}` : `, ${part}`))
        .join('') +
      (holder.applicationName || holder.user || holder.clientAddress ? ')' : '') +
      (holder.since ? `, connected or in a transaction since ${holder.since}` : '') +
      '.'
    : '';
  return new ConfitureError({
    code: 'CONFITURE_LOCK_TIMEOUT',
    message: `Gave up after ${waitedMs} ms waiting for the advisory lock of ${what} (key ${key}).${who}`,
    hint: holder
      ? `Another run is probably busy on this database: wait for it to finish, or wait longer (lock wait timeout). If that session is stuck, end it with: select pg_terminate_backend(${holder.pid});`
      : 'Another run is probably busy on this database: wait for it to finish, or wait longer (lock wait timeout).',
    details: { key, waitedMs, holders },
  });
}
