import type { RelationStats } from '../executor/executor.js';
import type { StatementCategory } from '../types.js';
import type { StatementImpact } from './impact.js';

/**
 * Size of a table on the target database (`tableSizes` option).
 *
 * @example
 * ```ts
 * const tableSizes: Record<string, TargetTableSize> = { 'public.users': { rows: 50_000_000 }, 'public.events': { bytes: 2e12 } };
 * await dryRun(client, sql, { tableSizes });
 * ```
 */export interface TargetTableSize {
  readonly rows?: number;
  readonly bytes?: number;
}

/** How to scale measured times to the target database. */
export interface CostOptions {
  /** Multiply every table's rows and bytes by this factor. */
  readonly rowsScale?: number;
  /** Sizes of named tables (`schema.name`) on the target; wins over `rowsScale` for those tables. */
  readonly tableSizes?: Readonly<Record<string, TargetTableSize>>;
  /**
   * Below this many rows (bytes), a measured time is mostly fixed overhead: the ratio is computed
   * against at least this size, so that a 10-row table does not turn 1 ms into hours.
   * Defaults 10 000 rows and 8 MiB.
   */
  readonly floorRows?: number;
  readonly floorBytes?: number;
}

export const DEFAULT_FLOOR_ROWS = 10_000;
export const DEFAULT_FLOOR_BYTES = 8 * 1024 * 1024;

/**
 * Time and disk of a statement, measured here and estimated for the target.
 *
 * @example
 * ```ts
 * const { measuredMs, estimatedMs, scale, scaledBy, diskBytes } = statement.cost; // e.g. 8, 40000, 5000, 'public.users', 1.2e9
 * ```
 */export interface StatementCost {
  /** Measured on the dry-run database; null when not executed. */
  readonly measuredMs: number | null;
  /** On the target: the measured time scaled by `scale` (equal to `measuredMs` without a target). */
  readonly estimatedMs: number | null;
  /** Factor applied to the measured time (1: the statement's work does not grow with table size, or no target). */
  readonly scale: number;
  /** The relation whose size drives the scale. */
  readonly scaledBy: string | null;
  /** Extra disk the statement needs on the target: rewritten tables with their indexes, new indexes. */
  readonly diskBytes: number;
  /** `measured`: no target; `scaled`: scaled from a table of a meaningful size; `low`: from a table under the floor size, or sizes unknown. */
  readonly confidence: 'measured' | 'scaled' | 'low';
}

/** What the estimator needs about a statement. */
export interface CostInput {
  readonly executed: boolean;
  readonly durationMs: number | null;
  readonly category: StatementCategory;
  readonly rowsAffected: number | null;
  readonly impact: StatementImpact | null;
  readonly predictedRewrites: readonly string[];
  readonly predictedScans: readonly string[];
}

interface Ratio {
  readonly time: number;
  readonly disk: number;
  readonly belowFloor: boolean;
  readonly targetRows: number | null;
}

/**
 * The target-to-here ratio for one table. Time is linear in the table size, measured against at
 * least the floor size; disk is linear without a floor (it is data, not overhead).
 */
export function sizeRatio(relation: string, stats: ReadonlyMap<string, RelationStats>, options: CostOptions): Ratio | null {
  const here = stats.get(relation);
  const target = options.tableSizes?.[relation];
  const floorRows = options.floorRows ?? DEFAULT_FLOOR_ROWS;
  const floorBytes = options.floorBytes ?? DEFAULT_FLOOR_BYTES;
  const rowsHere = here?.rows ?? null;
  const bytesHere = here?.totalBytes ?? null;
  let targetRows: number | null = null;
  let targetBytes: number | null = null;
  if (target) {
    targetRows = target.rows ?? null;
    targetBytes = target.bytes ?? null;
  } else if (options.rowsScale !== undefined) {
    targetRows = rowsHere === null ? null : rowsHere * options.rowsScale;
    targetBytes = bytesHere === null ? null : bytesHere * options.rowsScale;
  } else {
    return null;
  }
  if (targetRows !== null && rowsHere !== null) {
    const disk = targetBytes !== null && bytesHere ? targetBytes / bytesHere : rowsHere > 0 ? targetRows / rowsHere : 1;
    return { time: targetRows / Math.max(rowsHere, floorRows), disk, belowFloor: rowsHere < floorRows, targetRows };
  }
  if (targetBytes !== null && bytesHere !== null) {
    return { time: targetBytes / Math.max(bytesHere, floorBytes), disk: bytesHere > 0 ? targetBytes / bytesHere : 1, belowFloor: bytesHere < floorBytes, targetRows };
  }
  // rowsScale with an unknown row count: the factor itself is the best guess.
  if (options.rowsScale !== undefined && !target) return { time: options.rowsScale, disk: options.rowsScale, belowFloor: true, targetRows: null };
  return null;
}

