import { ConfitureError, type Queryable } from '@confiture/core';
import { Catalog } from './catalog.js';
import { COLUMNS_QUERY, CONSTRAINTS_QUERY, DEPENDENCIES_QUERY, FUNCTIONS_QUERY, RELATIONS_QUERY, SETTINGS_QUERY, TYPES_QUERY } from './queries.js';
import type { CatalogColumn, CatalogConstraint, CatalogDependency, CatalogEntry, CatalogFunction, CatalogSnapshot, CatalogType, ConstraintType } from './types.js';
import { ensureParser } from '../parse/parser.js';
import { procedureCommits } from './procedure-body.js';

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' || typeof v === 'bigint' ? Number(v) : 0);
const bool = (v: unknown): boolean => v === true || v === 't';

// node-postgres returns text[] as arrays; PGlite too. Anything else (a driver returning the
// literal) is parsed minimally.
function textArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (x === null ? '' : String(x)));
  return [];
}

function nullableTextArray(v: unknown): (string | null)[] {
  if (Array.isArray(v)) return v.map((x) => (x === null || x === undefined ? null : String(x)));
  return [];
}

async function run(queryable: Queryable, label: string, text: string): Promise<Row[]> {
  try {
    return (await queryable.query(text)).rows as Row[];
  } catch (error) {
    throw new ConfitureError({
      code: 'CONFITURE_DRY_RUN_FAILED',
      message: `Reading the catalog (${label}) failed: ${error instanceof Error ? error.message : String(error)}.`,
      hint: 'The role needs to read pg_catalog; check the connection and that the transaction is not aborted.',
      cause: error,
    });
  }
}

function identityOf(v: unknown): CatalogColumn['identity'] {
  return v === 'a' ? 'always' : v === 'd' ? 'by default' : null;
}

function generatedOf(v: unknown): CatalogColumn['generated'] {
  return v === 's' ? 'stored' : v === 'v' ? 'virtual' : null;
}

/**
 * Reads what the static analysis needs from a database in seven set-based queries (never one
 * per table): relations with kinds, sizes, row estimates, relfilenodes, partitions and
 * inheritance, indexes with their table, definition and validity, sequences with their owning
 * column; columns with types, defaults, identity and generation; constraints; functions
 * (volatility, argument counts); types; dependencies (`pg_depend`, `pg_rewrite`); the search
 * path, server version and time zone. System schemas are left out.
 *
 * Works on a PostgreSQL server and on PGlite; the queryable can be inside a transaction.
 *
 * @example
 * ```ts
 * const catalog = await loadCatalog(client);
 * const analysis = analyzeStatement(statement, catalog);
 * ```
 */
export async function loadCatalog(queryable: Queryable): Promise<Catalog> {
  return Catalog.fromSnapshot(await loadCatalogSnapshot(queryable));
}

