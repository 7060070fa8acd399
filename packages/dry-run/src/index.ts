// Public API of @confiture/dry-run. Everything else is internal.

// Running a dry-run and reading its report
export { dryRun } from './dry-run.js';
// What dryRun, loadCatalog and analyzeDependencies take: a pg Client, a pooled client, PGlite.
export type { Queryable } from '@confiture/core';
export type { DryRunOptions } from './dry-run.js';
export type { DryRunInput } from './dry-run-input.js';
export { renderReport } from './report/render.js';
export type { RenderOptions, ReportFormat } from './report/render.js';
export { reportExceedsRisk } from './report/exceeds-risk.js';
export { REPORT_VERSION } from './report/report-types.js';
export type {
  DryRunReport,
  ReportOptions,
  ReportSummary,
  StatementDependencies,
  StatementReport,
  Verification,
} from './report/report-types.js';
export type { StatementError } from './executor/execute-statement.js';
export type { LockHolder } from './executor/lock-holders.js';
export type { StatementLocation } from './executor/error-location.js';
export type { HeldFor, ObservedLock } from './analyzers/observed-locks.js';
export type {
  ColumnAlteration,
  ColumnChange,
  ConstraintChange,
  IndexChange,
  RelationChange,
  SizeChange,
  StatementImpact,
} from './analyzers/impact.js';
export type { StatementCost, TargetTableSize } from './analyzers/cost.js';
export { DEFAULT_RISK_THRESHOLDS, RISK_LEVELS } from './analyzers/cost-risk.js';
export type { Risk, RiskFactor, RiskLevel, RiskThresholds } from './analyzers/cost-risk.js';
export type { CleanupReport } from './transaction/dry-run-transaction.js';

// Static analysis (no execution)
export { splitStatements, splitStatementsSync } from './parse/split.js';
export { ensureParser } from './parse/parser.js';
export { classify, classifyStatement, classifyStatements } from './classify/classify.js';
export type { ClassifyOptions } from './classify/classify.js';
export { analyzeStatement, analyzeStatements, predictLocks } from './locks/predict.js';
export { loadCatalog, loadCatalogSnapshot } from './catalog/load.js';
export { Catalog } from './catalog/catalog.js';
export type { ResolvedRelation, RunState } from './catalog/catalog.js';
export type {
  CatalogColumn,
  CatalogConstraint,
  CatalogDependency,
  CatalogEntry,
  CatalogFunction,
  CatalogIndexInfo,
  CatalogSnapshot,
  CatalogType,
  ConstraintType,
} from './catalog/types.js';
export type { QualifiedName } from './parse/ast.js';
export { analyzeDependencies } from './analyzers/dependencies.js';
export type { BrokenDependent, DependencyLocation, DependencyReport, MissingReference } from './analyzers/dependencies.js';
export { HAZARD_IDS } from './hazards/hazards.js';
export type { HazardId } from './hazards/hazards.js';

// Lock vocabulary
export { LOCK_MODES, blockedOperations, isLockMode, lockConflicts, strongerLock } from './locks/conflicts.js';
export type {
  BlockedOperation,
  CatalogRelation,
  Classification,
  ClassifiedStatement,
  Hazard,
  LockMode,
  LockRef,
  ParsedStatement,
  PredictedLock,
  SideEffect,
  SqlSource,
  StatementAction,
  StatementCategory,
  StaticAnalysis,
} from './types.js';
