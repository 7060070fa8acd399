import type { Queryable } from '@confiture/core';
import {
  computeImpact,
  diffRelations,
  emptyImpact,
  type StatementImpact,
  tablesToInspect,
} from '../analyzers/impact.js';
import {
  estimateSizes,
  inspectRelations,
  measureSizes,
  type RelationRow,
  type RelationSize,
  type StateSnapshot,
  TABLE_KINDS,
  type TableDetail,
  takeStateSnapshot,
  takeTableDetails,
} from '../analyzers/impact-snapshot.js';
import { heldModesByName, inheritedLocks, lockMismatch, lockPairKey, newLockPairs, type ObservedLock, observedLocks } from '../analyzers/observed-locks.js';
import { strongerLock } from '../locks/conflicts.js';
import type { DryRunTransaction } from '../transaction/dry-run-transaction.js';
import { quoteIdent } from '../transaction/user-namespaces.js';
import type { ClassifiedStatement, LockMode, PredictedLock } from '../types.js';
import { type Clock, executeStatement, type StatementRun } from './execute-statement.js';
import { findLockHolders } from './lock-holders.js';

/** A statement with what the static analysis expects it to lock. */
export interface PlannedStatement {
  readonly statement: ClassifiedStatement;
  readonly predictedLocks: readonly PredictedLock[];
}

/** What running one statement showed. */
export interface ExecutedStatement {
  readonly index: number;
  /** False for statements analyzed statically only. */
  readonly executed: boolean;
  readonly run: StatementRun | null;
  readonly rowsAffected: number | null;
  /** Locks taken, observed in pg_locks; null when not observable (not executed, or failed: its locks went with its savepoint). */
  readonly locks: readonly ObservedLock[] | null;
  readonly lockMismatch: string | null;
  readonly impact: StatementImpact | null;
}

/** Row count and sizes of a relation at the start of the run. */
export interface RelationStats {
  /** pg_class.relkind. */
  readonly kind: string;
  /** For an index: its table, `schema.name`. */
  readonly table: string | null;
  readonly rows: number | null;
  readonly bytes: number;
  readonly totalBytes: number;
  readonly estimated: boolean;
}

export interface ExecutionResult {
  readonly statements: readonly ExecutedStatement[];
  /** By `schema.name`, at the start of the run. */
  readonly relationStats: ReadonlyMap<string, RelationStats>;
}

/** Test seams: stable timings, and a way to make an analyzer fail. */
export interface ExecutorHooks {
  readonly afterStatement?: (index: number) => void | Promise<void>;
}

// Counting rows is only worth it when the planner has no estimate and the table is small.
const COUNT_ROWS_MAX_BYTES = 64 * 1024 * 1024;

function predictedTableNames(planned: readonly PlannedStatement[]): Set<string> {
  const out = new Set<string>();
  for (const p of planned) for (const lock of p.predictedLocks) out.add(lock.relation);
  return out;
}

/**
 * Precise sizes and row counts of the relations the migration is expected to touch, measured in
 * a savepoint that is always rolled back: the count's AccessShareLock goes with it, so the
 * run's observed locks stay the migration's own. A lock timeout leaves the pg_class estimates.
 */
async function measureStart(
  queryable: Queryable,
  state: StateSnapshot,
  expected: ReadonlySet<string>,
): Promise<Map<string, RelationStats>> {
  const estimate = await estimateSizes(queryable);
  const stats = new Map<string, RelationStats>();
  for (const [oid, row] of state.relations) {
    const size = estimate.sizes.get(oid);
    const table = row.tableOid === null ? null : (state.relations.get(row.tableOid)?.name ?? null);
    if (size) stats.set(row.name, { kind: row.kind, table, rows: estimate.rows.get(oid) ?? null, bytes: size.bytes, totalBytes: size.totalBytes, estimated: true });
  }
  const targets = [...state.relations.values()].filter(
    (r) => (TABLE_KINDS.has(r.kind) && expected.has(r.name)) || (r.tableOid !== null && expected.has(state.relations.get(r.tableOid)?.name ?? '')),
  );
  const sized = targets.filter((r) => r.kind !== 'v' && r.kind !== 'f');
  if (sized.length === 0) return stats;
  await queryable.query('savepoint confiture_dry_run_measure');
  try {
    const sizes = await measureSizes(queryable, sized.map((r) => r.oid));
    const toCount = sized.filter((r) => (r.kind === 'r' || r.kind === 'm') && stats.get(r.name)?.rows == null && (sizes.get(r.oid)?.bytes ?? Infinity) <= COUNT_ROWS_MAX_BYTES);
    const counts = new Map<number, number>();
    if (toCount.length > 0) {
      const sql = toCount
        .map((r) => {
          const dot = r.name.indexOf('.');
          return `select ${r.oid}::int8 as oid, count(*)::int8 as n from ${quoteIdent(r.name.slice(0, dot))}.${quoteIdent(r.name.slice(dot + 1))}`;
        })
        .join(' union all ');
      for (const row of (await queryable.query<{ oid: string | number; n: string | number }>(sql)).rows) counts.set(Number(row.oid), Number(row.n));
    }
    for (const r of sized) {
      const size = sizes.get(r.oid);
      const old = stats.get(r.name);
      if (!size || !old) continue;
      stats.set(r.name, { ...old, rows: counts.get(r.oid) ?? old.rows, bytes: size.bytes, totalBytes: size.totalBytes, estimated: false });
    }
  } catch {
    // Another session holds a lock that makes sizing wait: keep the estimates. The statement that
    // needs that relation will meet the same lock and report its holder.
  } finally {
    await queryable.query('rollback to savepoint confiture_dry_run_measure');
    await queryable.query('release savepoint confiture_dry_run_measure');
  }
  return stats;
}

