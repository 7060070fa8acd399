import { blockedOperations } from '../locks/conflicts.js';
import type { Hazard, LockMode } from '../types.js';

/**
 * How risky a statement or a run is, lowest first.
 *
 * @example
 * ```ts
 * const failOn: RiskLevel = 'high';
 * if (reportExceedsRisk(report, failOn)) process.exitCode = 1;
 * ```
 */export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

/**
 * The risk levels, lowest first.
 *
 * @example
 * ```ts
 * RISK_LEVELS.indexOf(report.summary.risk) >= RISK_LEVELS.indexOf('high'); // same as reportExceedsRisk(report, 'high')
 * ```
 */
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];

/**
 * One thing that makes a statement risky, with the level it alone gives.
 *
 * @example
 * ```ts
 * const fixable = statement.risk.factors.filter((f) => f.hazard !== null); // each has its fix in statement.hazards
 * ```
 */export interface RiskFactor {
  readonly level: RiskLevel;
  readonly reason: string;
  /** The static-analysis hazard behind it, when there is one (its fix is in `hazards[]`). */
  readonly hazard: string | null;
}

/**
 * A risk level with the reasons for it: every factor found, highest level first. `reasons` are
 * the factors' texts in the same order (kept for the version 1 contract).
 *
 * @example
 * ```ts
 * const { level, factors } = statement.risk;
 * for (const f of factors) console.log(`[${f.level}] ${f.reason}`);
 * ```
 */export interface Risk {
  readonly level: RiskLevel;
  readonly reasons: readonly string[];
  readonly factors: readonly RiskFactor[];
}

/**
 * Where the risk levels switch. Row counts are of the target database (after `rowsScale` and
 * `tableSizes`); durations are estimated hold times of a lock that blocks application queries.
 *
 * @example
 * ```ts
 * await dryRun(client, sql, { riskThresholds: { largeTableRows: 1_000_000, blockingHighMs: 5_000 } });
 * ```
 */export interface RiskThresholds {
  /**
   * Below this many rows, a hazard whose harm grows with the table (a lock held for a scan, a
   * rewrite, an index build) is at most low; below `largeTableRows` at most medium (default 10 000).
   */
  readonly smallTableRows: number;
  /** A table this big makes blocking locks and rewrites matter (default 100 000 rows). */
  readonly largeTableRows: number;
  /** Rewriting or blocking a table this big is critical (default 10 000 000 rows). */
  readonly hugeTableRows: number;
  /** A lock blocking reads or writes held this long is medium / high / critical (defaults 200 ms, 2 s, 60 s). */
  readonly blockingMediumMs: number;
  readonly blockingHighMs: number;
  readonly blockingCriticalMs: number;
  /** A table rewrite needing this much disk is high / critical (defaults 1 GiB, 100 GiB). */
  readonly rewriteHighBytes: number;
  readonly rewriteCriticalBytes: number;
}

/**
 * The default {@link RiskThresholds}; `dryRun({ riskThresholds })` overrides any of them.
 *
 * @example
 * ```ts
 * await dryRun(client, sql, { riskThresholds: { blockingHighMs: DEFAULT_RISK_THRESHOLDS.blockingHighMs / 2 } });
 * ```
 */
export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  smallTableRows: 10_000,
  largeTableRows: 100_000,
  hugeTableRows: 10_000_000,
  blockingMediumMs: 200,
  blockingHighMs: 2_000,
  blockingCriticalMs: 60_000,
  rewriteHighBytes: 1024 ** 3,
  rewriteCriticalBytes: 100 * 1024 ** 3,
};

/** Position of a level in {@link RISK_LEVELS}. */
export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

/** True when `value` is one of the four risk levels. */
export function isRiskLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && (RISK_LEVELS as readonly string[]).includes(value);
}

