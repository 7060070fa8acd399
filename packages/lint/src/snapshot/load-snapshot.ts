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
  CONSTRAINT_FLAGS,
  FUNCTIONS_QUERY,
  INDEX_FLAGS,
  META_QUERY,
  VIEWS_QUERY,
  columnsQuery,
  constraintsQuery,
  indexesQuery,
  tablesQuery,
} from './catalog-queries.js';
import { constraintDefinition, serverIdentifierQuoter } from './constraint-definition.js';
import { indexDefinition, type IndexKeyDetail } from './index-definition.js';
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
  const constraintRows = await run(queryable, 'constraints', constraintsQuery(serverVersion), params);
  const viewRows = await run(queryable, 'views', VIEWS_QUERY, params);
  const functionRows = await run(queryable, 'functions', FUNCTIONS_QUERY, params);
  const commentRows = await run(queryable, 'comments', COMMENTS_QUERY, params);

  const comments = commentRows.map(toComment).sort((a, b) => compareText(a.object, b.object) || compareText(a.objectKind, b.objectKind));
  // Most schemas have few comments or none: objects look theirs up by oid (and column number)
  // without building a key string per column.
  const classComments = new Map<number, Map<number, string>>();
  const procComments = new Map<number, string>();
  for (const row of commentRows) {
    if (row.catalog === 'class') {
      const oid = Number(row.oid);
      const bySubid = classComments.get(oid);
      if (bySubid) bySubid.set(Number(row.subid), String(row.text));
      else classComments.set(oid, new Map([[Number(row.subid), String(row.text)]]));
    } else if (row.catalog === 'proc') {
      procComments.set(Number(row.oid), String(row.text));
    }
  }
  const classComment = (oid: number, subid = 0): string | null =>
    classComments.size === 0 ? null : (classComments.get(oid)?.get(subid) ?? null);

  const columnsByTable = new Map<number, ColumnInfo[]>();
  for (const row of columnRows) {
    const tableOid = Number(row.table_oid);
    const position = Number(row.position);
    const generated = row.generated === 's' ? 'stored' : row.generated === 'v' ? 'virtual' : null;
    const column: ColumnInfo = {
      name: String(row.name),
      position,
      type: String(row.type),
      typeOid: Number(row.type_oid),
      notNull: Boolean(row.not_null),
      default: generated ? null : (row.default_expr ?? null),
      generationExpression: generated ? (row.default_expr ?? null) : null,
      identity: row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by-default' : null,
      generated,
      collation: row.collation ?? null,
      comment: classComment(tableOid, position),
    };
    const list = columnsByTable.get(tableOid);
    if (list) list.push(column);
    else columnsByTable.set(tableOid, [column]);
  }
  // The catalog usually hands columns over in attnum order already.
  for (const list of columnsByTable.values()) {
    if (!isSortedByPosition(list)) list.sort((a, b) => a.position - b.position);
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
      comment: classComment(oid),
      columns: columnsByTable.get(oid) ?? [],
      location: null,
    };
  });
  tables.sort(bySchemaAndName);

  const tablesByOid = new Map(tables.map((t) => [t.oid, t]));
  const names: Names = {
    // Indexes and constraints reuse their table's name strings: less to keep in memory, and map
    // lookups by table name (every rule does them) find the string's hash already computed.
    table: (oid, schema, name) => {
      const table = tablesByOid.get(oid);
      return table !== undefined && table.schema === schema && table.name === name ? table : undefined;
    },
    tableName: (oid, qualifiedName) => {
      const table = tablesByOid.get(oid);
      return table !== undefined && table.qualifiedName === qualifiedName ? table.qualifiedName : qualifiedName;
    },
    column: (tableOid, attnum) => columnAt(columnsByTable.get(tableOid), attnum)?.name ?? null,
    columnInfo: (tableOid, attnum) => columnAt(columnsByTable.get(tableOid), attnum),
    opclass: jsonValue<Record<string, [string, boolean]>>(meta.opclass_names, {}),
    collation: jsonValue<Record<string, string>>(meta.collation_names, {}),
  };
  const indexes: IndexInfo[] = indexRows.map((row) => toIndex(row, embedded, names)).sort(bySchemaAndName);
  let indexByOid: Map<number, IndexInfo> | undefined;
  const definitions: Definitions = {
    quote: serverIdentifierQuoter(new Set(jsonValue<string[]>(meta.quoted_keywords, []))),
    index: (oid) => (indexByOid ??= new Map(indexes.map((i) => [i.oid, i]))).get(oid),
  };
  const constraints: ConstraintInfo[] = constraintRows
    .map((row) => toConstraint(row, names, definitions))
    .sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name));
  const views: ViewInfo[] = viewRows.map((row) => ({
    oid: Number(row.oid),
    schema: String(row.schema),
    name: String(row.name),
    qualifiedName: `${row.schema}.${row.name}`,
    materialized: Boolean(row.materialized),
    definition: String(row.definition ?? ''),
    comment: classComment(Number(row.oid)),
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
    comment: procComments.get(Number(row.oid)) ?? null,
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

function isSortedByPosition(list: readonly ColumnInfo[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i - 1] as ColumnInfo).position > (list[i] as ColumnInfo).position) return false;
  return true;
}

/** The column with attnum `attnum` in a list sorted by position (dropped columns leave gaps). */
function columnAt(list: readonly ColumnInfo[] | undefined, attnum: number): ColumnInfo | undefined {
  if (!list) return undefined;
  const guess = list[attnum - 1];
  if (guess?.position === attnum) return guess;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const column = list[middle] as ColumnInfo;
    if (column.position === attnum) return column;
    if (column.position < attnum) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
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
  /** The loaded table with that oid, when its schema and name are the ones given. */
  table(oid: number, schema: string, name: string): TableInfo | undefined;
  /** `qualifiedName`, the loaded table's own string when it is that table. */
  tableName(oid: number, qualifiedName: string): string;
  column(tableOid: number, attnum: number): string | null;
  columnInfo(tableOid: number, attnum: number): ColumnInfo | undefined;
  /** oid -> [name, default for its type]. */
  readonly opclass: Readonly<Record<string, [string, boolean]>>;
  readonly collation: Readonly<Record<string, string>>;
}

function toIndex(row: Row, embedded: boolean, names: Names): IndexInfo {
  const tableOid = Number(row.table_oid);
  const flags = Number(row.flags);
  const [keyVector = '', classVector = '', collationVector = '', optionVector = ''] = String(row.vectors).split('/');
  const attnums = vectorNumbers(keyVector);
  const opclasses = vectorNumbers(classVector);
  const collations = vectorNumbers(collationVector);
  const options = vectorNumbers(optionVector);
  // [pretty text, plain text] per key: pretty for rules, plain as pg_get_indexdef spells it.
  const texts = jsonValue<Array<[string, string]> | null>(row.key_texts, null);
  const keyCount = Math.min(Number(row.key_count), attnums.length);
  // The snapshot's key parts, and beside them what only the rebuilt definition needs.
  const keys: IndexKeyPart[] = new Array(keyCount);
  const details: IndexKeyDetail[] = new Array(keyCount);
  for (let i = 0; i < keyCount; i++) {
    const attnum = attnums[i] as number;
    const collation = collations[i] ?? 0;
    const option = options[i] ?? 0;
    const [opclass, opclassIsDefault] = names.opclass[String(opclasses[i])] ?? ['', true];
    const column = attnum > 0 ? names.columnInfo(tableOid, attnum) : undefined;
    keys[i] = {
      column: column?.name ?? null,
      expression: attnum > 0 ? null : (texts?.[i]?.[0] ?? null),
      opclass,
      // 100 is the database default collation: null, like a non-collatable key.
      collation: collation === 0 || collation === 100 ? null : (names.collation[String(collation)] ?? null),
      descending: (option & 1) !== 0,
      nullsFirst: (option & 2) !== 0,
    };
    details[i] = {
      opclassIsDefault,
      columnCollation: column?.collation ?? null,
      plainExpression: attnum > 0 ? null : (texts?.[i]?.[1] ?? null),
    };
  }
  const partitioned = (flags & INDEX_FLAGS.partitioned) !== 0;
  const isUnique = (flags & INDEX_FLAGS.unique) !== 0;
  const nullsNotDistinct = (flags & INDEX_FLAGS.nullsNotDistinct) !== 0;
  const table = names.table(tableOid, String(row.table_schema), String(row.table_relname));
  const tableSchema = table?.schema ?? String(row.table_schema);
  const tableName = table?.name ?? String(row.table_relname);
  const include: string[] = [];
  for (let i = keyCount; i < attnums.length; i++) include.push(names.column(tableOid, attnums[i] as number) ?? '');
  const predicate: string | null = row.predicate ?? null;
  return {
    oid: Number(row.oid),
    schema: tableSchema,
    name: String(row.name),
    table: table?.qualifiedName ?? `${tableSchema}.${tableName}`,
    method: String(row.method),
    isUnique,
    isPrimary: (flags & INDEX_FLAGS.primary) !== 0,
    isValid: (flags & INDEX_FLAGS.valid) !== 0,
    nullsNotDistinct,
    keys,
    include,
    predicate,
    definition: indexDefinition({
      name: String(row.name),
      tableSchema,
      tableName,
      method: String(row.method),
      unique: isUnique,
      partitioned,
      nullsNotDistinct,
      keys,
      details,
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

/** What the loader needs to spell the definitions the catalog query left to it. */
interface Definitions {
  quote(name: string): string;
  /** The backing index of a primary key or unique constraint. */
  index(oid: number): IndexInfo | undefined;
}

function toConstraint(row: Row, names: Names, definitions: Definitions): ConstraintInfo {
  const type = CONSTRAINT_TYPES[String(row.contype)] ?? 'check';
  const tableOid = Number(row.table_oid);
  const referencedOid = Number(row.referenced_oid);
  const columns: string[] = [];
  for (const attnum of arrayNumbers(row.keys)) {
    const name = names.column(tableOid, attnum);
    if (name !== null) columns.push(name);
  }
  const referencedColumns =
    jsonValue<string[] | null>(row.referenced_columns, null) ??
    arrayNumbers(row.referenced_keys).map((attnum) => names.column(referencedOid, attnum) ?? '');
  const flags = Number(row.flags);
  const keyFacts: KeyFacts = {
    validated: (flags & CONSTRAINT_FLAGS.validated) !== 0,
    deferrable: (flags & CONSTRAINT_FLAGS.deferrable) !== 0,
    deferred: (flags & CONSTRAINT_FLAGS.deferred) !== 0,
    // update action, delete action, match type
    actions: String(row.actions ?? ''),
  };
  const table = names.table(tableOid, String(row.table_schema), String(row.table_relname));
  const schema = table?.schema ?? String(row.table_schema);
  return {
    oid: Number(row.oid),
    schema,
    name: String(row.name),
    table: table?.qualifiedName ?? `${schema}.${row.table_relname}`,
    type,
    columns,
    definition:
      row.definition !== null && row.definition !== undefined
        ? String(row.definition)
        : localDefinition(row, type, columns, referencedColumns, keyFacts, definitions),
    validated: keyFacts.validated,
    deferrable: keyFacts.deferrable,
    inherited: (flags & CONSTRAINT_FLAGS.inherited) !== 0,
    foreignKey:
      type === 'foreign-key'
        ? {
            referencedTable: names.tableName(referencedOid, String(row.referenced_table)),
            referencedColumns,
            onDelete: FK_ACTIONS[keyFacts.actions.charAt(1)] ?? 'no action',
            onUpdate: FK_ACTIONS[keyFacts.actions.charAt(0)] ?? 'no action',
            match: FK_MATCH[keyFacts.actions.charAt(2)] ?? 'simple',
          }
        : null,
    location: null,
  };
}

/** What the constraints query packs into its flags and actions fields. */
interface KeyFacts {
  readonly validated: boolean;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  /** confupdtype, confdeltype, confmatchtype. */
  readonly actions: string;
}

/** The numbers of an int2vector or oidvector printed as text: `1 2`, empty for none. */
function vectorNumbers(text: string): number[] {
  return text === '' ? [] : text.split(' ').map(Number);
}

/** The numbers of an int2[] printed as text: `{1,2}`; null (no keys) gives none. */
function arrayNumbers(value: unknown): number[] {
  if (value === null || value === undefined) return [];
  const text = String(value);
  return text.length <= 2 ? [] : text.slice(1, -1).split(',').map(Number);
}

/** pg_get_constraintdef's text of a key the catalog query did not deparse (see constraintDefinition). */
function localDefinition(
  row: Row,
  type: ConstraintType,
  columns: readonly string[],
  referencedColumns: readonly string[],
  facts: KeyFacts,
  definitions: Definitions,
): string {
  // Object literals with every field written out: spreading a shared part into each of tens of
  // thousands of objects takes V8's slow generic copy.
  const { deferrable, deferred, validated } = facts;
  if (type === 'foreign-key') {
    return constraintDefinition(
      {
        kind: 'foreign-key',
        deferrable,
        deferred,
        validated,
        columns,
        referencedSchema: row.referenced_visible ? null : String(row.referenced_schema),
        referencedName: String(row.referenced_relname),
        referencedColumns,
        match: facts.actions.charAt(2),
        onUpdate: facts.actions.charAt(0),
        onDelete: facts.actions.charAt(1),
      },
      definitions.quote,
    );
  }
  const index = definitions.index(Number(row.index_oid));
  return constraintDefinition(
    {
      kind: type === 'primary-key' ? 'primary-key' : 'unique',
      deferrable,
      deferred,
      validated,
      columns,
      include: index?.include ?? [],
      nullsNotDistinct: index?.nullsNotDistinct ?? false,
    },
    definitions.quote,
  );
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
