import type { Queryable } from '@confiture/core';

/**
 * Runs `body` in a read-only transaction with a lock_timeout, then rolls it back: the catalog
 * reads of a dry-run (sizes take a short AccessShareLock) must never wait forever behind another
 * session's lock, and must not leave the caller's session settings changed.
 */
export async function inReadOnlyTransaction<T>(queryable: Queryable, lockTimeoutMs: number, body: () => Promise<T>): Promise<T> {
  await queryable.query('begin isolation level repeatable read read only');
  let result: T;
  try {
    await queryable.query(`set local lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    result = await body();
  } catch (error) {
    await queryable.query('rollback').catch(() => undefined);
    throw error;
  }
  await queryable.query('rollback');
  return result;
}

/**
 * Like {@link inReadOnlyTransaction} for a session that may already be inside the caller's
 * transaction (static mode accepts one): there, a savepoint bounds the lock_timeout and is rolled
 * back, so the caller's transaction and settings are left as they were.
 */
export async function inReadGuard<T>(queryable: Queryable, lockTimeoutMs: number, insideCallerTransaction: boolean, body: () => Promise<T>): Promise<T> {
  if (!insideCallerTransaction) return inReadOnlyTransaction(queryable, lockTimeoutMs, body);
  await queryable.query('savepoint confiture_dry_run_read');
  let result: T;
  try {
    await queryable.query(`set local lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    result = await body();
  } finally {
    await queryable.query('rollback to savepoint confiture_dry_run_read');
    await queryable.query('release savepoint confiture_dry_run_read');
  }
  return result;
}
