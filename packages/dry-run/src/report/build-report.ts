import { assessRisk, maxRisk, type Risk, type RiskLevel, RISK_LEVELS, type RiskLock, type RiskThresholds } from '../analyzers/cost-risk.js';
import { type CostOptions, estimateCost, type StatementCost, targetRows, workTables } from '../analyzers/cost.js';
import { heldFor, type ObservedLock, type TimelineEntry } from '../analyzers/observed-locks.js';
import type { ExecutedStatement, ExecutionResult, RelationStats } from '../executor/executor.js';
import type { CleanupReport } from '../transaction/dry-run-transaction.js';
import type { ClassifiedStatement, StaticAnalysis } from '../types.js';
import { where } from './describe.js';
import { type DryRunReport, REPORT_VERSION, type ReportOptions, type StatementDependencies, type StatementReport, type Verification } from './report-types.js';

/** Everything the report is made of. */
export interface ReportInput {
  readonly mode: 'execute' | 'static';
  readonly database: DryRunReport['database'];
  readonly options: ReportOptions;
  readonly statements: readonly ClassifiedStatement[];
  /** Same order as `statements`. */
  readonly analyses: readonly StaticAnalysis[];
  readonly dependencies: readonly StatementDependencies[];
  /** Null in static mode. */
  readonly execution: ExecutionResult | null;
  /** Sizes at the start: measured in execute mode, from the catalog in static mode. */
  readonly stats: ReadonlyMap<string, RelationStats>;
  readonly cost: CostOptions;
  readonly thresholds: RiskThresholds;
  readonly notes: readonly string[];
  readonly cleanup?: CleanupReport;
  readonly verification?: Verification;
}

const NO_DEPENDENCIES: StatementDependencies = { missing: [], breaks: [] };
const TABLE_LIKE = new Set(['r', 'p', 'm', 'f', 'v']);

// Statements of one source run in one migration transaction: a lock is held until its end.
function transactionIds(statements: readonly ClassifiedStatement[]): number[] {
  let id = 0;
  return statements.map((s, i) => {
    if (i > 0 && s.file !== statements[i - 1]?.file) id++;
    return id;
  });
}

function riskLocks(
  s: ClassifiedStatement,
  analysis: StaticAnalysis,
  executed: ExecutedStatement | undefined,
  locks: readonly ObservedLock[] | undefined,
  input: ReportInput,
  fullPass: ReadonlySet<string>,
): RiskLock[] {
  const rows = (relation: string): number | null => targetRows(relation, input.stats, input.cost);
  if (locks && executed?.run?.ok) {
    return locks
      .filter((l) => TABLE_LIKE.has(l.relationKind))
      .map((l) => ({
        relation: l.relation,
        mode: l.mode,
        heldMs: l.heldFor ? (l.heldFor.estimatedMs ?? l.heldFor.durationMs) : null,
        heldStatements: l.heldFor?.statements ?? null,
        rows: rows(l.relation),
        fullPass: fullPass.has(l.relation),
      }));
  }
  // Not observed (static mode, not executed, or failed): judge the prediction, without a hold time.
  // A relation the run creates is invisible to others, whatever the lock.
  return analysis.predictedLocks
    .filter((l) => !l.newRelation && (input.stats.has(l.relation) || input.mode === 'static'))
    .map((l) => ({ relation: l.relation, mode: l.mode, heldMs: null, heldStatements: null, rows: rows(l.relation), fullPass: fullPass.has(l.relation) }));
}

