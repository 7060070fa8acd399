// The dry-run watches objects of user schemas only: system catalogs, toast and temporary
// schemas change on their own (or are the dry-run's own bookkeeping) and would be noise.

/** SQL condition, true when the namespace name in `column` is a user schema. */
export function userNamespaceCondition(column: string): string {
  return `(${column} not in ('pg_catalog', 'information_schema') and ${column} !~ '^pg_(toast|temp_|toast_temp_)')`;
}

/** Quotes an identifier the way PostgreSQL's quote_ident does for the names we build ourselves. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
