import { ConfitureError, isPgError, pgErrorInfo, type Queryable } from '@confiture/core';
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from './analyzers/cost-risk.js';
import type { CostOptions, TargetTableSize } from './analyzers/cost.js';
import { analyzeDependencies } from './analyzers/dependencies.js';
import { Catalog } from './catalog/catalog.js';
import { loadCatalog } from './catalog/load.js';
import { classifyStatements } from './classify/classify.js';
import { type DryRunInput, loadSources } from './dry-run-input.js';
import { type Clock, hrClock } from './executor/execute-statement.js';
import { type ExecutionResult, type RelationStats, runStatements } from './executor/executor.js';
import { findLockHolders } from './executor/lock-holders.js';
import { analyzeStatements } from './locks/predict.js';
import { splitStatements } from './parse/split.js';
import { withIndex } from './parse/statement.js';
import { buildReport } from './report/build-report.js';
import type { DryRunReport, ReportOptions, StatementDependencies, Verification } from './report/report-types.js';
import { withDryRunTransaction, type CleanupReport } from './transaction/dry-run-transaction.js';
import { assertOutsideTransaction, insideTransaction } from './transaction/in-transaction.js';
import { inReadGuard } from './transaction/read-only.js';
import { computeFingerprint, DEFAULT_MAX_TABLE_BYTES, fingerprintDifferences, type CatalogFingerprint } from './transaction/fingerprint.js';
import type { ClassifiedStatement, ParsedStatement, SqlSource, StaticAnalysis } from './types.js';

/**
 * Options of {@link dryRun}.
 *
 * @example
 * ```ts
 * const report = await dryRun(client, { files: ['db/migrations/0042.sql'] }, {
 *   lockTimeoutMs: 1000,
 *   verify: true,
 *   tableSizes: { 'public.users': { rows: 50_000_000 } },
 * });
 * ```
 */export interface DryRunOptions {
  /**
   * Execute nothing: predict locks, rewrites and hazards from the parse tree, using the
   * database's catalog when a queryable is given (it may be null).
   */
  readonly static?: boolean;
  /** `lock_timeout` of the dry-run transaction (default 2000 ms): a statement never waits longer for a lock. */
  readonly lockTimeoutMs?: number;
  /** `statement_timeout` of the dry-run transaction (default 60 000 ms). */
  readonly statementTimeoutMs?: number;
  /**
   * Fingerprint the catalog, the data (tables up to `maxTableBytes`, default 64 MiB) and the
   * sequences before and after, and say in the report whether they are identical.
   */
  readonly verify?: boolean | { readonly maxTableBytes?: number };
  /** Estimate for a target database N times bigger (every table's rows and bytes times N). */
  readonly rowsScale?: number;
  /** Estimate for a target whose named tables (`schema.name`) have these sizes. */
  readonly tableSizes?: Readonly<Record<string, TargetTableSize>>;
  /** Where the risk levels switch; see {@link RiskThresholds} for the defaults. */
  readonly riskThresholds?: Partial<RiskThresholds>;
  /** Stops the run between two statements (it is rolled back, and dryRun rejects with CONFITURE_DRY_RUN_ABORTED). */
  readonly signal?: AbortSignal;
  /** Handle SIGINT/SIGTERM during the run: roll back, then re-raise (default true). */
  readonly handleSignals?: boolean;
  /** Directory that relative `files` are read from (default `process.cwd()`). */
  readonly cwd?: string;
}

/** @internal Test seams: a fake clock for stable timings, a hook to make an analyzer fail. */
export interface DryRunInternals {
  readonly clock?: Clock;
  readonly afterStatement?: (index: number) => void | Promise<void>;
}

const DEFAULT_LOCK_TIMEOUT_MS = 2000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

function usage(message: string, configPath: string, hint: string): ConfitureError {
  return new ConfitureError({ code: 'CONFITURE_USAGE', message, hint, configPath });
}

function positive(value: unknown, key: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw usage(`dryRun() option ${key} must be a positive number of milliseconds, got ${JSON.stringify(value)}.`, key, `Pass e.g. ${key}: ${fallback}.`);
  }
  return value;
}

