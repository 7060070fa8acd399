import type { Queryable } from '@confiture/core';
import { isLockMode, lockConflicts } from '../locks/conflicts.js';
import type { LockMode } from '../types.js';
import { userNamespaceCondition } from '../transaction/user-namespaces.js';

/**
 * Another session holding a lock on a relation the failed statement needed.
 *
 * @example
 * ```ts
 * for (const h of statement.error?.lockHolders ?? []) console.log(`pid ${h.pid} holds ${h.mode} on ${h.relation}: ${h.query}`);
 * ```
 */export interface LockHolder {
  readonly pid: number;
  /** `schema.name` of the locked relation. */
  readonly relation: string;
  readonly mode: LockMode;
  /** True when its mode conflicts with the one the statement needed; false for a session that only may hold row locks. */
  readonly conflicts: boolean;
  /** Its current (or last) query, truncated, with password literals masked. */
  readonly query: string | null;
  readonly state: string | null;
  readonly applicationName: string | null;
  readonly user: string | null;
  /** Since when its transaction is open (ISO 8601). */
  readonly transactionStart: string | null;
}

const MAX_QUERY = 200;
const MAX_HOLDERS = 10;

/** Masks password literals (ALTER ROLE ... PASSWORD '...', connection strings) in another session's query. */
export function maskQuery(query: string | null): string | null {
  if (query === null) return null;
  const masked = query
    .replace(/(password\s*(=\s*)?)('(?:[^']|'')*'|"[^"]*"|\S+)/gi, "$1'***'")
    .replace(/(\/\/[^:/@\s'"]+:)[^@\s'"]+@/g, '$1***@')
    .replace(/\s+/g, ' ')
    .trim();
  return masked.length > MAX_QUERY ? `${masked.slice(0, MAX_QUERY - 1)}…` : masked;
}

/**
 * Who holds locks on the relations a statement needed, read from pg_locks and pg_stat_activity
 * after the statement gave up (pg_blocking_pids is empty once the wait has ended). `needed` maps
 * `schema.name` to the mode the statement asked for; an empty map looks at every relation of the
 * user schemas locked by another session. Holders whose mode conflicts come first; sessions with a
 * compatible table lock are listed too, since a wait on a row lock shows up only that way.
 */
export async function findLockHolders(queryable: Queryable, needed: ReadonlyMap<string, LockMode>): Promise<LockHolder[]> {
  const names = [...needed.keys()];
  const { rows } = await queryable.query<{
    pid: number;
    relation: string;
    mode: string;
    query: string | null;
    state: string | null;
    application_name: string | null;
    usename: string | null;
    xact_start: Date | string | null;
  }>(
    `select l.pid, n.nspname || '.' || c.relname as relation, l.mode, a.query, a.state, a.application_name, a.usename, a.xact_start
       from pg_locks l
       join pg_class c on c.oid = l.relation
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'relation' and l.granted and l.pid <> pg_backend_pid()
        and l.database = (select oid from pg_database where datname = current_database())
        and ${userNamespaceCondition('n.nspname')}
        and ($1::text = '{}' or (n.nspname || '.' || c.relname) = any (($1::text)::text[]))
      order by l.pid, relation`,
    [`{${names.map((n) => `"${n.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`],
  );
  const holders: LockHolder[] = [];
  for (const row of rows) {
    if (!isLockMode(row.mode)) continue;
    const want: LockMode = needed.get(row.relation) ?? 'AccessExclusiveLock';
    const start = row.xact_start === null ? null : row.xact_start instanceof Date ? row.xact_start.toISOString() : String(row.xact_start);
    holders.push({
      pid: Number(row.pid),
      relation: row.relation,
      mode: row.mode,
      conflicts: lockConflicts(row.mode, want),
      query: maskQuery(row.query),
      state: row.state,
      applicationName: row.application_name,
      user: row.usename,
      transactionStart: start,
    });
  }
  holders.sort((a, b) => Number(b.conflicts) - Number(a.conflicts) || a.pid - b.pid);
  return holders.slice(0, MAX_HOLDERS);
}