/** A lock to judge: observed (with its measured hold) or predicted. */
export interface RiskLock {
  readonly relation: string;
  readonly mode: LockMode;
  /** Estimated (or measured) time it stays held; null when unknown (static mode). */
  readonly heldMs: number | null;
  readonly heldStatements: number | null;
  /** Rows of the table on the target; null when the target's size is unknown. */
  readonly rows: number | null;
  /** True when the statement rewrites or scans this table in full while holding the lock. */
  readonly fullPass: boolean;
}

/**
 * Everything the risk rules look at for one statement. Relations created earlier in the same
 * run are left out by the caller: nobody else can be using them. A `rows` of null means the
 * target's size is unknown (see {@link assessRisk}).
 */
export interface RiskInput {
  readonly failed: { readonly code: string | null; readonly message: string } | null;
  readonly locks: readonly RiskLock[];
  readonly rewrites: ReadonlyArray<{ readonly relation: string; readonly rows: number | null; readonly diskBytes: number }>;
  readonly droppedColumns: readonly string[];
  readonly droppedTables: ReadonlyArray<{ readonly relation: string; readonly kind: string; readonly rows: number | null }>;
  /** Static-analysis hazards, with the target row count of their relation when known. */
  readonly hazards: ReadonlyArray<{ readonly hazard: Hazard; readonly rows: number | null }>;
  /** From the dependency analysis: objects this statement breaks, objects it needs that do not exist. */
  readonly breaks: ReadonlyArray<{ readonly effect: 'drops' | 'fails' | 'affects'; readonly message: string }>;
  readonly missing: readonly string[];
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

function formatRows(rows: number): string {
  if (rows >= 1e9) return `${(rows / 1e9).toFixed(1)}B rows`;
  if (rows >= 1e6) return `${(rows / 1e6).toFixed(1)}M rows`;
  if (rows >= 1e3) return `${(rows / 1e3).toFixed(rows >= 1e4 ? 0 : 1)}k rows`;
  return `${rows} rows`;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Shared formatters, also used by the renderers. */
export const format = { ms: formatMs, rows: formatRows, bytes: formatBytes };

// What a reason says when the target's size is not known.
function unknownSize(relation: string | null): string {
  return `size of ${relation ?? 'the table'} on the target unknown: judged as a large table`;
}

/**
 * The risk of one statement. Rules, each giving a factor (a level and a reason); the statement
 * gets the highest level, and every factor is listed:
 * - it failed: high (the migration would not apply);
 * - a lock that blocks application reads or writes, by how long it stays held (until the end of
 *   the migration's transaction): `blockingMediumMs` / `blockingHighMs` / `blockingCriticalMs`;
 *   when the hold time is unknown (static mode), a full pass over a table of `largeTableRows` is
 *   high and over `hugeTableRows` critical;
 * - an AccessExclusiveLock on a table known to have `largeTableRows` or more: at least medium,
 *   because it queues behind any long transaction on that table and every query queues behind it;
 * - a table rewrite: by rows (`largeTableRows` high, `hugeTableRows` critical) or disk
 *   (`rewriteHighBytes`, `rewriteCriticalBytes`); a rewrite of a table known to be smaller is low;
 * - dropped columns or tables: high (data loss); dropped indexes and views: medium;
 * - static-analysis hazards: see {@link hazardRisk};
 * - dependents broken or referenced objects missing: high.
 *
 * A table whose size on the target is unknown (`rows` null) is judged as a large one (between
 * `largeTableRows` and `hugeTableRows`): a rewrite or full pass under a blocking lock is high. When
 * a hazard of the statement names the same table, the hazard stands for it (with its fix).
 */
export function assessRisk(input: RiskInput, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): Risk {
  const found: RiskFactor[] = [];
  const add = (level: RiskLevel, reason: string, hazard: string | null = null): void => {
    if (!found.some((f) => f.reason === reason)) found.push({ level, reason, hazard });
  };
  const hazardOn = new Set(input.hazards.map((h) => h.hazard.relation));
  if (input.failed) add('high', `the statement fails${input.failed.code ? ` (${input.failed.code})` : ''}: ${input.failed.message}`);

  for (const lock of input.locks) {
    const blocked = blockedOperations(lock.mode);
    const blocksTraffic = blocked.includes('INSERT/UPDATE/DELETE');
    const what = `${lock.mode} on ${lock.relation} (blocks ${blocked.join(', ')})`;
    const size = lock.rows !== null ? `, ${formatRows(lock.rows)}` : '';
    if (blocksTraffic && lock.heldMs !== null) {
      const held = `held for ${lock.heldStatements ?? '?'} statement${lock.heldStatements === 1 ? '' : 's'} / ${formatMs(lock.heldMs)}${size}`;
      if (lock.heldMs >= thresholds.blockingCriticalMs) add('critical', `${what} ${held}`);
      else if (lock.heldMs >= thresholds.blockingHighMs) add('high', `${what} ${held}`);
      else if (lock.heldMs >= thresholds.blockingMediumMs) add('medium', `${what} ${held}`);
    }
    if (blocksTraffic && lock.heldMs === null && lock.fullPass) {
      if (lock.rows === null) {
        if (!hazardOn.has(lock.relation)) add('high', `${what} during a full pass over the table (${unknownSize(lock.relation)})`);
      } else if (lock.rows >= thresholds.hugeTableRows) add('critical', `${what} during a full pass over ${formatRows(lock.rows)}`);
      else if (lock.rows >= thresholds.largeTableRows) add('high', `${what} during a full pass over ${formatRows(lock.rows)}`);
    }
    if (lock.mode === 'AccessExclusiveLock' && lock.rows !== null && lock.rows >= thresholds.largeTableRows) {
      add('medium', `AccessExclusiveLock on ${lock.relation} (${formatRows(lock.rows)}): it waits behind any long transaction on the table, and every query waits behind it; run with a low lock_timeout and retry`);
    }
  }

  for (const rewrite of input.rewrites) {
    const bySize = rewrite.rows !== null ? formatRows(rewrite.rows) : null;
    const disk = rewrite.diskBytes > 0 ? `, needs ~${formatBytes(rewrite.diskBytes)} of extra disk` : '';
    const text = `rewrites ${rewrite.relation}${bySize ? ` (${bySize})` : ''}${disk}`;
    if ((rewrite.rows ?? 0) >= thresholds.hugeTableRows || rewrite.diskBytes >= thresholds.rewriteCriticalBytes) add('critical', text);
    else if ((rewrite.rows ?? 0) >= thresholds.largeTableRows || rewrite.diskBytes >= thresholds.rewriteHighBytes) add('high', text);
    else if (rewrite.rows !== null) add('low', text);
    else if (!hazardOn.has(rewrite.relation)) add('high', `${text} under an AccessExclusiveLock (${unknownSize(rewrite.relation)})`);
  }

  for (const column of input.droppedColumns) add('high', `drops column ${column}: its data is lost`);
  for (const dropped of input.droppedTables) {
    if (dropped.kind === 'table' || dropped.kind === 'partitioned table' || dropped.kind === 'materialized view') {
      add(dropped.kind === 'materialized view' ? 'medium' : 'high', `drops ${dropped.kind} ${dropped.relation}${dropped.rows ? ` with ${formatRows(dropped.rows)}` : ''}`);
    } else if (dropped.kind === 'index' || dropped.kind === 'view') {
      add('medium', `drops ${dropped.kind} ${dropped.relation}`);
    }
  }
  for (const { hazard, rows } of input.hazards) {
    const adjusted = hazardRisk(hazard, rows, thresholds);
    add(adjusted.level, adjusted.reason, hazard.id);
  }
  // A dependent dropped along (CASCADE) or making the statement fail is high; one that only
  // changes (an index rebuilt with its column) is for information.
  for (const b of input.breaks) add(b.effect === 'affects' ? 'low' : 'high', b.message);
  for (const text of input.missing) add('high', text);

  const level = found.reduce<RiskLevel>((max, f) => (riskRank(f.level) > riskRank(max) ? f.level : max), 'low');
  // Stable: factors of the same level keep the order of the rules above.
  const factors = found.slice().sort((a, b) => riskRank(b.level) - riskRank(a.level));
  return { level, reasons: factors.map((f) => f.reason), factors };
}

// Hazards whose harm is the time a lock is held while the table is read, copied or indexed:
// on a small table that time is negligible. Drops, renames and lock-queue hazards
// (missing-lock-timeout, access-exclusive-held: the wait depends on other sessions and on the
// statements after it, not on this table's size) do not shrink.
const SIZE_BOUND_HAZARDS = new Set([
  'non-concurrent-index',
  'non-concurrent-reindex',
  'add-constraint-validating',
  'set-not-null-scan',
  'rewrite-type-change',
  'add-column-volatile-default',
  'add-column-serial',
  'add-column-identity',
  'add-column-generated-stored',
  'unique-without-index',
  'exclusion-constraint',
  'table-rewrite',
  'vacuum-full',
  'cluster',
  'refresh-materialized-view-blocking',
  'attach-partition-scan',
]);

/** True for the hazards whose level depends on the size of their table (see {@link hazardRisk}). */
export function isSizeBoundHazard(id: string): boolean {
  return SIZE_BOUND_HAZARDS.has(id);
}

// "Message. " + note: the note goes inside the message's final period.
function withNote(message: string, note: string): string {
  return message.endsWith('.') ? `${message.slice(0, -1)} (${note}).` : `${message} (${note})`;
}

function minRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return riskRank(a) <= riskRank(b) ? a : b;
}

/**
 * A hazard's level for the target. Hazards whose harm grows with the table (a lock held while it
 * is scanned, rewritten or indexed) are capped by its rows on the target: low below
 * `smallTableRows`, medium below `largeTableRows`, high below `hugeTableRows`, else their
 * `baseRisk`. When the target's size is unknown (`rows` null) they are judged as on a large
 * table: `baseRisk`, at most high. Other hazards keep their `baseRisk`.
 *
 * @example
 * ```ts
 * hazardRisk(hazard, null).level;      // 'high' for rewrite-type-change (baseRisk critical), size unknown
 * hazardRisk(hazard, 500).level;       // 'low': 500 rows on the target
 * hazardRisk(hazard, 2e7).level;       // 'critical'
 * ```
 */
export function hazardRisk(hazard: Hazard, rows: number | null, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): { level: RiskLevel; reason: string } {
  if (!SIZE_BOUND_HAZARDS.has(hazard.id)) return { level: hazard.baseRisk, reason: hazard.message };
  if (rows === null) {
    const level = minRisk(hazard.baseRisk, 'high');
    const more = level === hazard.baseRisk ? '' : `; ${hazard.baseRisk} from ${formatRows(thresholds.hugeTableRows)}`;
    return { level, reason: withNote(hazard.message, `${unknownSize(hazard.relation)}${more}`) };
  }
  const cap: RiskLevel = rows < thresholds.smallTableRows ? 'low' : rows < thresholds.largeTableRows ? 'medium' : rows < thresholds.hugeTableRows ? 'high' : 'critical';
  const level = minRisk(hazard.baseRisk, cap);
  if (level === hazard.baseRisk) return { level, reason: hazard.message };
  return { level, reason: withNote(hazard.message, `${hazard.relation ?? 'the table'} has ${formatRows(rows)} on the target: ${level}; ${hazard.baseRisk} on a larger table`) };
}

/** The highest of several levels (low for none). */
export function maxRisk(levels: Iterable<RiskLevel>): RiskLevel {
  let max: RiskLevel = 'low';
  for (const level of levels) if (riskRank(level) > riskRank(max)) max = level;
  return max;
}