function checkSizes(options: DryRunOptions): void {
  if (options.rowsScale !== undefined && (typeof options.rowsScale !== 'number' || !(options.rowsScale > 0))) {
    throw usage(`dryRun() option rowsScale must be a positive number, got ${JSON.stringify(options.rowsScale)}.`, 'rowsScale', 'Pass e.g. rowsScale: 100 for a target 100 times bigger.');
  }
  for (const [name, size] of Object.entries(options.tableSizes ?? {})) {
    const ok = typeof size === 'object' && size !== null && (size.rows !== undefined || size.bytes !== undefined) &&
      [size.rows, size.bytes].every((v) => v === undefined || (typeof v === 'number' && v >= 0));
    if (!ok || !name.includes('.')) {
      throw usage(
        `dryRun() option tableSizes.${name} must be { rows?: number, bytes?: number } keyed by schema.name.`,
        `tableSizes.${name}`,
        'Example: tableSizes: { "public.users": { rows: 50_000_000 } }.',
      );
    }
  }
}

function thresholdsOf(options: DryRunOptions): RiskThresholds {
  const merged = { ...DEFAULT_RISK_THRESHOLDS, ...options.riskThresholds };
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !(value >= 0)) {
      throw usage(`dryRun() option riskThresholds.${key} must be a number >= 0, got ${JSON.stringify(value)}.`, `riskThresholds.${key}`, `The default is ${DEFAULT_RISK_THRESHOLDS[key as keyof RiskThresholds]}.`);
    }
  }
  return merged;
}

async function serverInfo(queryable: Queryable): Promise<DryRunReport['database']> {
  const { rows } = await queryable.query<{ v: string; full: string }>(`select current_setting('server_version') as v, version() as full`);
  const row = rows[0];
  return { kind: /PGlite/i.test(row?.full ?? '') ? 'embedded' : 'postgres', serverVersion: row?.v ?? null };
}

function refuse(statements: readonly ClassifiedStatement[]): void {
  const refused = statements.filter((s) => s.classification.action === 'refuse');
  if (refused.length === 0) return;
  const first = refused[0] as ClassifiedStatement;
  const place = (s: ClassifiedStatement): string => `${s.file ?? 'SQL'}:${s.line}:${s.column}`;
  const list = refused.map((s) => `${place(s)}: ${s.classification.tag}: ${s.classification.reason}`).join('\n  ');
  throw new ConfitureError({
    code: 'CONFITURE_DRY_RUN_REFUSED',
    message: `The dry-run refuses ${refused.length === 1 ? 'this statement' : `these ${refused.length} statements`} (nothing was executed):\n  ${list}`,
    hint: 'Remove transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) from the migration text: the migration runner owns the transaction. Run with static: true to analyze it without executing.',
    location: { ...(first.file === null ? {} : { file: first.file }), line: first.line, column: first.column },
    details: {
      statements: refused.map((s) => ({ file: s.file, line: s.line, column: s.column, tag: s.classification.tag, reason: s.classification.reason })),
    },
  });
}

function statsFromCatalog(catalog: Catalog): Map<string, RelationStats> {
  const out = new Map<string, RelationStats>();
  for (const r of catalog.snapshot.relations) {
    out.set(`${r.schema}.${r.name}`, {
      kind: r.kind,
      table: r.table ?? null,
      // The catalog reports 0 rows for a table never analyzed: only trust 0 for a tiny table.
      rows: r.rowEstimate > 0 || r.sizeBytes <= 24 * 1024 ? r.rowEstimate : null,
      bytes: r.sizeBytes,
      totalBytes: r.sizeBytes,
      estimated: true,
    });
  }
  return out;
}

function notesFor(sources: readonly SqlSource[], counts: ReadonlyMap<SqlSource, number>): string[] {
  const notes: string[] = [];
  for (const source of sources) {
    if ((counts.get(source) ?? 0) === 0) notes.push(`${source.file ?? 'The SQL'} contains no SQL statement: nothing to analyze.`);
  }
  return notes;
}

/**
 * Catalog reads wait at most lockTimeoutMs (another session's ACCESS EXCLUSIVE lock blocks even
 * the size functions): turn that wait into an error naming the sessions holding locks.
 */
