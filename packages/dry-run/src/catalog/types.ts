import type { CatalogRelation } from '../types.js';

/**
 * A column of a table, view, materialized view or foreign table.
 *
 * @example
 * ```ts
 * catalog.column('public.users', 'email')?.notNull; // true when the column is NOT NULL
 * ```
 */export interface CatalogColumn {
  readonly name: string;
  /** `format_type()`, e.g. `character varying(20)`, `numeric(10,2)`, `public.mood`. */
  readonly type: string;
  /** `pg_type.typname` of the column type, e.g. `varchar`, `int4`, `_text` for `text[]`. */
  readonly typeName: string;
  readonly typeSchema: string;
  /** `atttypmod`; -1 when the type has no modifier. */
  readonly typmod: number;
  readonly notNull: boolean;
  /** The default expression (`pg_get_expr`), null when there is none. */
  readonly default: string | null;
  readonly identity: 'always' | 'by default' | null;
  readonly generated: 'stored' | 'virtual' | null;
  /** The sequence (`schema.name`) its default or identity draws values from. */
  readonly sequence: string | null;
}

/**
 * Index facts, for relations of kind `i` / `I`.
 *
 * @example
 * ```ts
 * catalog.indexesOf('public.users').filter((i) => i.index?.unique).map((i) => i.index?.definition);
 * ```
 */export interface CatalogIndexInfo {
  readonly definition: string;
  readonly valid: boolean;
  readonly unique: boolean;
  readonly primary: boolean;
  /** Key columns by name; an expression column is `null`. */
  readonly columns: readonly (string | null)[];
}

/**
 * A relation with what the static analysis needs beyond the shared {@link CatalogRelation}.
 *
 * @example
 * ```ts
 * const entry = catalog.relation('public.users');
 * entry?.rowEstimate; // pg_class.reltuples
 * entry?.columns.map((c) => c.name);
 * ```
 */export interface CatalogEntry extends CatalogRelation {
  readonly oid: number | null;
  readonly filenode: number | null;
  /** `p` permanent, `u` unlogged, `t` temporary. */
  readonly persistence: string;
  /** Tablespace name, null for the database default. */
  readonly tablespace: string | null;
  /** Parents (`schema.name`): the partitioned table of a partition, or inheritance parents. */
  readonly parents: readonly string[];
  readonly isPartition: boolean;
  /** For a partitioned table: its default partition. */
  readonly defaultPartition: string | null;
  /** For a partitioned table: the partition key columns (expressions are left out). */
  readonly partitionKey: readonly string[];
  /** Columns in attribute order (tables, views, materialized views, foreign tables). */
  readonly columns: readonly CatalogColumn[];
  readonly index: CatalogIndexInfo | null;
  /** For a sequence owned by a column (serial, identity): `schema.table` and column. */
  readonly ownedBy: { readonly table: string; readonly column: string } | null;
  /** User triggers (not the internal ones of foreign keys), with whether they fire per row. */
  readonly triggers: readonly { readonly name: string; readonly row: boolean }[];
  /** For a foreign table: the foreign-data wrapper name, e.g. `postgres_fdw`. */
  readonly foreignDataWrapper: string | null;
  /** True when a statement of the current run created it (nobody else can be using it). */
  readonly createdInRun: boolean;
}

/**
 * `pg_constraint` contype: p primary key, u unique, f foreign key, c check, x exclusion, n not null (PostgreSQL 18), t trigger.
 *
 * @example
 * ```ts
 * const foreignKeys = catalog.constraintsOf('public.orders').filter((c) => c.type === ('f' satisfies ConstraintType));
 * ```
 */export type ConstraintType = 'p' | 'u' | 'f' | 'c' | 'x' | 'n' | 't';

