import type { Queryable } from '@confiture/core';
import { isLockMode } from '../locks/conflicts.js';
import type { LockMode } from '../types.js';
import { userNamespaceCondition } from '../transaction/user-namespaces.js';

/** One relation of a user schema, as pg_class shows it at one moment of the run. */
export interface RelationRow {
  readonly oid: number;
  /** `schema.name`. */
  readonly name: string;
  /** pg_class.relkind. */
  readonly kind: string;
  readonly relfilenode: number;
  /** pg_class.xmin: changes whenever the row is updated (ALTER TABLE, GRANT, ...). */
  readonly xmin: string;
  /** For an index: the oid of its table. */
  readonly tableOid: number | null;
}

/** A lock this session holds: one row of pg_locks (a relation may appear once per mode). */
export interface LockPair {
  readonly oid: number;
  readonly mode: LockMode;
}

/** Locks held and relations present, read right after a statement. */
export interface StateSnapshot {
  readonly locks: readonly LockPair[];
  readonly relations: ReadonlyMap<number, RelationRow>;
}

/** Columns, constraints and indexes of one table (or view, matview, foreign table). */
export interface TableDetail {
  readonly oid: number;
  readonly name: string;
  /** By attnum, so a rename is told from a drop and an add. */
  readonly columns: ReadonlyMap<number, { readonly name: string; readonly type: string; readonly notNull: boolean; readonly default: string | null }>;
  readonly constraints: ReadonlyMap<string, { readonly type: string; readonly validated: boolean; readonly definition: string }>;
  readonly indexes: ReadonlyMap<number, { readonly name: string; readonly valid: boolean; readonly definition: string }>;
}

/** Size of one relation: `bytes` is pg_relation_size, `totalBytes` pg_total_relation_size (tables: with indexes and TOAST). */
export interface RelationSize {
  readonly bytes: number;
  readonly totalBytes: number;
  /** True when estimated from pg_class.relpages instead of measured (the relation could not be sized without waiting). */
  readonly estimated?: boolean;
}

/** Table-like relation kinds: the ones whose columns, constraints and indexes are diffed. */
export const TABLE_KINDS = new Set(['r', 'p', 'm', 'f', 'v']);

const USER_CLASS = `pg_class c join pg_namespace n on n.oid = c.relnamespace`;

type Json = unknown;