/**
 * The data behind {@link loadCatalog}, as plain JSON-safe objects.
 *
 * @example
 * ```ts
 * const snapshot = await loadCatalogSnapshot(client); // plain data: JSON-serializable
 * const catalog = Catalog.fromSnapshot(snapshot);
 * ```
 */export async function loadCatalogSnapshot(queryable: Queryable): Promise<CatalogSnapshot> {
  await ensureParser();
  // One after the other: a single session cannot run queries in parallel.
  const settings = (await run(queryable, 'settings', SETTINGS_QUERY))[0] ?? {};
  const relationRows = await run(queryable, 'relations', RELATIONS_QUERY);
  const columnRows = await run(queryable, 'columns', COLUMNS_QUERY);
  const constraintRows = await run(queryable, 'constraints', CONSTRAINTS_QUERY);
  const functionRows = await run(queryable, 'functions', FUNCTIONS_QUERY);
  const typeRows = await run(queryable, 'types', TYPES_QUERY);
  const dependencyRows = await run(queryable, 'dependencies', DEPENDENCIES_QUERY);

  const columns = new Map<string, CatalogColumn[]>();
  for (const r of columnRows) {
    const relation = str(r.relation) ?? '';
    const list = columns.get(relation) ?? [];
    list.push({
      name: str(r.name) ?? '',
      type: str(r.type) ?? '',
      typeName: str(r.type_name) ?? '',
      typeSchema: str(r.type_schema) ?? '',
      typmod: num(r.typmod),
      notNull: bool(r.not_null),
      default: str(r.default_expr),
      identity: identityOf(r.identity),
      generated: generatedOf(r.generated),
      sequence: str(r.sequence),
    });
    columns.set(relation, list);
  }

  const relations: CatalogEntry[] = relationRows.map((r) => {
    const schema = str(r.schema) ?? '';
    const name = str(r.name) ?? '';
    const kind = str(r.kind) ?? '';
    const owned = textArray(r.owned_by);
    const table = str(r.index_table);
    return {
      schema,
      name,
      kind,
      rowEstimate: num(r.row_estimate),
      sizeBytes: num(r.size_bytes),
      ...(table === null ? {} : { table }),
      oid: num(r.oid),
      filenode: num(r.filenode),
      persistence: str(r.persistence) ?? 'p',
      tablespace: str(r.tablespace),
      parents: textArray(r.parents),
      isPartition: bool(r.is_partition),
      defaultPartition: str(r.default_partition),
      partitionKey: textArray(r.partition_key),
      columns: columns.get(`${schema}.${name}`) ?? [],
      index:
        r.index_definition === null || r.index_definition === undefined
          ? null
          : {
              definition: str(r.index_definition) ?? '',
              valid: bool(r.index_valid),
              unique: bool(r.index_unique),
              primary: bool(r.index_primary),
              columns: nullableTextArray(r.index_columns),
            },
      ownedBy: owned.length === 2 ? { table: owned[0] as string, column: owned[1] as string } : null,
      foreignDataWrapper: str(r.fdw),
      triggers: textArray(r.triggers).map((t) => ({ row: t.startsWith('row:'), name: t.slice(t.indexOf(':') + 1) })),
      createdInRun: false,
    };
  });

  const constraints: CatalogConstraint[] = constraintRows.map((r) => ({
    table: str(r.table) ?? '',
    name: str(r.name) ?? '',
    type: (str(r.type) ?? 'c') as ConstraintType,
    columns: textArray(r.columns),
    validated: bool(r.validated),
    definition: str(r.definition) ?? '',
    referencedTable: str(r.referenced_table),
    referencedColumns: textArray(r.referenced_columns),
    onDelete: str(r.on_delete),
    onUpdate: str(r.on_update),
    index: str(r.index),
    createdInRun: false,
  }));

  const functions: CatalogFunction[] = functionRows.map((r) => {
    const definition = str(r.definition);
    return {
      schema: str(r.schema) ?? '',
      name: str(r.name) ?? '',
      kind: str(r.kind) ?? 'f',
      argCount: num(r.arg_count),
      defaultCount: num(r.default_count),
      variadic: bool(r.variadic),
      volatility: str(r.volatility) ?? 'v',
      language: str(r.language) ?? '',
      transactionControl: definition === null ? null : procedureCommits(definition),
      createdInRun: false,
    };
  });

  const types: CatalogType[] = typeRows.map((r) => ({
    schema: str(r.schema) ?? '',
    name: str(r.name) ?? '',
    kind: str(r.kind) ?? 'b',
    createdInRun: false,
  }));

  const dependencies: CatalogDependency[] = dependencyRows.map((r) => ({
    kind: str(r.kind) ?? '',
    name: str(r.name) ?? '',
    relation: str(r.relation),
    referencedRelation: str(r.referenced_relation),
    referencedColumn: str(r.referenced_column),
    referencedFunction: str(r.referenced_function),
    referencedType: str(r.referenced_type),
  }));

  return {
    serverVersion: num(settings.server_version),
    searchPath: textArray(settings.search_path),
    currentUser: str(settings.current_user) ?? '',
    timeZone: str(settings.time_zone) ?? 'UTC',
    schemas: textArray(settings.schemas),
    relations,
    constraints,
    functions,
    types,
    dependencies,
    extensions: textArray(settings.extensions),
  };
}
