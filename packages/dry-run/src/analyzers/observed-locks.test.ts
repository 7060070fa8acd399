import { describe, expect, it } from 'vitest';
import type { LockPair, RelationRow } from './impact-snapshot.js';
import { heldFor, heldModesByName, lockMismatch, newLockPairs, observedLocks } from './observed-locks.js';

const rel = (oid: number, name: string, kind = 'r', tableOid: number | null = null): RelationRow => ({ oid, name, kind, relfilenode: oid, xmin: '1', tableOid });
const relations = new Map<number, RelationRow>([
  [1, rel(1, 'public.users')],
  [2, rel(2, 'public.users_pkey', 'i', 1)],
  [3, rel(3, 'public.users_id_seq', 'S')],
  [4, rel(4, 'public.orders')],
  [9, rel(9, 'public.created_in_run')],
]);
const preexisting = new Set([1, 2, 3, 4]);

describe('observed locks', () => {
  it('keeps the new pairs on pre-existing relations, strongest per relation, tables first, no sequences', () => {
    const before: LockPair[] = [{ oid: 4, mode: 'AccessShareLock' }];
    const after: LockPair[] = [
      ...before,
      { oid: 1, mode: 'RowExclusiveLock' },
      { oid: 1, mode: 'AccessExclusiveLock' },
      { oid: 2, mode: 'RowExclusiveLock' },
      { oid: 3, mode: 'RowExclusiveLock' },
      { oid: 9, mode: 'AccessExclusiveLock' },
    ];
    const locks = observedLocks(newLockPairs(before, after), relations, preexisting);
    expect(locks.map((l) => [l.relation, l.mode])).toEqual([
      ['public.users', 'AccessExclusiveLock'],
      ['public.users_pkey', 'RowExclusiveLock'],
    ]);
    expect(locks[0]?.blocks).toContain('SELECT');
  });

  it('sees a weaker mode newly requested on a relation already locked more strongly', () => {
    const before: LockPair[] = [{ oid: 1, mode: 'AccessExclusiveLock' }];
    const after: LockPair[] = [...before, { oid: 1, mode: 'RowExclusiveLock' }];
    expect(observedLocks(newLockPairs(before, after), relations, preexisting).map((l) => l.mode)).toEqual(['RowExclusiveLock']);
  });
});

describe('lockMismatch', () => {
  const names = new Set(['public.users', 'public.orders', 'public.users_pkey']);
  const observed = (mode: 'AccessExclusiveLock' | 'ShareLock', relation = 'public.users', relationKind = 'r') => [{ relation, mode, relationKind, blocks: [], heldFor: null }];

  it('is null when observation and prediction agree, or the lock was already held', () => {
    const predicted = [{ relation: 'public.users', mode: 'AccessExclusiveLock' as const, reason: '' }];
    expect(lockMismatch(predicted, observed('AccessExclusiveLock'), new Map([['public.users', 'AccessExclusiveLock']]), names)).toBeNull();
    expect(lockMismatch(predicted, [], new Map([['public.users', 'AccessExclusiveLock']]), names)).toBeNull();
  });

  it('notes a predicted lock not taken, unless conditional or on a relation of the run', () => {
    const held = new Map([['public.users', 'ShareLock' as const]]);
    expect(lockMismatch([{ relation: 'public.users', mode: 'AccessExclusiveLock', reason: '' }], [], held, names)).toBe(
      'predicted AccessExclusiveLock on public.users, but PostgreSQL took only ShareLock',
    );
    expect(lockMismatch([{ relation: 'public.orders', mode: 'RowShareLock', reason: '', conditional: true }], [], held, names)).toBeNull();
    expect(lockMismatch([{ relation: 'public.new', mode: 'AccessExclusiveLock', reason: '' }], [], held, names)).toBeNull();
  });

  it('notes an observed lock that blocks more traffic than predicted, but not index locks', () => {
    const held = new Map([['public.users', 'AccessExclusiveLock' as const]]);
    expect(lockMismatch([{ relation: 'public.users', mode: 'ShareLock', reason: '' }], observed('AccessExclusiveLock'), held, names)).toMatch(
      /stronger than the predicted ShareLock \(also blocks SELECT, SELECT FOR UPDATE\/SHARE\)/,
    );
    expect(lockMismatch([], observed('AccessExclusiveLock', 'public.users_pkey', 'i'), held, names)).toBeNull();
  });

  it('maps held modes to names', () => {
    expect(heldModesByName([{ oid: 1, mode: 'RowShareLock' }, { oid: 1, mode: 'ShareLock' }], relations)).toEqual(new Map([['public.users', 'ShareLock']]));
  });
});

describe('heldFor', () => {
  it('runs to the end of the statement’s transaction (its file), counting executed statements only', () => {
    const timeline = [
      { index: 0, transaction: 0, executed: true, durationMs: 10, estimatedMs: 100 },
      { index: 1, transaction: 0, executed: false, durationMs: 0, estimatedMs: null },
      { index: 2, transaction: 0, executed: true, durationMs: 5, estimatedMs: 5 },
      { index: 3, transaction: 1, executed: true, durationMs: 50, estimatedMs: 50 },
    ];
    expect(heldFor(0, timeline)).toEqual({ statements: 2, durationMs: 15, estimatedMs: 105, untilIndex: 2 });
    expect(heldFor(3, timeline)).toEqual({ statements: 1, durationMs: 50, estimatedMs: 50, untilIndex: 3 });
  });
});