function jsonValue<T>(value: Json): T {
  // node-postgres and PGlite parse json columns; a driver that does not hands back text.
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * One round trip: the relation locks of this session and the relations of the user schemas.
 * It reads catalogs only, so it adds no lock on a user relation.
 */
export async function takeStateSnapshot(queryable: Queryable): Promise<StateSnapshot> {
  const { rows } = await queryable.query<{ locks: Json; relations: Json }>(
    `select
       (select coalesce(json_agg(json_build_array(l.relation::int8, l.mode)), '[]'::json)
          from pg_locks l
         where l.locktype = 'relation' and l.pid = pg_backend_pid() and l.granted
           and l.database = (select oid from pg_database where datname = current_database())) as locks,
       (select coalesce(json_agg(json_build_array(c.oid::int8, n.nspname || '.' || c.relname, c.relkind, c.relfilenode::int8, c.xmin::text, i.indrelid::int8)), '[]'::json)
          from ${USER_CLASS} left join pg_index i on i.indexrelid = c.oid
         where ${userNamespaceCondition('n.nspname')} and c.relkind in ('r', 'p', 'm', 'f', 'v', 'i', 'I', 'S')) as relations`,
  );
  const row = rows[0];
  const locks: LockPair[] = [];
  for (const [oid, mode] of jsonValue<Array<[number, string]>>(row?.locks ?? [])) {
    if (isLockMode(mode)) locks.push({ oid: Number(oid), mode });
  }
  const relations = new Map<number, RelationRow>();
  for (const [oid, name, kind, relfilenode, xmin, tableOid] of jsonValue<Array<[number, string, string, number, string, number | null]>>(row?.relations ?? [])) {
    relations.set(Number(oid), { oid: Number(oid), name, kind, relfilenode: Number(relfilenode), xmin, tableOid: tableOid === null ? null : Number(tableOid) });
  }
  return { locks, relations };
}

function oidArray(oids: Iterable<number>): string {
  return `{${[...oids].join(',')}}`;
}

const DETAIL_COLUMNS = `c.oid::int8, n.nspname || '.' || c.relname,
       (select coalesce(json_agg(json_build_array(a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) order by a.attnum), '[]'::json)
          from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
         where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
       (select coalesce(json_agg(json_build_array(k.conname, k.contype, k.convalidated, pg_get_constraintdef(k.oid)) order by k.conname), '[]'::json)
          from pg_constraint k where k.conrelid = c.oid),
       (select coalesce(json_agg(json_build_array(x.indexrelid::int8, ic.relname, x.indisvalid, pg_get_indexdef(x.indexrelid)) order by ic.relname), '[]'::json)
          from pg_index x join pg_class ic on ic.oid = x.indexrelid where x.indrelid = c.oid)`;

type DetailRow = [number, string, Json, Json, Json];

function toDetail(row: DetailRow): TableDetail {
  const [oid, name, rawColumns, rawConstraints, rawIndexes] = row;
  const columns = new Map<number, { name: string; type: string; notNull: boolean; default: string | null }>();
  for (const [attnum, col, type, notNull, def] of jsonValue<Array<[number, string, string, boolean, string | null]>>(rawColumns)) {
    columns.set(Number(attnum), { name: col, type, notNull, default: def });
  }
  const constraints = new Map<string, { type: string; validated: boolean; definition: string }>();
  for (const [con, type, validated, definition] of jsonValue<Array<[string, string, boolean, string]>>(rawConstraints)) {
    constraints.set(con, { type: CONSTRAINT_TYPES[type] ?? type, validated, definition });
  }
  const indexes = new Map<number, { name: string; valid: boolean; definition: string }>();
  for (const [index, indexName, valid, definition] of jsonValue<Array<[number, string, boolean, string]>>(rawIndexes)) {
    indexes.set(Number(index), { name: indexName, valid, definition });
  }
  return { oid: Number(oid), name, columns, constraints, indexes };
}

/**
 * In one round trip: columns, constraints and indexes of `tableOids`, and the sizes of
 * `sizeOids`. The size functions take and drop an AccessShareLock: give only relations this
 * session already locks (or created), so sizing waits for nobody and leaves no lock behind that
 * would blur the next statement's observed locks.
 */
export async function inspectRelations(
  queryable: Queryable,
  tableOids: readonly number[],
  sizeOids: readonly number[],
): Promise<{ details: Map<number, TableDetail>; sizes: Map<number, RelationSize> }> {
  const details = new Map<number, TableDetail>();
  const sizes = new Map<number, RelationSize>();
  if (tableOids.length === 0 && sizeOids.length === 0) return { details, sizes };
  const { rows } = await queryable.query<{ details: Json; sizes: Json }>(
    `select
       (select coalesce(json_agg(json_build_array(${DETAIL_COLUMNS})), '[]'::json)
          from ${USER_CLASS} where c.oid = any (($1::text)::oid[])) as details,
       (select coalesce(json_agg(json_build_array(o::int8, pg_relation_size(o)::int8, pg_total_relation_size(o)::int8)), '[]'::json)
          from unnest(($2::text)::oid[]) as o) as sizes`,
    [oidArray(tableOids), oidArray(sizeOids)],
  );
  for (const row of jsonValue<DetailRow[]>(rows[0]?.details ?? [])) {
    const detail = toDetail(row);
    details.set(detail.oid, detail);
  }
  for (const [oid, bytes, total] of jsonValue<Array<[number, number | null, number | null]>>(rows[0]?.sizes ?? [])) {
    // Null: dropped meanwhile.
    if (bytes !== null && total !== null) sizes.set(Number(oid), { bytes: Number(bytes), totalBytes: Number(total) });
  }
  return { details, sizes };
}

/** Columns, constraints and indexes of the given tables. */
export async function takeTableDetails(queryable: Queryable, tableOids: readonly number[]): Promise<Map<number, TableDetail>> {
  return (await inspectRelations(queryable, tableOids, [])).details;
}

const CONSTRAINT_TYPES: Readonly<Record<string, string>> = {
  p: 'primary key',
  u: 'unique',
  f: 'foreign key',
  c: 'check',
  x: 'exclusion',
  n: 'not null',
  t: 'trigger',
};

/** Measured sizes of relations (see {@link inspectRelations} for which ones may be given). */
export async function measureSizes(queryable: Queryable, oids: readonly number[]): Promise<Map<number, RelationSize>> {
  return (await inspectRelations(queryable, [], oids)).sizes;
}

/** Sizes and row estimates of every user relation from pg_class alone (no lock, no file access). */
export async function estimateSizes(queryable: Queryable): Promise<{ sizes: Map<number, RelationSize>; rows: Map<number, number | null> }> {
  const { rows } = await queryable.query<{ oid: number; bytes: string | number; total: string | number; reltuples: number }>(
    `select c.oid::int8 as oid, c.relpages::int8 * current_setting('block_size')::int8 as bytes,
            (c.relpages::int8 + coalesce(t.relpages, 0)
               + coalesce((select sum(ic.relpages) from pg_index x join pg_class ic on ic.oid = x.indexrelid where x.indrelid = c.oid), 0))::int8
              * current_setting('block_size')::int8 as total,
            c.reltuples::float8 as reltuples
       from ${USER_CLASS} left join pg_class t on t.oid = c.reltoastrelid
      where ${userNamespaceCondition('n.nspname')} and c.relkind in ('r', 'p', 'm', 'i', 'I')`,
  );
  const sizes = new Map<number, RelationSize>();
  const rowCounts = new Map<number, number | null>();
  for (const row of rows) {
    sizes.set(Number(row.oid), { bytes: Number(row.bytes), totalBytes: Number(row.total), estimated: true });
    // reltuples is -1 for a table never vacuumed or analyzed (PostgreSQL 14+).
    rowCounts.set(Number(row.oid), Number(row.reltuples) >= 0 ? Math.round(Number(row.reltuples)) : null);
  }
  return { sizes, rows: rowCounts };
}