async function beforeExecuting<T>(queryable: Queryable, lockTimeoutMs: number, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    // The catalog loader wraps the driver's error: look through the causes.
    let pgError: unknown = error;
    while (pgError instanceof Error && !isPgError(pgError) && pgError.cause !== undefined) pgError = pgError.cause;
    if (!isPgError(pgError) || pgErrorInfo(pgError).code !== '55P03') throw error;
    const holders = await findLockHolders(queryable, new Map()).catch(() => []);
    const named = holders.filter((h) => h.mode === 'AccessExclusiveLock').concat(holders.filter((h) => h.mode !== 'AccessExclusiveLock'));
    const list = named.slice(0, 3).map((h) => `pid ${h.pid} holds ${h.mode} on ${h.relation}${h.query ? ` (${h.query})` : ''}`).join('; ');
    throw new ConfitureError({
      code: 'CONFITURE_LOCK_TIMEOUT',
      message: `${what} waited more than ${lockTimeoutMs} ms for a lock held by another session${list ? `: ${list}` : ''}. Nothing was executed.`,
      hint: 'Retry when that session is done, or raise lockTimeoutMs.',
      details: { lockHolders: holders },
      cause: error,
    });
  }
}

async function verifyAfter(queryable: Queryable, before: CatalogFingerprint, options: { lockTimeoutMs: number; maxTableBytes: number }): Promise<Verification> {
  try {
    const after = await computeFingerprint(queryable, options);
    const differences = fingerprintDifferences(before, after);
    return { before: before.hash, after: after.hash, identical: differences.length === 0, differences, skippedTables: before.skippedTables };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { before: before.hash, after: 'unavailable', identical: false, differences: [`the second fingerprint failed: ${reason}`], skippedTables: before.skippedTables };
  }
}

/**
 * Dry-runs a migration: executes its statements in a transaction that is always rolled back,
 * observes what PostgreSQL really does (locks from pg_locks, rewrites, catalog changes, sizes,
 * durations, errors with file:line:column), predicts what it cannot observe from the parse tree,
 * and scores the risk of each statement and of the whole run.
 *
 * Give it a single session (a pg `Client`, a client from `pool.connect()`, or a PGlite instance),
 * outside any transaction. Statements that a rollback cannot undo are analyzed statically;
 * transaction control in the migration text makes it refuse the run before executing anything.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { dryRun, renderReport, reportExceedsRisk } from '@confiture/dry-run';
 *
 * const client = new pg.Client(process.env.DATABASE_URL);
 * client.on('error', () => {}); // node-postgres requires a listener
 * await client.connect();
 * const report = await dryRun(client, { files: ['db/migrations/0042_add_email.sql'] }, { verify: true });
 * console.log(renderReport(report, 'text', { color: process.stdout.isTTY }));
 * if (reportExceedsRisk(report, 'high')) process.exitCode = 1;
 * ```
 */
export async function dryRun(queryable: Queryable | null | undefined, input: DryRunInput, options: DryRunOptions = {}): Promise<DryRunReport> {
  return runDryRun(queryable, input, options, {});
}