/** Assembles the report: observed locks with their hold times, costs, risks and the summary. */
export function buildReport(input: ReportInput): DryRunReport {
  const executedByIndex = new Map((input.execution?.statements ?? []).map((e) => [e.index, e]));
  const txIds = transactionIds(input.statements);

  const costs: StatementCost[] = input.statements.map((s, i) => {
    const e = executedByIndex.get(s.index);
    const analysis = input.analyses[i];
    return estimateCost(
      {
        executed: e?.executed === true,
        durationMs: e?.run?.durationMs ?? null,
        category: s.classification.category,
        rowsAffected: e?.rowsAffected ?? null,
        impact: e?.impact ?? null,
        predictedRewrites: analysis?.predictedRewrites ?? [],
        predictedScans: analysis?.predictedScans ?? [],
      },
      input.stats,
      input.cost,
    );
  });

  const timeline: TimelineEntry[] = input.statements.map((s, i) => {
    const e = executedByIndex.get(s.index);
    return {
      index: s.index,
      transaction: txIds[i] ?? 0,
      executed: e?.executed === true,
      durationMs: e?.run?.durationMs ?? 0,
      estimatedMs: input.cost.rowsScale !== undefined || input.cost.tableSizes !== undefined ? (costs[i]?.estimatedMs ?? null) : null,
    };
  });

  const reports: StatementReport[] = input.statements.map((s, i) => {
    const analysis = input.analyses[i] ?? { predictedLocks: [], predictedRewrites: [], predictedScans: [], hazards: [] };
    const e = executedByIndex.get(s.index);
    const cost = costs[i] as StatementCost;
    const dependencies = input.dependencies[i] ?? NO_DEPENDENCIES;
    const locks = e?.locks?.map((l) => ({ ...l, heldFor: heldFor(s.index, timeline) }));
    const ran = e?.executed === true && e.run !== null;
    const error = e?.run && !e.run.ok ? e.run.error : null;
    const rewrites = e?.impact ? [...e.impact.rewrites] : [...analysis.predictedRewrites];
    const fullPass = new Set([...workTables({ executed: ran, durationMs: null, category: s.classification.category, rowsAffected: e?.rowsAffected ?? null, impact: e?.impact ?? null, predictedRewrites: analysis.predictedRewrites, predictedScans: analysis.predictedScans }, input.stats)]);
    const rows = (relation: string): number | null => targetRows(relation, input.stats, input.cost);

    // Indexes rebuilt along with a table are in its disk figure; judge the tables.
    const rewrittenTables = rewrites.filter((r) => {
      const kind = input.stats.get(r)?.kind;
      if (kind !== undefined) return TABLE_LIKE.has(kind);
      const measured = e?.impact?.sizes.find((x) => x.relation === r)?.kind;
      return measured === undefined ? analysis.predictedRewrites.includes(r) : !measured.includes('index');
    });
    // Relations the run created earlier: nobody else uses them yet, whatever is done to them.
    const fresh = new Set(analysis.predictedLocks.filter((l) => l.newRelation).map((l) => l.relation));
    const risk: Risk = assessRisk(
      {
        failed: error ? { code: error.code, message: error.message } : null,
        locks: riskLocks(s, analysis, e, locks, input, fullPass),
        rewrites: rewrittenTables.filter((r) => !fresh.has(r)).map((relation) => ({ relation, rows: rows(relation), diskBytes: cost.diskBytes })),
        droppedColumns: (e?.impact?.columnsDropped ?? []).map((c) => `${c.relation}.${c.column}`),
        droppedTables: (e?.impact?.relationsDropped ?? []).map((r) => ({ relation: r.relation, kind: r.kind, rows: rows(r.relation) })),
        hazards: analysis.hazards.map((hazard) => ({ hazard, rows: hazard.relation === null ? null : rows(hazard.relation) })),
        breaks: dependencies.breaks,
        // When the statement ran, a missing object shows as its error already.
        missing: ran ? [] : dependencies.missing.map((m) => m.message),
      },
      input.thresholds,
    );

    const base: StatementReport = {
      index: s.index,
      file: s.file,
      line: s.line,
      column: s.column,
      sql: s.sql,
      tag: s.classification.tag,
      category: s.classification.category,
      action: s.classification.action,
      reason: s.classification.reason,
      executed: ran,
      predictedLocks: analysis.predictedLocks,
      rewrites,
      predictedRewrites: analysis.predictedRewrites,
      predictedScans: analysis.predictedScans,
      error,
      durationMs: ran ? (e?.run?.durationMs ?? null) : null,
      rowsAffected: e?.rowsAffected ?? null,
      impact: e?.impact ?? null,
      dependencies,
      hazards: analysis.hazards,
      cost,
      risk,
    };
    if (input.mode === 'static' || !ran) return base;
    return { ...base, locks: locks ?? [], lockMismatch: e?.lockMismatch ?? null };
  });

  return {
    version: REPORT_VERSION,
    mode: input.mode,
    database: input.database,
    options: input.options,
    statements: reports,
    summary: summarize(reports, input),
    notes: input.notes,
    ...(input.cleanup ? { cleanup: input.cleanup } : {}),
    ...(input.verification ? { verification: input.verification } : {}),
  };
}

const MAX_REASONS = 10;

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function summarize(reports: readonly StatementReport[], input: ReportInput): DryRunReport['summary'] {
  const risk = maxRisk(reports.map((r) => r.risk.level));
  const byRisk = Object.fromEntries(RISK_LEVELS.map((level) => [level, reports.filter((r) => r.risk.level === level).length])) as Record<RiskLevel, number>;
  const reasons: string[] = [];
  // The run's reasons: the factors of medium level or more, highest first, each statement's in order.
  for (const level of [...RISK_LEVELS].reverse()) {
    if (level === 'low') break;
    for (const r of reports) {
      for (const f of r.risk.factors) if (f.level === level && reasons.length < MAX_REASONS) reasons.push(`${where(r)}: ${f.reason}`);
    }
  }
  const executed = reports.filter((r) => r.executed);
  const execute = input.mode === 'execute';
  return {
    statements: reports.length,
    executed: executed.length,
    failed: reports.filter((r) => r.error !== null).length,
    skipped: reports.filter((r) => r.action === 'static').length,
    risk,
    reasons,
    byRisk,
    durationMs: execute ? round(executed.reduce((sum, r) => sum + (r.durationMs ?? 0), 0)) : null,
    estimatedMs: execute ? round(executed.reduce((sum, r) => sum + (r.cost.estimatedMs ?? 0), 0)) : null,
    diskBytes: reports.reduce((sum, r) => sum + r.cost.diskBytes, 0),
    rewrites: [...new Set(reports.flatMap((r) => r.rewrites))],
    lockMismatches: reports.filter((r) => (r.lockMismatch ?? null) !== null).length,
  };
}
