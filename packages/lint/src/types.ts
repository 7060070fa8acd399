// Changes by the engine engineer (additive only, nothing renamed or removed):
// - ColumnInfo: `generated` may be 'virtual' (PostgreSQL 18); `default` is null for generated columns,
//   whose expression is in the new `generationExpression`; optional `location` (the column's line).
// - TableInfo.rowEstimate is -1 for a table never vacuumed or analyzed (PostgreSQL 14+).
// - IndexInfo.scans is null for partitioned indexes (their partitions' indexes carry the counts).
// - sizeBytes (tables, indexes) are relpages estimates unless loadSnapshot gets `exactSizes: true`.
// - SchemaSnapshot: optional `suppressions` and `sourceErrors` (filled when built from files).
// - CommentInfo: optional `location` (its COMMENT ON statement).
// - IndexInfo.definition is rebuilt from the catalog parts in pg_get_indexdef's spelling (no WITH/TABLESPACE).
// - FindingInput.object: constraints are named `schema.constraint` (with `table` set); the engine also
//   accepts `schema.table.constraint` when it looks the object up for a location.
// - RuleContext: optional `ruleIds` (every registered rule id).
// - LintResult and friends at the end of this file (the engine's output).
import type { Queryable } from '@confiture/core';

/** Finding severity, strongest first. */
export type Severity = 'error' | 'warning' | 'info';

/** A file:line position (1-based) of the statement that created an object. */
export interface ObjectLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

export interface ColumnInfo {
  readonly name: string;
  /** attnum, 1-based, in table order. */
  readonly position: number;
  /** format_type() spelling, e.g. `character varying(255)`, `integer`. */
  readonly type: string;
  readonly typeOid: number;
  readonly notNull: boolean;
  /** pg_get_expr() of the default, or null (also null for a generated column). */
  readonly default: string | null;
  /** Expression of a generated column, or null. */
  readonly generationExpression?: string | null;
  readonly identity: 'always' | 'by-default' | null;
  readonly generated: 'stored' | 'virtual' | null;
  /** Explicit collation when it differs from the type's default, `schema.name` outside pg_catalog; else null. */
  readonly collation: string | null;
  readonly comment: string | null;
  /** Line of the column definition, when the snapshot came from files. */
  readonly location?: ObjectLocation | null;
}

export type TableKind = 'table' | 'partitioned-table' | 'foreign-table';

export interface TableInfo {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** `schema.name` (unquoted). */
  readonly qualifiedName: string;
  readonly kind: TableKind;
  /** Partition parent `schema.name` when this table is a partition. */
  readonly partitionOf: string | null;
  /** Inheritance parents (not partitioning), `schema.name`. */
  readonly inherits: readonly string[];
  /** pg_class.reltuples: -1 when never vacuumed or analyzed (PostgreSQL 14+). */
  readonly rowEstimate: number;
  /** Estimated from relpages (last VACUUM/ANALYZE); exact with `loadSnapshot(..., { exactSizes: true })`. */
  readonly sizeBytes: number;
  readonly comment: string | null;
  readonly columns: readonly ColumnInfo[];
  readonly location: ObjectLocation | null;
}

