import type { Risk, RiskLevel, RiskThresholds } from '../analyzers/cost-risk.js';
import type { StatementCost, TargetTableSize } from '../analyzers/cost.js';
import type { StatementImpact } from '../analyzers/impact.js';
import type { ObservedLock } from '../analyzers/observed-locks.js';
import type { StatementError } from '../executor/execute-statement.js';
import type { BrokenDependent, MissingReference } from '../analyzers/dependencies.js';
import type { CleanupReport } from '../transaction/dry-run-transaction.js';
import type { Hazard, PredictedLock, StatementAction, StatementCategory } from '../types.js';

/**
 * The report's format version. Bumped only when a field is renamed, removed or changes meaning;
 * new fields keep it.
 *
 * @example
 * ```ts
 * if (report.version !== REPORT_VERSION) throw new Error('report from another Confiture version');
 * ```
 */
export const REPORT_VERSION = 1;

/**
 * What the dependency analysis found for one statement.
 *
 * @example
 * ```ts
 * for (const b of statement.dependencies.breaks) console.log(b.message); // 'dropping column public.users.email breaks view ...'
 * ```
 */export interface StatementDependencies {
  /** Objects the statement refers to that do not exist at that point of the run. */
  readonly missing: readonly MissingReference[];
  /** Objects that break, are dropped along, or change because of what the statement drops or alters. */
  readonly breaks: readonly BrokenDependent[];
}

/**
 * One statement of the run, in file order.
 *
 * @example
 * ```ts
 * for (const s of report.statements) {
 *   if (s.risk.level === 'low') continue;
 *   console.log(`${s.file}:${s.line}`, s.tag, s.locks ?? s.predictedLocks, s.risk.reasons);
 * }
 * ```
 */export interface StatementReport {
  /** 0-based position in the run. */
  readonly index: number;
  /** File it comes from, null for inline SQL. */
  readonly file: string | null;
  readonly line: number;
  readonly column: number;
  readonly sql: string;
  /** Command label, e.g. `ALTER TABLE`. */
  readonly tag: string;
  readonly category: StatementCategory;
  /** `execute`: ran in the rolled-back transaction; `static`: analyzed only; `refuse`: would have refused the run. */
  readonly action: StatementAction;
  /** Why that category and action. */
  readonly reason: string;
  /** True when it ran (successfully or not). */
  readonly executed: boolean;
  readonly predictedLocks: readonly PredictedLock[];
  /**
   * Locks PostgreSQL took, read from pg_locks after the statement; absent in static mode and for
   * statements that did not run, empty for a failed statement (its locks went with its savepoint).
   */
  readonly locks?: readonly ObservedLock[];
  /** Set when observed and predicted locks disagree on something that matters. */
  readonly lockMismatch?: string | null;
  /** Relations rewritten: observed (relfilenode changed) when executed, else predicted. */
  readonly rewrites: readonly string[];
  readonly predictedRewrites: readonly string[];
  /** Tables the statement reads in full while holding its lock (validation, SET NOT NULL...). */
  readonly predictedScans: readonly string[];
  readonly error: StatementError | null;
  /** Measured duration on the dry-run database; null when not executed. */
  readonly durationMs: number | null;
  readonly rowsAffected: number | null;
  /** Catalog diff, sizes; null when not executed. */
  readonly impact: StatementImpact | null;
  readonly dependencies: StatementDependencies;
  readonly hazards: readonly Hazard[];
  readonly cost: StatementCost;
  readonly risk: Risk;
}

/**
 * Totals of the run.
 *
 * @example
 * ```ts
 * const { statements, failed, risk, reasons } = report.summary;
 * console.log(`${statements} statements, ${failed} failed, risk ${risk}`, reasons.slice(0, 3));
 * ```
 */export interface ReportSummary {
  readonly statements: number;
  readonly executed: number;
  readonly failed: number;
  /** Analyzed statically only (action `static`). */
  readonly skipped: number;
  readonly risk: RiskLevel;
  /** The main reasons for the run's risk, each prefixed with its location. */
  readonly reasons: readonly string[];
  /** Statements per risk level. */
  readonly byRisk: Readonly<Record<RiskLevel, number>>;
  /** Sum of measured durations (null in static mode). */
  readonly durationMs: number | null;
  /** Sum of estimated durations on the target (null in static mode). */
  readonly estimatedMs: number | null;
  /** Extra disk the statements need on the target, summed. */
  readonly diskBytes: number;
  readonly rewrites: readonly string[];
  readonly lockMismatches: number;
}

/**
 * The options the run used, echoed so a stored report says how it was made.
 *
 * @example
 * ```ts
 * report.options.lockTimeoutMs; // 2000 unless lockTimeoutMs was given
 * report.options.riskThresholds.largeTableRows; // 100000
 * ```
 */export interface ReportOptions {
  readonly static: boolean;
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly verify: boolean;
  readonly rowsScale: number | null;
  readonly tableSizes: Readonly<Record<string, TargetTableSize>> | null;
  readonly riskThresholds: RiskThresholds;
}

/**
 * The "nothing persisted" proof of `verify: true`.
 *
 * @example
 * ```ts
 * const report = await dryRun(client, sql, { verify: true });
 * if (!report.verification?.identical) throw new Error(`changed: ${report.verification?.differences.join(', ')}`);
 * ```
 */export interface Verification {
  readonly before: string;
  readonly after: string;
  readonly identical: boolean;
  /** Components that differ (`catalog:pg_class`, `rows:public.users`, `sequences`). */
  readonly differences: readonly string[];
  /** Tables too large for a row checksum: only their catalog entries were compared. */
  readonly skippedTables: readonly string[];
}

/**
 * The dry-run report (JSON contract, version 1). See REPORT.md.
 *
 * @example
 * ```ts
 * const report: DryRunReport = await dryRun(client, sql);
 * if (report.summary.failed > 0) console.error(report.statements.find((s) => s.error)?.error?.message);
 * ```
 */export interface DryRunReport {
  readonly version: typeof REPORT_VERSION;
  readonly mode: 'execute' | 'static';
  readonly database: {
    /** `postgres` (a server), `embedded` (PGlite), `none` (static without a database). */
    readonly kind: 'postgres' | 'embedded' | 'none';
    /** `server_version`, e.g. `15.20`; null without a database. */
    readonly serverVersion: string | null;
  };
  readonly options: ReportOptions;
  readonly statements: readonly StatementReport[];
  readonly summary: ReportSummary;
  /** Things to know about the run (an empty file, sequences not restored...). */
  readonly notes: readonly string[];
  /** What the guard undid after the ROLLBACK (execute mode). */
  readonly cleanup?: CleanupReport;
  readonly verification?: Verification;
}
