// Types shared by the static side (splitting, classification, lock prediction) and the
// executed side (transaction, executor, analyzers, reports) of the dry-run.

/**
 * Table-level lock modes, spelled as `pg_locks.mode` shows them, weakest first.
 *
 * @example
 * ```ts
 * const mode: LockMode = 'AccessExclusiveLock';
 * blockedOperations(mode); // every operation, SELECT included
 * ```
 */export type LockMode =
  | 'AccessShareLock'
  | 'RowShareLock'
  | 'RowExclusiveLock'
  | 'ShareUpdateExclusiveLock'
  | 'ShareLock'
  | 'ShareRowExclusiveLock'
  | 'ExclusiveLock'
  | 'AccessExclusiveLock';

/**
 * What kind of statement it is, for the dry-run's purposes.
 *
 * @example
 * ```ts
 * const refused = statements.filter((s) => s.classification.category === 'transaction-control');
 * ```
 */export type StatementCategory = 'ddl' | 'dml' | 'query' | 'transaction-control' | 'non-transactional' | 'side-effect';

/**
 * What the dry-run does with a statement: run it inside the rolled-back transaction, analyze it
 * without running it, or refuse the whole run before anything executes.
 *
 * @example
 * ```ts
 * const notRun = report.statements.filter((s) => s.action === 'static'); // analyzed, not executed
 * ```
 */export type StatementAction = 'execute' | 'static' | 'refuse';

/**
 * One piece of SQL input: a file's text, or inline SQL (`file` null).
 *
 * @example
 * ```ts
 * const sources: SqlSource[] = [{ file: 'db/migrations/0042.up.sql', sql: await readFile(path, 'utf8') }];
 * await dryRun(client, sources);
 * ```
 */export interface SqlSource {
  readonly file: string | null;
  readonly sql: string;
  /**
   * True when the migration runner applies this source without a transaction, statement by
   * statement in autocommit. Default: true when its first line is `-- confiture:no-transaction`,
   * as for Confiture's migrator.
   */
  readonly noTransaction?: boolean;
}

/**
 * A statement cut out of its source by the PostgreSQL parser, with its position.
 *
 * @example
 * ```ts
 * const [s] = await splitStatements([{ file: 'up.sql', sql: '\n  CREATE INDEX ON t (a);' }]);
 * s.line; // 2
 * s.column; // 3
 * s.nodeType; // 'IndexStmt'
 * ```
 */export interface ParsedStatement {
  /** 0-based position in the whole run (all sources, in order). */
  readonly index: number;
  readonly file: string | null;
  /** 1-based line and column where the statement starts in its source. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** Character offsets of the statement in its source text. */
  readonly startOffset: number;
  readonly endOffset: number;
  /**
   * UTF-8 byte offset of the statement start in its source. The `location` fields of the parse
   * tree are byte offsets in the source: subtract this to get a byte offset in `sql`.
   */
  readonly startByte?: number;
  /** The statement text, without the terminating semicolon. */
  readonly sql: string;
  /** Node type of the parse tree root, e.g. `AlterTableStmt`. */
  readonly nodeType: string;
  /** The libpg-query parse tree of this statement (`{ [nodeType]: {...} }`). */
  readonly ast: Record<string, unknown>;
  /**
   * True when its source runs without a transaction (see {@link SqlSource.noTransaction}): each
   * statement commits on its own, so the locks it takes are held only while it runs.
   */
  readonly noTransaction?: boolean;
}

/**
 * A side effect that a rollback does not undo, found in a statement.
 *
 * @example
 * ```ts
 * const [s] = await classify("SELECT nextval('orders_id_seq')");
 * s.classification.sideEffects; // [{ kind: 'sequence', detail: '...' }]
 * ```
 */export interface SideEffect {
  readonly kind:
    | 'sequence'
    | 'advisory-lock'
    | 'notify'
    | 'listen'
    | 'remote'
    | 'file'
    | 'large-object'
    | 'signal'
    | 'procedure'
    | 'transaction-control'
    | 'session-setting';
  readonly detail: string;
}

/**
 * The classifier's verdict on one statement.
 *
 * @example
 * ```ts
 * const [s] = await classify('VACUUM users');
 * s.classification; // { category: 'non-transactional', action: 'static', tag: 'VACUUM', reason: '...', sideEffects: [] }
 * ```
 */export interface Classification {
  readonly category: StatementCategory;
  readonly action: StatementAction;
  /** Why this category and action, in one sentence. */
  readonly reason: string;
  /** Command tag-like label, e.g. `ALTER TABLE`, `CREATE INDEX CONCURRENTLY`. */
  readonly tag: string;
  readonly sideEffects: readonly SideEffect[];
}

