import { blockedOperations, lockStrength, strongerLock } from '../locks/conflicts.js';
import type { BlockedOperation, LockMode, LockRef, PredictedLock } from '../types.js';
import type { LockPair, RelationRow } from './impact-snapshot.js';

/**
 * How long a lock stays held once a statement took it: until the end of its migration's transaction.
 *
 * @example
 * ```ts
 * const held = statement.locks?.[0]?.heldFor;
 * if (held) console.log(`held for ${held.statements} statements, ${held.durationMs} ms here, ${held.estimatedMs ?? '?'} ms on the target`);
 * ```
 */export interface HeldFor {
  /** Statements that run while it is held, this one included. */
  readonly statements: number;
  /** Their measured durations, summed. */
  readonly durationMs: number;
  /** The same on the target size, when the cost estimator was given one. */
  readonly estimatedMs: number | null;
  /** Index (in the run) of the last statement of the transaction: the lock is released after it. */
  readonly untilIndex: number;
}

/**
 * A lock the statement took on a relation that existed before the run (the JSON's `locks[]`).
 *
 * @example
 * ```ts
 * const exclusive = statement.locks?.filter((l) => l.mode === 'AccessExclusiveLock' && l.blocks.includes('SELECT'));
 * ```
 */export interface ObservedLock extends LockRef {
  /** pg_class.relkind of the relation: `r` table, `i` index, `v` view... */
  readonly relationKind: string;
  /** Application operations that wait while it is held. */
  readonly blocks: readonly BlockedOperation[];
  readonly heldFor: HeldFor | null;
  /**
   * Set when the dry-run's single transaction already held this lock, taken by the statement at
   * this index in an earlier file: pg_locks cannot show it again, but when the files run as
   * separate migrations this statement takes it itself.
   */
  readonly acquiredBy?: number;
}

// Sequences and TOAST tables are locked as a side effect of their table and are never a
// migration's point: leaving them out keeps the report about what applications notice.
const REPORTED_KINDS = new Set(['r', 'p', 'm', 'f', 'v', 'i', 'I']);

function pairKey(pair: LockPair): string {
  return `${pair.oid}:${pair.mode}`;
}

/**
 * Lock pairs held after a statement that were not held before it. pg_locks has a row per
 * (relation, mode), so a statement asking for a mode the transaction did not hold yet shows up
 * even when a stronger mode on the same relation is already held.
 */
export function newLockPairs(before: readonly LockPair[], after: readonly LockPair[], ignore: ReadonlySet<string> = new Set()): LockPair[] {
  const held = new Set(before.map(pairKey));
  return after.filter((pair) => !held.has(pairKey(pair)) && !ignore.has(pairKey(pair)));
}

/**
 * The locks to report for a statement: new pairs on relations that existed before the run,
 * reduced to the strongest mode per relation, tables first then by name. Relations created by the
 * run are invisible to other sessions, so their locks block nobody.
 */
export function observedLocks(pairs: readonly LockPair[], relations: ReadonlyMap<number, RelationRow>, preexisting: ReadonlySet<number>): ObservedLock[] {
  const strongest = new Map<number, LockMode>();
  for (const pair of pairs) {
    if (!preexisting.has(pair.oid)) continue;
    const current = strongest.get(pair.oid);
    strongest.set(pair.oid, current === undefined ? pair.mode : strongerLock(current, pair.mode));
  }
  const out: ObservedLock[] = [];
  for (const [oid, mode] of strongest) {
    const relation = relations.get(oid);
    if (!relation || !REPORTED_KINDS.has(relation.kind)) continue;
    out.push({ relation: relation.name, mode, relationKind: relation.kind, blocks: blockedOperations(mode), heldFor: null });
  }
  const isIndex = (l: ObservedLock): number => (l.relationKind === 'i' || l.relationKind === 'I' ? 1 : 0);
  return out.sort((a, b) => isIndex(a) - isIndex(b) || a.relation.localeCompare(b.relation));
}

/** The strongest mode this session holds on each relation, by `schema.name`. */
export function heldModesByName(pairs: readonly LockPair[], relations: ReadonlyMap<number, RelationRow>): Map<string, LockMode> {
  const out = new Map<string, LockMode>();
  for (const pair of pairs) {
    const relation = relations.get(pair.oid);
    if (!relation) continue;
    const current = out.get(relation.name);
    out.set(relation.name, current === undefined ? pair.mode : strongerLock(current, pair.mode));
  }
  return out;
}

function trafficBlocked(mode: LockMode | undefined): Set<BlockedOperation> {
  const traffic: BlockedOperation[] = ['SELECT', 'SELECT FOR UPDATE/SHARE', 'INSERT/UPDATE/DELETE'];
  return new Set(mode === undefined ? [] : blockedOperations(mode).filter((op) => traffic.includes(op)));
}

/**
 * A note when what PostgreSQL did disagrees with the static prediction, or null.
 * Flagged: a predicted lock on a pre-existing relation that the transaction does not hold (at
 * least as strong) after the statement, and an observed lock that blocks more application
 * traffic (reads or writes) than predicted. Extra locks that block only DDL (the RowShareLock
 * of a foreign-key check, the AccessShareLock of a referenced table) are expected and not flagged.
 */
