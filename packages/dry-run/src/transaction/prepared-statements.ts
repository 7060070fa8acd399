import type { Queryable } from '@confiture/core';
import { quoteIdent } from './user-namespaces.js';

/** Names of the SQL-level prepared statements of this session (PREPARE survives ROLLBACK). */
export async function listPreparedStatements(queryable: Queryable): Promise<string[]> {
  const { rows } = await queryable.query<{ name: string }>('select name from pg_prepared_statements where from_sql order by name');
  return rows.map((r) => r.name);
}

/** Deallocates the prepared statements created since `before`, leaving the caller's own. */
export async function deallocateNewPreparedStatements(queryable: Queryable, before: readonly string[]): Promise<string[]> {
  const known = new Set(before);
  const fresh = (await listPreparedStatements(queryable)).filter((name) => !known.has(name));
  for (const name of fresh) await queryable.query(`deallocate ${quoteIdent(name)}`);
  return fresh;
}