/**
 * A parsed statement with its {@link Classification}.
 *
 * @example
 * ```ts
 * const statements: ClassifiedStatement[] = await classify(sql, 'up.sql');
 * const refused = statements.filter((s) => s.classification.action === 'refuse');
 * ```
 */
export interface ClassifiedStatement extends ParsedStatement {
  readonly classification: Classification;
}

/**
 * A relation lock: the JSON contract's `{ relation, mode }`.
 *
 * @example
 * ```ts
 * const ref: LockRef = { relation: 'public.users', mode: 'ShareLock' };
 * ```
 */export interface LockRef {
  /** `schema.name`. */
  readonly relation: string;
  readonly mode: LockMode;
}

/**
 * Application operations a lock blocks, from PostgreSQL's conflict table.
 *
 * @example
 * ```ts
 * blockedOperations('ShareRowExclusiveLock').includes('INSERT/UPDATE/DELETE'); // true
 * ```
 */export type BlockedOperation = 'SELECT' | 'SELECT FOR UPDATE/SHARE' | 'INSERT/UPDATE/DELETE' | 'VACUUM/ANALYZE' | 'CREATE INDEX' | 'DDL';

/**
 * A lock predicted from the parse tree (and the catalog when available).
 *
 * @example
 * ```ts
 * const [s] = await classify('ALTER TABLE users ADD COLUMN a int');
 * predictLocks(s); // [{ relation: 'public.users', mode: 'AccessExclusiveLock', reason: '...', conditional: false, ... }]
 * ```
 */export interface PredictedLock extends LockRef {
  /** What in the statement takes it. */
  readonly reason: string;
  /**
   * True when PostgreSQL takes it only depending on the data or the plan: foreign-key checks and
   * cascades of rows actually written, partitions not pruned, partitions receiving rows.
   * (Always set by the static analysis; optional for other producers.)
   */
  readonly conditional?: boolean;
  /** True when the relation was created earlier in the same run: no other session can be using it. */
  readonly newRelation?: boolean;
  /** pg_class.relkind of the relation when the catalog knows it (undefined otherwise). */
  readonly relationKind?: string | undefined;
}

/**
 * What the static analysis knows about relations, gathered from a live catalog in a few queries.
 *
 * @example
 * ```ts
 * const users = (await loadCatalog(client)).resolve({ schema: null, name: 'users' }).entry;
 * users?.kind; // 'r'
 * ```
 */export interface CatalogRelation {
  readonly schema: string;
  readonly name: string;
  /** pg_class.relkind: r table, p partitioned table, i index, I partitioned index, S sequence, v view, m materialized view, f foreign table. */
  readonly kind: string;
  readonly rowEstimate: number;
  readonly sizeBytes: number;
  /** For an index: its table `schema.name`. */
  readonly table?: string;
}

/**
 * A known-dangerous pattern found in a statement, with the safe way to do it.
 * Produced by the static analysis; the cost estimator turns hazards, locks, rewrites and sizes
 * into a risk level.
 *
 * @example
 * ```ts
 * for (const h of analysis.hazards) console.log(`${h.id} (${h.baseRisk}): ${h.message}\nfix: ${h.fix}`);
 * ```
 */export interface Hazard {
  /** Stable id, e.g. `non-concurrent-index`, `add-constraint-validating`, `rewrite-type-change`. */
  readonly id: string;
  /** The relation concerned, `schema.name`, when there is one. */
  readonly relation: string | null;
  readonly message: string;
  /** The safe alternative, SQL where it applies. */
  readonly fix: string | null;
  /** How bad it is on its own, before table sizes are taken into account. */
  readonly baseRisk: 'low' | 'medium' | 'high' | 'critical';
}

/**
 * Everything known about a statement without executing it.
 *
 * @example
 * ```ts
 * const [analysis] = analyzeStatements(await classify('CREATE INDEX ON users (email)'));
 * analysis.predictedLocks; // ShareLock on public.users
 * analysis.hazards[0].id; // 'non-concurrent-index'
 * ```
 */export interface StaticAnalysis {
  readonly predictedLocks: readonly PredictedLock[];
  /** Relations (`schema.name`) the statement is expected to rewrite. */
  readonly predictedRewrites: readonly string[];
  /** Relations the statement is expected to scan in full while holding its lock (validation, SET NOT NULL...). */
  readonly predictedScans: readonly string[];
  readonly hazards: readonly Hazard[];
}