/** @internal {@link dryRun} with test seams. */
export async function runDryRun(
  queryable: Queryable | null | undefined,
  input: DryRunInput,
  options: DryRunOptions,
  internals: DryRunInternals,
): Promise<DryRunReport> {
  const lockTimeoutMs = positive(options.lockTimeoutMs, 'lockTimeoutMs', DEFAULT_LOCK_TIMEOUT_MS);
  const statementTimeoutMs = positive(options.statementTimeoutMs, 'statementTimeoutMs', DEFAULT_STATEMENT_TIMEOUT_MS);
  checkSizes(options);
  const thresholds = thresholdsOf(options);
  const isStatic = options.static === true;
  if (!isStatic && (queryable === null || queryable === undefined)) {
    throw usage('dryRun() needs a database connection to execute the migration.', 'queryable', 'Pass a pg Client or a PGlite instance, or static: true to analyze without executing.');
  }
  const verify = options.verify === undefined || options.verify === false ? null : { maxTableBytes: (typeof options.verify === 'object' ? options.verify.maxTableBytes : undefined) ?? DEFAULT_MAX_TABLE_BYTES };

  const sources = await loadSources(input, options.cwd ?? process.cwd());
  // One source at a time, to tell which ones are empty; indexes then run across the whole input.
  const statements: ParsedStatement[] = [];
  const counts = new Map<SqlSource, number>();
  for (const source of sources) {
    const parsed = await splitStatements([source]);
    counts.set(source, parsed.length);
    for (const s of parsed) statements.push(withIndex(s, statements.length));
  }
  const notes = notesFor(sources, counts);

  if (!isStatic && queryable) await assertOutsideTransaction(queryable);
  // Static mode accepts a session inside the caller's transaction: it must then stay untouched.
  const inCallerTransaction = isStatic && queryable ? await insideTransaction(queryable) : false;
  const [catalog, database] = queryable
    ? await beforeExecuting(queryable, lockTimeoutMs, 'Reading the catalog', () =>
        inReadGuard(queryable, lockTimeoutMs, inCallerTransaction, async () => [await loadCatalog(queryable), await serverInfo(queryable)] as const),
      )
    : [Catalog.empty(), { kind: 'none', serverVersion: null } as const];
  const classified = classifyStatements(statements, { catalog });
  if (!isStatic) refuse(classified);

  // In order on a fork of the catalog: each statement sees what the earlier ones created.
  const analyses: StaticAnalysis[] = analyzeStatements(classified, catalog);
  const dependencyReports = await analyzeDependencies(classified, catalog);
  const dependencies: StatementDependencies[] = dependencyReports.map((d) => ({ missing: d.missing, breaks: d.breaks }));

  const reportOptions: ReportOptions = {
    static: isStatic,
    lockTimeoutMs,
    statementTimeoutMs,
    verify: verify !== null,
    rowsScale: options.rowsScale ?? null,
    tableSizes: options.tableSizes ?? null,
    riskThresholds: thresholds,
  };
  const cost: CostOptions = { ...(options.rowsScale !== undefined ? { rowsScale: options.rowsScale } : {}), ...(options.tableSizes ? { tableSizes: options.tableSizes } : {}) };

  if (isStatic || !queryable) {
    return buildReport({ mode: 'static', database, options: reportOptions, statements: classified, analyses, dependencies, execution: null, stats: statsFromCatalog(catalog), cost, thresholds, notes });
  }

  const before = verify
    ? await beforeExecuting(queryable, lockTimeoutMs, 'Fingerprinting the database', () => computeFingerprint(queryable, { lockTimeoutMs, maxTableBytes: verify.maxTableBytes }))
    : null;
  const planned = classified.map((statement, i) => ({ statement, predictedLocks: analyses[i]?.predictedLocks ?? [] }));
  let execution: ExecutionResult | null = null;
  let cleanup: CleanupReport | undefined;
  if (planned.some((p) => p.statement.classification.action === 'execute')) {
    const outcome = await withDryRunTransaction(
      queryable,
      { lockTimeoutMs, statementTimeoutMs, ...(options.signal ? { signal: options.signal } : {}), handleSignals: options.handleSignals !== false },
      (tx) => runStatements(tx, planned, internals.clock ?? hrClock, internals.afterStatement ? { afterStatement: internals.afterStatement } : {}),
    );
    execution = outcome.result;
    cleanup = outcome.cleanup;
  }
  const verification = before && verify ? await verifyAfter(queryable, before, { lockTimeoutMs, maxTableBytes: verify.maxTableBytes }) : undefined;
  const allNotes = [...notes];
  for (const c of cleanup?.sequencesNotRestored ?? []) allNotes.push(`Sequence ${c.sequence} was not restored: ${c.reason}.`);
  return buildReport({
    mode: 'execute',
    database,
    options: reportOptions,
    statements: classified,
    analyses,
    dependencies,
    execution,
    stats: execution?.relationStats ?? statsFromCatalog(catalog),
    cost,
    thresholds,
    notes: allNotes,
    ...(cleanup ? { cleanup } : {}),
    ...(verification ? { verification } : {}),
  });
}