function tableOf(relation: string, impact: StatementImpact | null, stats: ReadonlyMap<string, RelationStats>): string {
  const known = stats.get(relation);
  if (known?.table) return known.table;
  return impact?.indexesAdded.find((i) => i.index === relation)?.relation ?? relation;
}

/** Tables whose size the statement's duration grows with: rewrites, full scans, index builds, and DML touching most of a table. */
export function workTables(input: CostInput, stats: ReadonlyMap<string, RelationStats>): string[] {
  const out = new Set<string>();
  const impact = input.impact;
  const add = (relation: string): void => void out.add(tableOf(relation, impact, stats));
  for (const r of input.predictedRewrites) add(r);
  for (const r of input.predictedScans) add(r);
  if (impact) {
    for (const r of impact.rewrites) add(r);
    for (const i of impact.indexesAdded) add(i.relation);
    if (input.category === 'dml' && input.rowsAffected !== null && input.rowsAffected > 0) {
      for (const table of impact.tablesTouched) {
        const rows = stats.get(table)?.rows;
        // A batched UPDATE touching a slice does not grow with the table; one touching most of it does.
        if (rows !== null && rows !== undefined && rows > 0 && input.rowsAffected >= rows / 2) add(table);
      }
    }
  }
  return [...out];
}

/**
 * Estimates a statement's cost on the target database.
 *
 * Model: the measured time is multiplied by the largest size ratio (target / here) among the
 * tables the statement rewrites, scans in full, builds an index on, or writes mostly; other
 * statements (catalog-only DDL, small DML) keep their measured time. A ratio is computed
 * against at least `floorRows` (or `floorBytes`) and never shrinks a time. Disk needed: the
 * rewritten tables with their indexes and the new indexes, at their size after the statement,
 * scaled by the data ratio.
 */
export function estimateCost(input: CostInput, stats: ReadonlyMap<string, RelationStats>, options: CostOptions): StatementCost {
  const measured = input.executed ? input.durationMs : null;
  const hasTarget = options.rowsScale !== undefined || (options.tableSizes !== undefined && Object.keys(options.tableSizes).length > 0);
  let scale = 1;
  let scaledBy: string | null = null;
  let belowFloor = false;
  const tables = workTables(input, stats);
  for (const table of tables) {
    const ratio = sizeRatio(table, stats, options);
    if (ratio && ratio.time > scale) {
      scale = ratio.time;
      scaledBy = table;
      belowFloor = ratio.belowFloor;
    }
  }

  let diskBytes = 0;
  const impact = input.impact;
  if (impact) {
    const sizeOf = (relation: string): number => {
      const s = impact.sizes.find((x) => x.relation === relation);
      return s?.totalBytesAfter ?? s?.bytesAfter ?? stats.get(relation)?.totalBytes ?? 0;
    };
    const diskRatio = (table: string): number => sizeRatio(table, stats, options)?.disk ?? 1;
    for (const r of impact.rewrites) {
      const table = tableOf(r, impact, stats);
      // An index rebuilt along with its table is already in the table's total size.
      if (table !== r && impact.rewrites.includes(table)) continue;
      diskBytes += sizeOf(r) * diskRatio(table);
    }
    for (const i of impact.indexesAdded) {
      const s = impact.sizes.find((x) => x.relation === i.index);
      diskBytes += (s?.bytesAfter ?? 0) * diskRatio(i.relation);
    }
  }
  const estimatedMs = measured === null ? null : Math.round(measured * Math.max(1, scale) * 1000) / 1000;
  const confidence: StatementCost['confidence'] = !hasTarget ? 'measured' : scaledBy === null && tables.length > 0 ? 'low' : belowFloor ? 'low' : scaledBy === null ? 'measured' : 'scaled';
  return { measuredMs: measured, estimatedMs, scale, scaledBy, diskBytes: Math.round(diskBytes), confidence };
}

/**
 * Rows a table has on the target (for the risk thresholds), or null when the target's size is
 * unknown. The dry-run database's own sizes are never taken as the target's: a development or
 * embedded database is usually tiny, and judging by it would call a rewrite of a production
 * table harmless. A size is known from `tableSizes` (rows, or bytes converted with this
 * database's rows per byte) or from `rowsScale` (this database's rows times the factor;
 * `rowsScale: 1` says this database is the target).
 */
export function targetRows(relation: string, stats: ReadonlyMap<string, RelationStats>, options: CostOptions): number | null {
  const target = options.tableSizes?.[relation];
  const here = stats.get(relation);
  if (target !== undefined) {
    if (target.rows !== undefined) return target.rows;
    if (target.bytes !== undefined && here?.rows != null && here.totalBytes > 0) return Math.round((here.rows * target.bytes) / here.totalBytes);
    return null;
  }
  if (options.rowsScale === undefined || here?.rows == null) return null;
  return here.rows * options.rowsScale;
}
