/**
 * Identifier quoting for the SQL the rules suggest. Fixes are pasted into psql, so they must
 * survive mixed case, spaces and reserved words exactly like `quote_ident()` would.
 */

// Reserved (and type-function-name) key words of PostgreSQL that cannot be used bare as a
// column or table name. Kept short on purpose: quoting a non-reserved word is harmless.
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between binary both case cast check ' +
    'collate collation column concurrently constraint create cross current_catalog current_date current_role ' +
    'current_schema current_time current_timestamp current_user default deferrable desc distinct do else end ' +
    'except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into ' +
    'is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on ' +
    'only or order outer overlaps placing primary references returning right select session_user similar some ' +
    'symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when ' +
    'where window with'
  ).split(' '),
);

/** Quotes an identifier when PostgreSQL needs it quoted, like `quote_ident()`. */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name`, each part quoted as needed. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A comma-separated list of quoted column names. */
export function quoteColumns(columns: readonly string[]): string {
  return columns.map(quoteIdent).join(', ');
}

/**
 * A name for a new object built from parts, cut to PostgreSQL's 63-byte identifier limit
 * (longer names are silently truncated by the server, which can collide with existing ones).
 */
export function objectName(parts: readonly string[], suffix: string): string {
  const base = parts.join('_').replace(/[^A-Za-z0-9_]+/g, '_').toLowerCase();
  const max = 63 - suffix.length - 1;
  return `${base.slice(0, max).replace(/_+$/, '')}_${suffix}`;
}