function mergedRelations(before: StateSnapshot, after: StateSnapshot): Map<number, RelationRow> {
  const out = new Map(before.relations);
  for (const [oid, row] of after.relations) out.set(oid, row);
  return out;
}

function neededLocks(predicted: readonly PredictedLock[]): Map<string, LockMode> {
  const out = new Map<string, LockMode>();
  for (const lock of predicted) {
    const current = out.get(lock.relation);
    out.set(lock.relation, current === undefined ? lock.mode : strongerLock(current, lock.mode));
  }
  return out;
}

/**
 * Runs the planned statements inside the dry-run transaction, one savepoint each, and reads
 * after each successful one its locks (pg_locks, before the savepoint is released) and its
 * catalog impact. A failed statement is rolled back to its savepoint (which releases its locks)
 * and the run goes on with the next one.
 */
export async function runStatements(
  tx: DryRunTransaction,
  planned: readonly PlannedStatement[],
  clock: Clock,
  hooks: ExecutorHooks = {},
): Promise<ExecutionResult> {
  const q = tx.queryable;
  let state = await takeStateSnapshot(q);
  const preexisting = new Set(state.relations.keys());
  const preexistingNames = new Set([...state.relations.values()].map((r) => r.name));
  const relationStats = await measureStart(q, state, predictedTableNames(planned));

  const tableOids = [...state.relations.values()].filter((r) => TABLE_KINDS.has(r.kind)).map((r) => r.oid);
  const details = new Map<number, TableDetail>(await takeTableDetails(q, tableOids));
  const sizes = new Map<number, RelationSize>();
  for (const [oid, row] of state.relations) {
    const s = relationStats.get(row.name);
    if (s) sizes.set(oid, { bytes: s.bytes, totalBytes: s.totalBytes, estimated: s.estimated });
  }

  const acquired = new Map<string, { index: number; file: string | null }>();
  const out: ExecutedStatement[] = [];
  for (const item of planned) {
    const { statement } = item;
    if (tx.abortReason !== null) break;
    if (statement.classification.action !== 'execute') {
      out.push({ index: statement.index, executed: false, run: null, rowsAffected: null, locks: null, lockMismatch: null, impact: null });
      continue;
    }
    await tx.savepoint();
    const run = await executeStatement(q, statement, clock);
    if (!run.ok) {
      await tx.rollbackToSavepoint();
      let failed = run;
      if (run.error.code === '55P03') {
        const lockHolders = await findLockHolders(q, neededLocks(item.predictedLocks));
        failed = { ...run, error: { ...run.error, lockHolders } };
      }
      out.push({ index: statement.index, executed: true, run: failed, rowsAffected: null, locks: null, lockMismatch: null, impact: null });
      await hooks.afterStatement?.(statement.index);
      continue;
    }

    const after = await takeStateSnapshot(q);
    const relations = mergedRelations(state, after);
    const fresh = newLockPairs(state.locks, after.locks);
    for (const pair of fresh) acquired.set(lockPairKey(pair), { index: statement.index, file: statement.file });
    const observed = observedLocks(fresh, relations, preexisting);
    const locks = [...observed, ...inheritedLocks(item.predictedLocks, observed, after.locks, relations, preexisting, acquired, statement.file)];
    const mismatch = lockMismatch(item.predictedLocks, locks, heldModesByName(after.locks, relations), preexistingNames);

    const relationDiff = diffRelations(state, after);
    const byName = new Map([...after.relations.values()].map((r) => [r.name, r.oid]));
    const expected = item.predictedLocks.map((l) => byName.get(l.relation)).filter((oid): oid is number => oid !== undefined);
    const newlyLocked = new Set(fresh.map((p) => p.oid));
    // INSERT, UPDATE, DELETE change rows, not the catalog: only their sizes are worth reading.
    const dml = statement.classification.category === 'dml';
    const inspect = dml ? [] : tablesToInspect({ before: state, after, relationDiff, newlyLocked }, expected);
    const sizeTables = dml ? [...newlyLocked].filter((oid) => TABLE_KINDS.has(after.relations.get(oid)?.kind ?? '')) : inspect;

    // Size only what we lock or created: sizing waits for nobody then.
    const held = new Set(after.locks.map((p) => p.oid));
    const created = new Set(relationDiff.created.map((r) => r.oid));
    const inspected = new Set(sizeTables);
    const toSize = [...after.relations.values()]
      .filter((r) => r.kind !== 'v' && r.kind !== 'f' && r.kind !== 'S')
      .filter((r) => inspected.has(r.oid) || (r.tableOid !== null && inspected.has(r.tableOid)) || created.has(r.oid))
      .filter((r) => held.has(r.oid) || created.has(r.oid) || (r.tableOid !== null && held.has(r.tableOid)))
      .map((r) => r.oid);
    const { details: detailsAfter, sizes: sizesAfter } = await inspectRelations(q, inspect, toSize);

    const rowsAffected = statement.classification.category === 'dml' || statement.classification.category === 'query' ? run.rowCount : null;
    const impact = computeImpact({
      before: state,
      after,
      relationDiff,
      newlyLocked,
      detailsBefore: details,
      detailsAfter,
      sizesBefore: sizes,
      sizesAfter,
      preexisting,
      rowsAffected,
    });
    for (const [oid, detail] of detailsAfter) details.set(oid, detail);
    for (const row of relationDiff.dropped) details.delete(row.oid);
    for (const [oid, size] of sizesAfter) sizes.set(oid, size);
    state = after;
    out.push({ index: statement.index, executed: true, run, rowsAffected, locks, lockMismatch: mismatch, impact });
    await hooks.afterStatement?.(statement.index);
    await tx.release();
  }
  return { statements: out, relationStats };
}

export { emptyImpact };
