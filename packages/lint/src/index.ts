// The public API of @confiture/lint. Everything a script or the CLI needs is listed here.

export { loadSnapshot, SNAPSHOT_QUERY_COUNT } from './snapshot/load-snapshot.js';
export type { LoadSnapshotOptions } from './snapshot/load-snapshot.js';
export type { SchemaFilter } from './snapshot/schema-filter.js';
export { quoteIdent, quoteQualified } from './snapshot/identifiers.js';

export { lint } from './engine.js';
export type { LintOptions } from './engine.js';
export { shouldFail } from './should-fail.js';
export type { ShouldFailOptions } from './should-fail.js';
export { createRegistry, defineRule, listRules } from './registry.js';
export type { CreateRegistryOptions, RuleListing, RuleRegistry } from './registry.js';

export {
  DEFAULT_LINT_CONFIG,
  LINT_CONFIG_FILES,
  OUTPUT_FORMATS,
  lintConfigSchema,
  loadLintConfig,
  resolveLintConfig,
  validateLintConfig,
} from './config/index.js';
export type {
  LintConfig,
  LintConfigInput,
  LintConfigSource,
  LintConfigValidation,
  LoadLintConfigOptions,
  LoadedLintConfig,
  OutputFormat,
  ResolveLintConfigOptions,
  RuleSetting,
  ValidateLintConfigOptions,
} from './config/index.js';

export { formatResult } from './reporters/index.js';
export type { FormatOptions } from './reporters/index.js';

export {
  builtinRules,
  columnNaming,
  hardcodedSecret,
  missingFkIndex,
  missingForeignKey,
  missingPrimaryKey,
  orphanedTable,
  piiColumn,
  redundantIndex,
  tableNaming,
  unusedIndex,
} from './rules/index.js';
export type {
  ColumnNamingOptions,
  HardcodedSecretOptions,
  MissingFkIndexOptions,
  MissingForeignKeyOptions,
  MissingPrimaryKeyOptions,
  OrphanedTableOptions,
  PiiColumnOptions,
  PiiExtraPattern,
  RedundantIndexOptions,
  TableNamingOptions,
  UnusedIndexOptions,
} from './rules/index.js';
export { invalidSuppression } from './suppression-rule.js';

export type {
  ColumnInfo,
  CommentInfo,
  ConstraintInfo,
  ConstraintType,
  Finding,
  FindingInput,
  ForeignKeyInfo,
  FunctionInfo,
  IndexInfo,
  IndexKeyPart,
  InlineSuppression,
  LintResult,
  LintRule,
  LintSummary,
  ObjectLocation,
  RuleContext,
  RuleSummary,
  SchemaSnapshot,
  Severity,
  SourceFile,
  SuppressedFinding,
  TableInfo,
  TableKind,
  ViewInfo,
} from './types.js';
