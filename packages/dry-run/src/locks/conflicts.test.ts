import { describe, expect, it } from 'vitest';
import { LOCK_MODES, blockedOperations, lockConflicts, strongerLock } from './conflicts.js';

describe('lock conflict table', () => {
  it('is symmetric, as PostgreSQL documents it', () => {
    for (const a of LOCK_MODES) for (const b of LOCK_MODES) expect(lockConflicts(a, b)).toBe(lockConflicts(b, a));
  });
  it('blocks everything under AccessExclusiveLock and only DDL under AccessShareLock', () => {
    expect(blockedOperations('AccessExclusiveLock')).toContain('SELECT');
    expect(blockedOperations('AccessShareLock')).toEqual(['DDL']);
  });
  it('lets reads through a ShareLock but not writes', () => {
    const blocked = blockedOperations('ShareLock');
    expect(blocked).not.toContain('SELECT');
    expect(blocked).toContain('INSERT/UPDATE/DELETE');
  });
  it('lets reads and writes through a ShareUpdateExclusiveLock', () => {
    expect(blockedOperations('ShareUpdateExclusiveLock')).toEqual(['VACUUM/ANALYZE', 'CREATE INDEX', 'DDL']);
  });
  it('orders modes by strength', () => {
    expect(strongerLock('ShareLock', 'RowExclusiveLock')).toBe('ShareLock');
  });
});