/**
 * A table constraint.
 *
 * @example
 * ```ts
 * catalog.referencingConstraints('public.users').map((c) => `${c.table} ${c.name}`); // foreign keys pointing at users
 * ```
 */export interface CatalogConstraint {
  /** `schema.table`. */
  readonly table: string;
  readonly name: string;
  readonly type: ConstraintType;
  readonly columns: readonly string[];
  readonly validated: boolean;
  /** `pg_get_constraintdef()`, e.g. `CHECK ((email IS NOT NULL))`; empty for a constraint added by the run. */
  readonly definition: string;
  /** For a CHECK constraint added by the run: its expression's parse tree. */
  readonly expression?: unknown;
  /** For a foreign key: the referenced table and columns. */
  readonly referencedTable: string | null;
  readonly referencedColumns: readonly string[];
  /** For a foreign key: `confdeltype` / `confupdtype` (a no action, r restrict, c cascade, n set null, d set default). */
  readonly onDelete: string | null;
  readonly onUpdate: string | null;
  /** The index backing a primary key, unique or exclusion constraint (`schema.name`). */
  readonly index: string | null;
  readonly createdInRun: boolean;
}

/**
 * A function, procedure or aggregate.
 *
 * @example
 * ```ts
 * catalog.functionsNamed('gen_random_uuid').some((f) => f.volatility === 'v'); // true
 * ```
 */export interface CatalogFunction {
  readonly schema: string;
  readonly name: string;
  /** `f` function, `p` procedure, `a` aggregate, `w` window. */
  readonly kind: string;
  readonly argCount: number;
  /** How many trailing arguments have defaults. */
  readonly defaultCount: number;
  readonly variadic: boolean;
  /** `i` immutable, `s` stable, `v` volatile. */
  readonly volatility: string;
  readonly language: string;
  /** Whether the body contains COMMIT or ROLLBACK (PL/pgSQL procedures only; null when unknown). */
  readonly transactionControl: boolean | null;
  readonly createdInRun: boolean;
}

/**
 * A type that can be named in a column definition.
 *
 * @example
 * ```ts
 * catalog.type({ schema: null, name: 'mood' })?.kind; // 'e' for an enum
 * ```
 */export interface CatalogType {
  readonly schema: string;
  readonly name: string;
  /** `pg_type.typtype`: b base, c composite, d domain, e enum, r range, m multirange, p pseudo. */
  readonly kind: string;
  readonly createdInRun: boolean;
}

/**
 * Something that depends on a relation, a column, a function or a type (from `pg_depend`).
 *
 * @example
 * ```ts
 * catalog.dependentsOf('public.users', 'email').map((d) => `${d.kind} ${d.name}`); // ['view public.active_users']
 * ```
 */export interface CatalogDependency {
  /** `view`, `materialized view`, `rule`, `trigger`, `policy`, `function`, `default`, `constraint`, `index`. */
  readonly kind: string;
  /** The dependent object's name: `schema.name`, or `name on schema.table` for triggers, policies, rules, constraints and defaults. */
  readonly name: string;
  /**
   * The relation the dependent belongs to: the view or materialized view itself, the table of a
   * trigger, policy, rule, constraint, default or column, the index itself. Null for functions.
   */
  readonly relation: string | null;
  readonly referencedRelation: string | null;
  readonly referencedColumn: string | null;
  /** `schema.name` of a referenced function. */
  readonly referencedFunction: string | null;
  /** `schema.name` of a referenced type. */
  readonly referencedType: string | null;
}

/**
 * Everything {@link loadCatalog} reads, as plain data.
 *
 * @example
 * ```ts
 * const snapshot = await loadCatalogSnapshot(client);
 * await writeFile('catalog.json', JSON.stringify(snapshot)); // analyze later, offline:
 * const catalog = Catalog.fromSnapshot(JSON.parse(await readFile('catalog.json', 'utf8')));
 * ```
 */export interface CatalogSnapshot {
  /** `server_version_num`, e.g. 150020 or 180000. */
  readonly serverVersion: number;
  /** Effective search path (`current_schemas(true)`), implicit schemas included. */
  readonly searchPath: readonly string[];
  readonly currentUser: string;
  /** The session's `TimeZone`, which decides whether timestamp <-> timestamptz rewrites. */
  readonly timeZone: string;
  /** Schemas that exist (system schemas excluded). */
  readonly schemas: readonly string[];
  readonly relations: readonly CatalogEntry[];
  readonly constraints: readonly CatalogConstraint[];
  readonly functions: readonly CatalogFunction[];
  readonly types: readonly CatalogType[];
  readonly dependencies: readonly CatalogDependency[];
  /** Extensions installed (name). */
  readonly extensions: readonly string[];
}