export function lockMismatch(
  predicted: readonly PredictedLock[],
  observed: readonly ObservedLock[],
  heldAfter: ReadonlyMap<string, LockMode>,
  preexistingNames: ReadonlySet<string>,
): string | null {
  const notes: string[] = [];
  const predictedByRelation = new Map<string, LockMode>();
  const certain = new Map<string, LockMode>();
  for (const p of predicted) {
    if (!p.conditional && !p.newRelation) {
      const known = certain.get(p.relation);
      certain.set(p.relation, known === undefined ? p.mode : strongerLock(known, p.mode));
    }
    const current = predictedByRelation.get(p.relation);
    predictedByRelation.set(p.relation, current === undefined ? p.mode : strongerLock(current, p.mode));
  }
  // A conditional lock (a foreign-key check of rows actually written...) may rightly not be taken.
  for (const [relation, mode] of certain) {
    if (!preexistingNames.has(relation)) continue;
    const held = heldAfter.get(relation);
    if (held === undefined) notes.push(`predicted ${mode} on ${relation}, but PostgreSQL took no lock on it`);
    else if (lockStrength(held) < lockStrength(mode)) notes.push(`predicted ${mode} on ${relation}, but PostgreSQL took only ${held}`);
  }
  for (const lock of observed) {
    const expected = predictedByRelation.get(lock.relation);
    // Indexes are locked along with their table (rebuilt, written to); a prediction names the table.
    if ((lock.relationKind === 'i' || lock.relationKind === 'I') && expected === undefined) continue;
    const extra = [...trafficBlocked(lock.mode)].filter((op) => !trafficBlocked(expected).has(op));
    if (extra.length === 0) continue;
    notes.push(
      expected === undefined
        ? `PostgreSQL took ${lock.mode} on ${lock.relation} (blocks ${extra.join(', ')}), which was not predicted`
        : `PostgreSQL took ${lock.mode} on ${lock.relation}, stronger than the predicted ${expected} (also blocks ${extra.join(', ')})`,
    );
  }
  return notes.length === 0 ? null : notes.join('; ');
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** What {@link heldFor} needs to know of each statement of the run. */
export interface TimelineEntry {
  readonly index: number;
  /** Statements with the same value run in the same migration transaction (one per source file). */
  readonly transaction: number;
  readonly executed: boolean;
  readonly durationMs: number;
  readonly estimatedMs: number | null;
}

/**
 * How long a lock taken by statement `index` is held: until the end of its migration's
 * transaction, i.e. through every later executed statement of the same source.
 */
export function heldFor(index: number, timeline: readonly TimelineEntry[]): HeldFor {
  const self = timeline.find((t) => t.index === index);
  const span = timeline.filter((t) => self !== undefined && t.transaction === self.transaction && t.index >= index && t.executed);
  const estimates = span.map((t) => t.estimatedMs);
  return {
    statements: span.length,
    durationMs: round(span.reduce((sum, t) => sum + t.durationMs, 0)),
    estimatedMs: estimates.some((e) => e !== null) ? round(span.reduce((sum, t) => sum + (t.estimatedMs ?? t.durationMs), 0)) : null,
    untilIndex: span.length === 0 ? index : Math.max(...span.map((t) => t.index)),
  };
}

/**
 * Predicted locks that pg_locks cannot show for a statement because the run's transaction took
 * them in an earlier file (each file is its own migration transaction when applied): reported
 * as this statement's, with the index of the statement that actually took them in the dry-run.
 */
export function inheritedLocks(
  predicted: readonly PredictedLock[],
  observed: readonly ObservedLock[],
  heldPairs: readonly LockPair[],
  relations: ReadonlyMap<number, RelationRow>,
  preexisting: ReadonlySet<number>,
  acquired: ReadonlyMap<string, { readonly index: number; readonly file: string | null }>,
  file: string | null,
): ObservedLock[] {
  const out: ObservedLock[] = [];
  const seen = new Set(observed.map((l) => l.relation));
  for (const p of predicted) {
    if (p.conditional || p.newRelation || seen.has(p.relation)) continue;
    const pair = heldPairs.find((h) => relations.get(h.oid)?.name === p.relation && preexisting.has(h.oid) && h.mode === p.mode);
    const relation = pair ? relations.get(pair.oid) : undefined;
    const first = pair ? acquired.get(pairKey(pair)) : undefined;
    if (!pair || !relation || !first || first.file === file || !REPORTED_KINDS.has(relation.kind)) continue;
    seen.add(p.relation);
    out.push({ relation: p.relation, mode: p.mode, relationKind: relation.kind, blocks: blockedOperations(p.mode), heldFor: null, acquiredBy: first.index });
  }
  return out;
}

/** The key of a lock pair, for remembering which statement took it. */
export function lockPairKey(pair: LockPair): string {
  return pairKey(pair);
}
