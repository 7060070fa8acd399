import type { BlockedOperation, LockMode } from '../types.js';

/**
 * The eight table lock modes, weakest first.
 *
 * @example
 * ```ts
 * LOCK_MODES.indexOf('ShareLock') > LOCK_MODES.indexOf('RowExclusiveLock'); // true: ShareLock is stronger
 * ```
 */export const LOCK_MODES: readonly LockMode[] = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
];

// PostgreSQL's table-level lock conflict matrix ("Explicit Locking" chapter), row = requested mode.
const CONFLICTS: Readonly<Record<LockMode, readonly LockMode[]>> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: LOCK_MODES,
};

/**
 * True when a lock in mode `held` makes a request for mode `requested` wait.
 *
 * @example
 * ```ts
 * lockConflicts('ShareLock', 'RowExclusiveLock'); // true: a CREATE INDEX blocks INSERTs
 * lockConflicts('ShareUpdateExclusiveLock', 'RowExclusiveLock'); // false: CREATE INDEX CONCURRENTLY does not
 * ```
 */export function lockConflicts(held: LockMode, requested: LockMode): boolean {
  return CONFLICTS[held].includes(requested);
}

/** Position of a mode in {@link LOCK_MODES}; higher is stronger. */
export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

/**
 * The stronger of two modes.
 *
 * @example
 * ```ts
 * strongerLock('ShareLock', 'AccessExclusiveLock'); // 'AccessExclusiveLock'
 * ```
 */export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return lockStrength(a) >= lockStrength(b) ? a : b;
}

/**
 * True when the text is one of the eight table lock mode names.
 *
 * @example
 * ```ts
 * isLockMode(row.mode) ? row.mode : undefined; // pg_locks.mode values such as 'AccessExclusiveLock'
 * ```
 */export function isLockMode(value: string): value is LockMode {
  return (LOCK_MODES as readonly string[]).includes(value);
}

// The lock each application operation requests on a table.
const OPERATION_LOCKS: ReadonlyArray<readonly [BlockedOperation, LockMode]> = [
  ['SELECT', 'AccessShareLock'],
  ['SELECT FOR UPDATE/SHARE', 'RowShareLock'],
  ['INSERT/UPDATE/DELETE', 'RowExclusiveLock'],
  ['VACUUM/ANALYZE', 'ShareUpdateExclusiveLock'],
  ['CREATE INDEX', 'ShareLock'],
  ['DDL', 'AccessExclusiveLock'],
];

/**
 * Which application operations wait while a lock in `mode` is held on their table.
 *
 * @example
 * ```ts
 * blockedOperations('ShareLock'); // ['INSERT/UPDATE/DELETE', 'VACUUM/ANALYZE', 'DDL']
 * ```
 */
export function blockedOperations(mode: LockMode): BlockedOperation[] {
  return OPERATION_LOCKS.filter(([, requested]) => lockConflicts(mode, requested)).map(([operation]) => operation);
}
