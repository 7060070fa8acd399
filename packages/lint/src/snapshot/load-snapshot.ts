import { ConfitureError, type Queryable, type Row } from '@confiture/core';
import { locateObjects } from '../source/locate.js';
import type {
  ColumnInfo,
  CommentInfo,
  ConstraintInfo,
  ConstraintType,
  ForeignKeyInfo,
  FunctionInfo,
  IndexInfo,
  IndexKeyPart,
  SchemaSnapshot,
  SourceFile,
  TableInfo,
  TableKind,
  ViewInfo,
} from '../types.js';
import {
  COMMENTS_QUERY,
  CONSTRAINTS_QUERY,
  FUNCTIONS_QUERY,
  META_QUERY,
  VIEWS_QUERY,
  columnsQuery,
  indexesQuery,
  tablesQuery,
} from './catalog-queries.js';
import { indexDefinition } from './index-definition.js';
import { schemaMatcher, type SchemaFilter } from './schema-filter.js';

/** Options of {@link loadSnapshot}. */
export interface LoadSnapshotOptions {
  /** Schema globs; system schemas and extension-owned objects are always left out. */
  readonly schemas?: SchemaFilter;
  /**
   * The schema (and applied migration) files the database was built from. Objects get the
   * file:line of the statement that created them, and inline `confiture-lint-ignore` comments apply.
   */
  readonly files?: readonly SourceFile[];
  /**
   * `embedded` for a PGlite database built from files: index usage statistics are then reported
   * unavailable. Detected from `version()` when omitted.
   */
  readonly source?: 'database' | 'embedded';
  /**
   * Ask the file system for the size of every table and index (pg_table_size, pg_relation_size).
   * By default sizes are estimated from pg_class.relpages (as of the last VACUUM, ANALYZE or CREATE
   * INDEX), which reads no file and keeps a 10,000-table database fast to load.
   */
  readonly exactSizes?: boolean;
}

/** Number of catalog queries one {@link loadSnapshot} call issues, whatever the schema size. */
export const SNAPSHOT_QUERY_COUNT = 8;

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary-key',
  u: 'unique',
  f: 'foreign-key',
  c: 'check',
  x: 'exclusion',
};
const FK_ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const FK_MATCH: Record<string, ForeignKeyInfo['match']> = { s: 'simple', f: 'full', p: 'partial' };
const TABLE_KINDS: Record<string, TableKind> = { r: 'table', p: 'partitioned-table', f: 'foreign-table' };
const FUNCTION_KINDS: Record<string, FunctionInfo['kind']> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
const CLASS_COMMENT_KINDS: Record<string, string> = {
  r: 'table',
  p: 'table',
  f: 'table',
  v: 'view',
  m: 'materialized-view',
  i: 'index',
  I: 'index',
  S: 'sequence',
};

function isoOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** json columns arrive parsed from node-postgres and PGlite, but a custom type parser may leave text. */
function jsonValue<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

