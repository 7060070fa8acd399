import { ConfitureError } from '../errors.js';
import type { Queryable } from '../queryable.js';
import { versionOrder } from './migration-files.js';

/**
 * The default name of the table that records applied migrations (in the current schema).
 *
 * @example
 * ```ts
 * await client.query(`select version from ${DEFAULT_TRACKING_TABLE} order by version`);
 * ```
 */
export const DEFAULT_TRACKING_TABLE = 'confiture_migrations';

/** A tracking table name, parsed. */
export interface TrackingTableName {
  /** Schema as given (undefined: the first schema of the search_path, resolved on first use). */
  readonly schema: string | undefined;
  readonly table: string;
}

/** A tracking table whose schema is known. */
export interface TrackingTable {
  readonly schema: string;
  readonly table: string;
  /** Quoted, schema-qualified name to put in SQL. */
  readonly sql: string;
  /** `schema.table`, for messages and for the advisory lock key. */
  readonly display: string;
}

/** A row of the tracking table. */
export interface TrackingRow {
  readonly version: string;
  /** The version as a number, or null when the row's version is not made of digits. */
  readonly order: bigint | null;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string | null;
  readonly executionMs: number | null;
  readonly appliedBy: string | null;
}

/** Quotes an identifier for SQL (`"a""b"`). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Parses `table`, `schema.table` or quoted forms (`"My Schema"."Table"`). Unquoted parts fold to
 * lower case, as PostgreSQL does.
 */
export function parseTrackingTableName(name: string): TrackingTableName {
  const parts: string[] = [];
  let i = 0;
  const bad = (why: string): ConfitureError =>
    new ConfitureError({
      code: 'CONFITURE_CONFIG_INVALID',
      message: `Invalid migrations tracking table name ${JSON.stringify(name)}: ${why}.`,
      hint: 'Use a table name, optionally schema-qualified: confiture_migrations, ops.confiture_migrations or "My Schema"."migrations".',
      details: { trackingTable: name },
    });
  while (i < name.length) {
    if (name[i] === '"') {
      let j = i + 1;
      let part = '';
      for (;;) {
        if (j >= name.length) throw bad('unterminated quoted identifier');
        if (name[j] === '"') {
          if (name[j + 1] === '"') {
            part += '"';
            j += 2;
            continue;
          }
          break;
        }
        part += name[j];
        j++;
      }
      if (part === '') throw bad('empty quoted identifier');
      parts.push(part);
      i = j + 1;
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(name.slice(i));
      if (!match) throw bad(`unexpected character at position ${i + 1}`);
      parts.push(match[0].toLowerCase());
      i += match[0].length;
    }
    if (i < name.length) {
      if (name[i] !== '.') throw bad(`expected "." at position ${i + 1}`);
      i++;
      if (i === name.length) throw bad('ends with "."');
    }
  }
  if (parts.length === 1) return { schema: undefined, table: parts[0]! };
  if (parts.length === 2) return { schema: parts[0]!, table: parts[1]! };
  throw bad(parts.length === 0 ? 'empty' : 'use at most schema.table');
}

/** Resolves the schema of a tracking table name (the current schema when it is not qualified). */
export async function resolveTrackingTable(queryable: Queryable, name: string): Promise<TrackingTable> {
  const parsed = parseTrackingTableName(name);
  let schema = parsed.schema;
  if (schema === undefined) {
    const { rows } = await queryable.query<{ schema: string | null }>('select current_schema() as schema');
    // No schema of the search_path exists: fall back to public, where PostgreSQL would put it by default.
    schema = rows[0]?.schema ?? 'public';
  }
  return {
    schema,
    table: parsed.table,
    sql: `${quoteIdent(schema)}.${quoteIdent(parsed.table)}`,
    display: `${schema}.${parsed.table}`,
  };
}

/** True when the tracking table exists (never creates it). */
export async function trackingTableExists(queryable: Queryable, table: TrackingTable): Promise<boolean> {
  const { rows } = await queryable.query<{ found: boolean }>('select to_regclass($1) is not null as found', [table.sql]);
  return rows[0]?.found === true;
}

/**
 * Creates the tracking table (and its schema) when missing. The migrator calls it while holding
 * its advisory lock; a concurrent creation by something else is tolerated too.
 */
export async function ensureTrackingTable(queryable: Queryable, table: TrackingTable): Promise<void> {
  if (await trackingTableExists(queryable, table)) return;
  try {
    const { rows } = await queryable.query<{ found: boolean }>('select exists (select 1 from pg_namespace where nspname = $1) as found', [table.schema]);
    // CREATE SCHEMA IF NOT EXISTS checks the CREATE privilege even when the schema exists: only run it when needed.
    if (rows[0]?.found !== true) await queryable.query(`create schema if not exists ${quoteIdent(table.schema)}`);
    await queryable.query(
      `create table if not exists ${table.sql} (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now(),
        execution_ms integer not null default 0,
        applied_by text not null default current_user
      )`,
    );
  } catch (error) {
    // 42P07/23505: created concurrently between our check and our CREATE.
    const code = (error as { code?: unknown }).code;
    if ((code === '42P07' || code === '23505' || code === '42P06') && (await trackingTableExists(queryable, table))) return;
    throw error;
  }
}

/** The rows of the tracking table, sorted by version (numerically; non-numeric versions last). */
export async function readTrackingRows(queryable: Queryable, table: TrackingTable): Promise<TrackingRow[]> {
  const { rows } = await queryable.query<{
    version: string;
    name: string;
    checksum: string;
    applied_at: Date | string | null;
    execution_ms: number | null;
    applied_by: string | null;
  }>(`select version, name, checksum, applied_at, execution_ms, applied_by from ${table.sql}`);
  return rows
    .map((row) => ({
      version: row.version,
      order: versionOrder(row.version),
      name: row.name,
      checksum: row.checksum,
      appliedAt: row.applied_at instanceof Date ? row.applied_at.toISOString() : row.applied_at,
      executionMs: row.execution_ms === null ? null : Number(row.execution_ms),
      appliedBy: row.applied_by,
    }))
    .sort((a, b) => {
      if (a.order === null || b.order === null) return a.order === b.order ? a.version.localeCompare(b.version, 'en') : a.order === null ? 1 : -1;
      return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
    });
}