export interface IndexKeyPart {
  /** Column name, or null for an expression. */
  readonly column: string | null;
  /** pg_get_indexdef(idx, n, true) text of an expression key, or null. */
  readonly expression: string | null;
  /** Operator class name, `schema.name` when not in pg_catalog. */
  readonly opclass: string;
  /** Collation name, or null when not collatable / default. */
  readonly collation: string | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface IndexInfo {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** Table `schema.name`. */
  readonly table: string;
  readonly method: string;
  readonly isUnique: boolean;
  readonly isPrimary: boolean;
  readonly isValid: boolean;
  readonly nullsNotDistinct: boolean;
  /** Key columns in order (INCLUDE columns are in `include`). */
  readonly keys: readonly IndexKeyPart[];
  readonly include: readonly string[];
  /** Predicate of a partial index (pg_get_expr), or null. */
  readonly predicate: string | null;
  /**
   * The CREATE INDEX statement in pg_get_indexdef()'s spelling, rebuilt from the catalog parts
   * (without WITH storage parameters and TABLESPACE).
   */
  readonly definition: string;
  /** Name of the constraint this index backs (primary key, unique, exclusion), or null. */
  readonly constraint: string | null;
  /** Index on a partitioned table (its partitions' indexes are attached to it). */
  readonly partitioned: boolean;
  /** Parent index `schema.name` when attached to a partitioned index. */
  readonly parentIndex: string | null;
  /** Estimated from relpages (last VACUUM/ANALYZE/CREATE INDEX); exact with `exactSizes: true`. */
  readonly sizeBytes: number;
  /**
   * pg_stat_user_indexes.idx_scan, or null when statistics are unavailable (embedded database) and for
   * partitioned indexes, which have no counters of their own (sum their partitions' indexes).
   */
  readonly scans: number | null;
  readonly location: ObjectLocation | null;
}

export type ConstraintType = 'primary-key' | 'unique' | 'foreign-key' | 'check' | 'exclusion' | 'not-null';

export interface ForeignKeyInfo {
  /** Referenced table `schema.name`. */
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: string;
  readonly onUpdate: string;
  readonly match: 'simple' | 'full' | 'partial';
}

export interface ConstraintInfo {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** Table `schema.name`. */
  readonly table: string;
  readonly type: ConstraintType;
  /** Constrained columns in constraint order. */
  readonly columns: readonly string[];
  /** pg_get_constraintdef(oid, true); keys are spelled by the loader exactly the same way. */
  readonly definition: string;
  readonly validated: boolean;
  readonly deferrable: boolean;
  /** Inherited from a parent (partition or inheritance child); the parent carries the original. */
  readonly inherited: boolean;
  readonly foreignKey: ForeignKeyInfo | null;
  readonly location: ObjectLocation | null;
}

export interface ViewInfo {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly qualifiedName: string;
  readonly materialized: boolean;
  readonly definition: string;
  readonly comment: string | null;
  readonly location: ObjectLocation | null;
}

export interface FunctionInfo {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** `schema.name(argtypes)`. */
  readonly signature: string;
  readonly kind: 'function' | 'procedure' | 'aggregate' | 'window';
  readonly language: string;
  /** prosrc. */
  readonly body: string;
  readonly comment: string | null;
  readonly location: ObjectLocation | null;
}

/** A comment on any object (pg_description), for rules that scan text. */
export interface CommentInfo {
  /** `schema.table`, `schema.table.column`, or an object name. */
  readonly object: string;
  readonly objectKind: string;
  readonly text: string;
  /** The COMMENT ON statement, when the snapshot came from files. */
  readonly location?: ObjectLocation | null;
}

/** A schema or migration file the snapshot came from, for rules that scan source text. */
export interface SourceFile {
  /** Path relative to the project root. */
  readonly path: string;
  readonly text: string;
}

/**
 * Everything the rules look at, loaded once by a fixed number of set-based catalog queries.
 * A snapshot is a plain JSON-serializable object: it can be saved and linted later.
 */
export interface SchemaSnapshot {
  readonly version: 1;
  /** `database` for a live server, `embedded` for PGlite built from files. */
  readonly source: 'database' | 'embedded';
  /** server_version_num. */
  readonly serverVersion: number;
  readonly capturedAt: string;
  /** Schemas that were loaded (system schemas never are). */
  readonly schemas: readonly string[];
  readonly tables: readonly TableInfo[];
  readonly indexes: readonly IndexInfo[];
  readonly constraints: readonly ConstraintInfo[];
  readonly views: readonly ViewInfo[];
  readonly functions: readonly FunctionInfo[];
  readonly comments: readonly CommentInfo[];
  /** Index usage statistics: whether they can be trusted, and since when they accumulate. */
  readonly statistics: {
    readonly available: boolean;
    /** pg_stat_database.stats_reset, or the server start when never reset; ISO string. */
    readonly since: string | null;
    /** Why statistics are unavailable, when they are not. */
    readonly reason: string | null;
  };
  /** Source files, when the snapshot was built from files (schema and migrations). */
  readonly files: readonly SourceFile[];
  /** `-- confiture-lint-ignore` comments of the files (absent in hand-built snapshots). */
  readonly suppressions?: readonly InlineSuppression[];
  /** Files (or parts) the SQL parser could not read, so their objects have no location. */
  readonly sourceErrors?: ReadonlyArray<{ readonly file: string; readonly message: string }>;
}

/**
 * An inline `-- confiture-lint-ignore <rule>[,<rule>] <reason>` comment of a source file.
 * It covers the statement below it (or a single line, see `target`).
 */
export interface InlineSuppression {
  readonly file: string;
  /** Line of the comment. */
  readonly line: number;
  readonly rules: readonly string[];
  /** Required; null when missing, then the suppression is reported instead of applied. */
  readonly reason: string | null;
  /** Lines covered, or null when no statement follows the comment. */
  readonly target: { readonly startLine: number; readonly endLine: number } | null;
}

/** What a rule reports; the engine adds rule id, severity and applies config. */
export interface FindingInput {
  /**
   * `schema.table`, `schema.table.column`, `schema.index_name`, `schema.constraint_name` (with `table`),
   * `schema.view`, `schema.function(argtypes)` (the FunctionInfo signature), or a file path.
   */
  readonly object: string;
  readonly objectKind: 'table' | 'column' | 'index' | 'constraint' | 'view' | 'function' | 'comment' | 'file';
  /** Table `schema.name` the finding belongs to, for `exclude_tables`. */
  readonly table?: string;
  /** Column name, for `exclude_columns`. */
  readonly column?: string;
  readonly message: string;
  /** Why it matters. */
  readonly why: string;
  /** Suggested fix, SQL where it applies. */
  readonly fix: string | null;
  /** Overrides the rule's severity for a softer variant of the finding. */
  readonly severity?: Severity;
  readonly location?: ObjectLocation | null;
}

/** A finding in a lint result. */
export interface Finding extends FindingInput {
  readonly rule: string;
  readonly severity: Severity;
  readonly location: ObjectLocation | null;
  /** Stable hash of rule + object, for SARIF partialFingerprints and baselines. */
  readonly fingerprint: string;
}

/** What a rule's `check` receives besides the snapshot and its options. */
export interface RuleContext {
  /** The live database, when linting one (for value sampling). */
  readonly queryable?: Queryable;
  /** Rows to sample per column for rules that look at values (`--sample N`), 0 when off. */
  readonly sample: number;
  /** Tells the engine the rule did not run and why (e.g. statistics too young). */
  skip(reason: string): void;
  /** Ids of every rule registered for this run (built-in and custom), enabled or not. */
  readonly ruleIds?: readonly string[];
}

/**
 * A lint rule: a plain object. `check` calls `report` once per finding.
 *
 * @example
 * ```ts
 * const noPublicSchema: LintRule = {
 *   id: 'no-public-schema',
 *   description: 'Tables live in an application schema, not public.',
 *   defaultSeverity: 'warning',
 *   docs: { why: '...', bad: 'create table public.t (...)', good: 'create table app.t (...)' },
 *   check(snapshot, _options, report) {
 *     for (const t of snapshot.tables) if (t.schema === 'public')
 *       report({ object: t.qualifiedName, objectKind: 'table', table: t.qualifiedName, message: `${t.qualifiedName} is in public`, why: '...', fix: null });
 *   },
 * };
 * ```
 */
export interface LintRule<O extends Record<string, unknown> = Record<string, unknown>> {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly docs: {
    readonly why: string;
    /** SQL that triggers the rule. */
    readonly bad: string;
    /** SQL that does not. */
    readonly good: string;
  };
  /** Defaults for the rule's options; config values are merged over them. */
  readonly defaultOptions?: O;
  /**
   * Validates the rule's options (the config's merged over `defaultOptions`); returns error messages
   * keyed by option path (`allow`, `patterns.0`), reported by the engine at the config's file:line.
   */
  readonly validateOptions?: (options: Record<string, unknown>) => ReadonlyArray<{ path: string; message: string }>;
  check(snapshot: SchemaSnapshot, options: O, report: (finding: FindingInput) => void, context: RuleContext): void | Promise<void>;
}

/** A finding an inline comment or nothing else silenced, kept for `includeSuppressed`. */
export interface SuppressedFinding extends Finding {
  readonly suppression: { readonly file: string; readonly line: number; readonly reason: string };
}

/** What a rule that ran looked like, for reporters (SARIF rule metadata, help). */
export interface RuleSummary {
  readonly id: string;
  readonly description: string;
  /** Severity in effect after config. */
  readonly severity: Severity;
  readonly docs: LintRule['docs'];
}

/** Counts of a lint run. */
export interface LintSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings silenced by inline `confiture-lint-ignore` comments. */
  readonly suppressed: number;
  /** Rules that ran (enabled and not skipped). */
  readonly rules: number;
  /** Tables in the linted snapshot (after schema filters). */
  readonly tables: number;
  /** Tables, views, indexes, constraints and functions in the linted snapshot. */
  readonly objects: number;
}

/** The result of `lint()`: plain data, JSON-serializable, versioned. */
export interface LintResult {
  readonly version: 1;
  /** Sorted by severity (errors first), rule, object. */
  readonly findings: readonly Finding[];
  /** Rules that did not run, and why (statistics too young, embedded database, ...). */
  readonly skipped: ReadonlyArray<{ readonly rule: string; readonly reason: string }>;
  /** Only with the `includeSuppressed` option. */
  readonly suppressed?: readonly SuppressedFinding[];
  readonly summary: LintSummary;
  /** The rules that were enabled, with their effective severity. */
  readonly rules: readonly RuleSummary[];
  /** Where the schema came from. */
  readonly source: SchemaSnapshot['source'];
  /** Source files the SQL parser could not read (their objects have no location, their suppressions do not apply). */
  readonly sourceErrors?: SchemaSnapshot['sourceErrors'];
}
