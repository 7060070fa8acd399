// Whether ALTER COLUMN ... TYPE rewrites the table. PostgreSQL skips the rewrite when the old
// values are valid for the new type as they are: binary-coercible types (varchar -> text, cidr
// -> inet...) and length/precision relaxations its support functions recognize
// (varchar(n) -> varchar(m >= n), numeric(p, s) -> numeric(q >= p, s), timestamp(p) -> timestamp(q >= p)...).
// timestamp <-> timestamptz is free only when the session time zone is UTC.
import type { CatalogColumn } from '../catalog/types.js';
import type { TypeRef } from '../parse/ast.js';

/** A column type reduced to its `pg_type.typname` and integer modifiers. */
export interface ColumnType {
  readonly name: string;
  readonly modifiers: readonly number[];
  readonly array: boolean;
}

// Names the parser gives SQL-standard spellings; user spellings of the same types.
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['int', 'int4'],
  ['integer', 'int4'],
  ['smallint', 'int2'],
  ['bigint', 'int8'],
  ['real', 'float4'],
  ['float', 'float8'],
  ['double precision', 'float8'],
  ['decimal', 'numeric'],
  ['boolean', 'bool'],
  ['character varying', 'varchar'],
  ['character', 'bpchar'],
  ['char', 'bpchar'],
  ['timestamp without time zone', 'timestamp'],
  ['timestamp with time zone', 'timestamptz'],
  ['time without time zone', 'time'],
  ['time with time zone', 'timetz'],
  ['bit varying', 'varbit'],
  ['serial', 'int4'],
  ['bigserial', 'int8'],
  ['smallserial', 'int2'],
  ['serial4', 'int4'],
  ['serial8', 'int8'],
  ['serial2', 'int2'],
]);

/** Canonical `typname` of a type name as written. */
export function canonicalTypeName(name: string): string {
  return ALIASES.get(name) ?? name;
}

/** The type a statement names (`TypeName` as read by the parser). */
export function typeFromRef(ref: TypeRef): ColumnType {
  return { name: canonicalTypeName(ref.name), modifiers: ref.modifiers, array: ref.array };
}

const LENGTH_TYPES = new Set(['varchar', 'bpchar', 'varbit', 'bit']);
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz']);

/** The type of a catalog column, modifiers decoded from `atttypmod`. */
export function typeFromCatalog(column: CatalogColumn): ColumnType {
  const array = column.typeName.startsWith('_');
  const name = array ? column.typeName.slice(1) : column.typeName;
  const t = column.typmod;
  let modifiers: number[] = [];
  if (t >= 0) {
    if (name === 'varchar' || name === 'bpchar') modifiers = [t - 4];
    else if (name === 'numeric') modifiers = [(t - 4) >> 16, (t - 4) & 0xffff];
    else if (LENGTH_TYPES.has(name) || PRECISION_TYPES.has(name)) modifiers = [t];
    else modifiers = [t];
  }
  return { name, modifiers, array };
}

const UTC_ZONES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'etc/gmt0', 'etc/gmt+0', 'etc/gmt-0', 'gmt0', 'gmt+0', 'gmt-0', 'uct', 'etc/uct', 'universal', 'etc/universal', 'zulu', 'etc/zulu', 'greenwich', 'etc/greenwich']);

// Pairs whose cast is binary (WITHOUT FUNCTION) with no length check on the target.
// (pg_cast castmethod 'b'; citext declares its casts WITHOUT FUNCTION.)
const BINARY: ReadonlySet<string> = new Set([
  'varchar>text',
  'text>varchar',
  'varchar>bpchar',
  'text>bpchar',
  'cidr>inet',
  'text>citext',
  'citext>text',
  'varchar>citext',
  'xml>text',
  'xml>varchar',
  'xml>bpchar',
  'int4>oid',
  'bit>varbit',
]);

/** Verdict on a type change: `rewrite` true, false, or null when it cannot be known. */
export interface TypeChangeVerdict {
  readonly rewrite: boolean | null;
  readonly why: string;
}

/**
 * Whether changing a column from `from` to `to` rewrites the table. `using` is true when the
 * statement has a USING clause (always a rewrite unless it is exactly the column).
 */
export function typeChangeRewrites(from: ColumnType | undefined, to: ColumnType, options: { using: boolean; timeZone: string }): TypeChangeVerdict {
  if (options.using) return { rewrite: true, why: 'the USING expression computes every value again' };
  if (!from) return { rewrite: null, why: 'the current column type is unknown without a catalog' };
  if (from.array !== to.array) return { rewrite: true, why: 'array and non-array types differ' };
  const a = from.name;
  const b = to.name;
  if (a === b) {
    const fm = from.modifiers;
    const tm = to.modifiers;
    if (tm.length === 0) return { rewrite: false, why: 'the new type removes a modifier, which keeps every value valid' };
    if (fm.length === 0) return { rewrite: true, why: `adding a ${a} modifier checks and converts every value` };
    if (fm.length === tm.length && fm.every((v, i) => v === tm[i])) return { rewrite: false, why: 'the type does not change' };
    if (a === 'varchar' || a === 'varbit') {
      return (tm[0] ?? 0) >= (fm[0] ?? 0)
        ? { rewrite: false, why: `a longer ${a} keeps every value valid` }
        : { rewrite: true, why: `a shorter ${a} must check every value` };
    }
    if (a === 'numeric') {
      const [fp = 0, fs = 0] = fm;
      const [tp = 0, ts = 0] = tm;
      return tp >= fp && ts === fs
        ? { rewrite: false, why: 'a larger numeric precision with the same scale keeps every value' }
        : { rewrite: true, why: 'a numeric scale change or smaller precision converts every value' };
    }
    if (PRECISION_TYPES.has(a)) {
      return (tm[0] ?? 6) >= (fm[0] ?? 6)
        ? { rewrite: false, why: `a higher ${a} precision keeps every value` }
        : { rewrite: true, why: `a lower ${a} precision rounds every value` };
    }
    return { rewrite: true, why: `changing the ${a} modifier converts every value` };
  }
  if ((a === 'timestamp' && b === 'timestamptz') || (a === 'timestamptz' && b === 'timestamp')) {
    if (to.modifiers.length > 0 && (to.modifiers[0] ?? 6) < (from.modifiers[0] ?? 6)) return { rewrite: true, why: 'a lower precision rounds every value' };
    return UTC_ZONES.has(options.timeZone.toLowerCase())
      ? { rewrite: false, why: 'timestamp and timestamptz share a representation when the session time zone is UTC' }
      : { rewrite: true, why: `the session time zone (${options.timeZone}) is not UTC, so every value is converted` };
  }
  if (BINARY.has(`${a}>${b}`)) {
    if (LENGTH_TYPES.has(b) && to.modifiers.length > 0) return { rewrite: true, why: `the new length limit on ${b} must be checked on every value` };
    return { rewrite: false, why: `${a} converts to ${b} without changing the stored bytes` };
  }
  return { rewrite: true, why: `${a} values are converted to ${b}` };
}
