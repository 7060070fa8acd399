// Keywords that quote_ident() quotes (every category but unreserved), PostgreSQL 15 to 18.
// Quoting one that a given server does not reserve is harmless, so the union is used.
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast ' +
    'char character check coalesce collate collation column concurrently constraint create cross current_catalog ' +
    'current_date current_role current_schema current_time current_timestamp current_user dec decimal default ' +
    'deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant ' +
    'greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join ' +
    'json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize ' +
    'json_table json_value lateral leading least left like limit localtime localtimestamp merge_action national natural ' +
    'nchar none normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay placing ' +
    'position precision primary real references returning right row select session_user setof similar smallint some ' +
    'substring symmetric system_user table tablesample then time timestamp to trailing treat trim true union unique ' +
    'user using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists ' +
    'xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

/**
 * Quotes an identifier for generated SQL the way PostgreSQL's `quote_ident()` does: left bare when it
 * is lower case, starts with a letter or underscore and is not a keyword; double-quoted otherwise.
 *
 * @example
 * ```ts
 * quoteIdent('orders');     // 'orders'
 * quoteIdent('Order');      // '"Order"'
 * quoteIdent('user');       // '"user"'
 * ```
 */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a schema-qualified name from its parts, for fix SQL.
 *
 * @example
 * ```ts
 * quoteQualified('public', 'Order'); // 'public."Order"'
 * ```
 */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