async function run(queryable: Queryable, what: string, sql: string, params?: unknown[]): Promise<Row[]> {
  try {
    return (await queryable.query(sql, params as any[])).rows;
  } catch (cause) {
    throw new ConfitureError({
      code: 'CONFITURE_LINT_SNAPSHOT_FAILED',
      message: `Reading the ${what} from the catalog failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      hint: 'The schema linter needs PostgreSQL 12 or later and a role that can read the system catalogs.',
      cause,
    });
  }
}

/**
 * Reads the schema of a database into a {@link SchemaSnapshot} with a fixed number of set-based
 * catalog queries ({@link SNAPSHOT_QUERY_COUNT}, whatever the number of tables). Works on a server
 * and on the embedded database; the queryable is only read from.
 *
 * @example
 * ```ts
 * const connection = await connectPostgres(url);
 * const snapshot = await loadSnapshot(connection, { schemas: { include: ['app', 'billing_*'] } });
 * console.log(snapshot.tables.length, snapshot.statistics.available);
 * ```
 */
export async function loadSnapshot(queryable: Queryable, options: LoadSnapshotOptions = {}): Promise<SchemaSnapshot> {
  const [meta] = await run(queryable, 'server settings', META_QUERY);
  if (!meta) throw new ConfitureError({ code: 'CONFITURE_INTERNAL', message: 'The catalog returned no server settings row.' });
  const serverVersion = Number(meta.server_version);
  const embedded = options.source === 'embedded' || (options.source === undefined && /pglite/i.test(String(meta.version)));
  const keep = schemaMatcher(options.schemas);
  const schemas = jsonValue<string[]>(meta.schemas, []).filter(keep);
  const params = [schemas];

  // One after the other: a single client cannot run queries concurrently anyway.
  const exact = options.exactSizes === true;
  const tableRows = await run(queryable, 'tables', tablesQuery(exact), params);
  const columnRows = await run(queryable, 'columns', columnsQuery(serverVersion), params);
  const indexRows = await run(queryable, 'indexes', indexesQuery(serverVersion, exact), params);
  const constraintRows = await run(queryable, 'constraints', CONSTRAINTS_QUERY, params);
  const viewRows = await run(queryable, 'views', VIEWS_QUERY, params);
  const functionRows = await run(queryable, 'functions', FUNCTIONS_QUERY, params);
  const commentRows = await run(queryable, 'comments', COMMENTS_QUERY, params);

  const comments = commentRows.map(toComment).sort((a, b) => compareText(a.object, b.object) || compareText(a.objectKind, b.objectKind));
  const commentByOid = new Map<string, string>();
  for (const row of commentRows) commentByOid.set(`${row.catalog}:${Number(row.oid)}:${Number(row.subid)}`, String(row.text));
  const commentOf = (catalog: string, oid: number, subid = 0): string | null => commentByOid.get(`${catalog}:${oid}:${subid}`) ?? null;

  const columnsByTable = new Map<number, ColumnInfo[]>();
  /** table oid -> attnum -> index in columnsByTable, to name index and constraint keys. */
  const attnumIndex = new Map<number, Map<number, number>>();
  for (const row of columnRows) {
    const tableOid = Number(row.table_oid);
    const generated = row.generated === 's' ? 'stored' : row.generated === 'v' ? 'virtual' : null;
    const column: ColumnInfo = {
      name: String(row.name),
      position: Number(row.position),
      type: String(row.type),
      typeOid: Number(row.type_oid),
      notNull: Boolean(row.not_null),
      default: generated ? null : (row.default_expr ?? null),
      generationExpression: generated ? (row.default_expr ?? null) : null,
      identity: row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by-default' : null,
      generated,
      collation: row.collation ?? null,
      comment: commentOf('class', tableOid, Number(row.position)),
    };
    const list = columnsByTable.get(tableOid);
    if (list) list.push(column);
    else columnsByTable.set(tableOid, [column]);
  }

  for (const [oid, list] of columnsByTable) {
    list.sort((a, b) => a.position - b.position);
    attnumIndex.set(oid, new Map(list.map((c, i) => [c.position, i])));
  }

  const tables: TableInfo[] = tableRows.map((row) => {
    const oid = Number(row.oid);
    return {
      oid,
      schema: String(row.schema),
      name: String(row.name),
      qualifiedName: `${row.schema}.${row.name}`,
      kind: TABLE_KINDS[String(row.relkind)] ?? 'table',
      partitionOf: row.partition_of ?? null,
      inherits: jsonValue<string[]>(row.inherits, []),
      rowEstimate: Number(row.row_estimate),
      sizeBytes: Number(row.size_bytes),
      comment: commentOf('class', oid),
      columns: columnsByTable.get(oid) ?? [],
      location: null,
    };
  });
  tables.sort(bySchemaAndName);

  const names: Names = {
    column: (tableOid, attnum) => names.columnInfo(tableOid, attnum)?.name ?? null,
    columnInfo: (tableOid, attnum) => columnsByTable.get(tableOid)?.[attnumIndex.get(tableOid)?.get(attnum) ?? -1],
    opclass: jsonValue<Record<string, [string, boolean]>>(meta.opclass_names, {}),
    collation: jsonValue<Record<string, string>>(meta.collation_names, {}),
  };
  const indexes: IndexInfo[] = indexRows.map((row) => toIndex(row, embedded, names)).sort(bySchemaAndName);
  const constraints: ConstraintInfo[] = constraintRows
    .map((row) => toConstraint(row, names))
    .sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name));
  const views: ViewInfo[] = viewRows.map((row) => ({
    oid: Number(row.oid),
    schema: String(row.schema),
    name: String(row.name),
    qualifiedName: `${row.schema}.${row.name}`,
    materialized: Boolean(row.materialized),
    definition: String(row.definition ?? ''),
    comment: commentOf('class', Number(row.oid)),
    location: null,
  }));
  views.sort(bySchemaAndName);
  const functions: FunctionInfo[] = functionRows.map((row) => ({
    oid: Number(row.oid),
    schema: String(row.schema),
    name: String(row.name),
    signature: `${row.schema}.${row.name}(${row.args ?? ''})`,
    kind: FUNCTION_KINDS[String(row.prokind)] ?? 'function',
    language: String(row.language),
    body: String(row.body ?? ''),
    comment: commentOf('proc', Number(row.oid)),
    location: null,
  }));
  functions.sort((a, b) => bySchemaAndName(a, b) || compareText(a.signature, b.signature));

  const snapshot: SchemaSnapshot = {
    version: 1,
    source: embedded ? 'embedded' : 'database',
    serverVersion,
    capturedAt: isoOrNull(meta.now) ?? new Date().toISOString(),
    schemas,
    tables,
    indexes,
    constraints,
    views,
    functions,
    comments,
    statistics: statisticsOf(meta, embedded),
    files: options.files ? options.files.map((f) => ({ path: f.path, text: f.text })) : [],
  };
  return options.files?.length ? locateObjects(snapshot) : snapshot;
}

// Code-unit order, like the C collation, so the order does not depend on the server's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bySchemaAndName(a: { schema: string; name: string }, b: { schema: string; name: string }): number {
  return compareText(a.schema, b.schema) || compareText(a.name, b.name);
}

function statisticsOf(meta: Row, embedded: boolean): SchemaSnapshot['statistics'] {
  if (embedded) {
    return {
      available: false,
      since: null,
      reason: 'the embedded database (PGlite) is built fresh from files and has served no application traffic',
    };
  }
  if (String(meta.track_counts) !== 'on') {
    return { available: false, since: null, reason: 'track_counts is off on this server, so index scans are not counted' };
  }
  // A database whose counters were never reset has counted since the server started.
  return { available: true, since: isoOrNull(meta.stats_reset) ?? isoOrNull(meta.started_at), reason: null };
}

/** Name lookups for the arrays of pg_index and pg_constraint. */
interface Names {
  column(tableOid: number, attnum: number): string | null;
  columnInfo(tableOid: number, attnum: number): ColumnInfo | undefined;
  /** oid -> [name, default for its type]. */
  readonly opclass: Readonly<Record<string, [string, boolean]>>;
  readonly collation: Readonly<Record<string, string>>;
}

function toIndex(row: Row, embedded: boolean, names: Names): IndexInfo {
  const tableOid = Number(row.table_oid);
  const attnums = jsonValue<number[]>(row.attnums, []);
  const opclasses = jsonValue<number[]>(row.opclasses, []);
  const collations = jsonValue<number[]>(row.collations, []);
  const options = jsonValue<number[]>(row.options, []);
  // [pretty text, plain text] per key: pretty for rules, plain as pg_get_indexdef spells it.
  const texts = jsonValue<Array<[string, string]> | null>(row.key_texts, null);
  const keyCount = Number(row.key_count);
  const parts = attnums.slice(0, keyCount).map((attnum, i) => {
    const collation = collations[i] ?? 0;
    const option = options[i] ?? 0;
    const [opclass, opclassIsDefault] = names.opclass[String(opclasses[i])] ?? ['', true];
    const column = attnum > 0 ? names.columnInfo(tableOid, attnum) : undefined;
    return {
      column: column?.name ?? null,
      expression: attnum > 0 ? null : (texts?.[i]?.[0] ?? null),
      plainExpression: attnum > 0 ? null : (texts?.[i]?.[1] ?? null),
      opclass,
      // 100 is the database default collation: null, like a non-collatable key.
      collation: collation === 0 || collation === 100 ? null : (names.collation[String(collation)] ?? null),
      descending: (option & 1) !== 0,
      nullsFirst: (option & 2) !== 0,
      opclassIsDefault,
      columnCollation: column?.collation ?? null,
    };
  });
  const keys: IndexKeyPart[] = parts.map(({ opclassIsDefault: _d, columnCollation: _c, plainExpression: _p, ...key }) => key);
  const partitioned = Boolean(row.partitioned);
  const include = attnums.slice(keyCount).map((attnum) => names.column(tableOid, attnum) ?? '');
  const predicate: string | null = row.predicate ?? null;
  return {
    oid: Number(row.oid),
    schema: String(row.schema),
    name: String(row.name),
    table: String(row.table_name),
    method: String(row.method),
    isUnique: Boolean(row.is_unique),
    isPrimary: Boolean(row.is_primary),
    isValid: Boolean(row.is_valid),
    nullsNotDistinct: Boolean(row.nulls_not_distinct),
    keys,
    include,
    predicate,
    definition: indexDefinition({
      name: String(row.name),
      tableSchema: String(row.table_schema),
      tableName: String(row.table_relname),
      method: String(row.method),
      unique: Boolean(row.is_unique),
      partitioned,
      nullsNotDistinct: Boolean(row.nulls_not_distinct),
      keys: parts,
      include,
      predicate: row.predicate_plain ?? null,
    }),
    constraint: row.constraint_name ?? null,
    partitioned,
    parentIndex: row.parent_index ?? null,
    sizeBytes: Number(row.size_bytes),
    // A partitioned index has no scans of its own (its partitions' indexes do), and counters of
    // the embedded database mean nothing.
    scans: embedded || partitioned || row.scans === null ? null : Number(row.scans),
    location: null,
  };
}

function toConstraint(row: Row, names: Names): ConstraintInfo {
  const type = CONSTRAINT_TYPES[String(row.contype)] ?? 'check';
  const tableOid = Number(row.table_oid);
  const referencedOid = Number(row.referenced_oid);
  const columns = jsonValue<number[]>(row.attnums, [])
    .map((attnum) => names.column(tableOid, attnum))
    .filter((name): name is string => name !== null);
  const referencedColumns =
    jsonValue<string[] | null>(row.referenced_columns, null) ??
    jsonValue<number[]>(row.referenced_attnums, []).map((attnum) => names.column(referencedOid, attnum) ?? '');
  return {
    oid: Number(row.oid),
    schema: String(row.schema),
    name: String(row.name),
    table: String(row.table_name),
    type,
    columns,
    definition: String(row.definition),
    validated: Boolean(row.validated),
    deferrable: Boolean(row.deferrable),
    inherited: Boolean(row.inherited),
    foreignKey:
      type === 'foreign-key'
        ? {
            referencedTable: String(row.referenced_table),
            referencedColumns,
            onDelete: FK_ACTIONS[String(row.on_delete)] ?? 'no action',
            onUpdate: FK_ACTIONS[String(row.on_update)] ?? 'no action',
            match: FK_MATCH[String(row.match_type)] ?? 'simple',
          }
        : null,
    location: null,
  };
}

function toComment(row: Row): CommentInfo {
  const schema = String(row.schema);
  const text = String(row.text);
  switch (row.catalog) {
    case 'class': {
      const table = `${schema}.${row.name}`;
      if (Number(row.subid) > 0) return { object: `${table}.${row.detail}`, objectKind: 'column', text };
      return { object: table, objectKind: CLASS_COMMENT_KINDS[String(row.kind)] ?? 'table', text };
    }
    case 'proc':
      return { object: `${schema}.${row.name}(${row.detail ?? ''})`, objectKind: 'function', text };
    case 'constraint':
      return { object: `${schema}.${row.name}.${row.detail}`, objectKind: 'constraint', text };
    default:
      return { object: schema, objectKind: 'schema', text };
  }
}
