import type { Hazard } from '../types.js';
import { sqlName } from './sql-text.js';

// Every hazard the static analysis reports, with its stable id. Messages say what happens to
// the application; fixes give the safe way, as SQL where there is one.

/**
 * Stable ids of the hazards the static analysis reports (see the hazards table of the README).
 *
 * @example
 * ```ts
 * const serious = analysis.hazards.filter((h) => h.id !== 'combine-alter-table' && HAZARD_IDS.includes(h.id as HazardId));
 * ```
 */
export const HAZARD_IDS = [
  'non-concurrent-index',
  'non-concurrent-drop-index',
  'non-concurrent-reindex',
  'add-constraint-validating',
  'set-not-null-scan',
  'rewrite-type-change',
  'add-column-volatile-default',
  'add-column-serial',
  'add-column-identity',
  'add-column-generated-stored',
  'add-column-not-null-without-default',
  'unique-without-index',
  'exclusion-constraint',
  'drop-column',
  'drop-table',
  'truncate-table',
  'rename-table',
  'rename-column',
  'json-column',
  'table-rewrite',
  'vacuum-full',
  'cluster',
  'refresh-materialized-view-blocking',
  'attach-partition-scan',
  'detach-partition-blocking',
  'missing-lock-timeout',
  'combine-alter-table',
  'access-exclusive-held',
] as const;

/**
 * One of {@link HAZARD_IDS}.
 *
 * @example
 * ```ts
 * const id: HazardId = 'non-concurrent-index';
 * const found = analysis.hazards.some((h) => h.id === id);
 * ```
 */export type HazardId = (typeof HAZARD_IDS)[number];

/** SQL copied from the statement, read with the lexer only if the fix is looked at. */
export type SqlSnippet = () => string | undefined;

// The fix is computed on first read (JSON.stringify and spreading read it like a plain field):
// building it lexes the statement, which is wasted work for fixes nobody looks at. One getter
// shared by every hazard (the pending computation sits under a symbol) keeps their hidden class
// shared too; a getter closure per hazard would give each its own.
const FIX = Symbol('confiture.fix');

interface LazyFix {
  /** The computation until the first read, then its result. */
  [FIX]: (() => string) | string;
}

const FIX_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: LazyFix): string {
    const fix = this[FIX];
    if (typeof fix === 'string') return fix;
    const value = fix();
    this[FIX] = value;
    return value;
  },
};

function hazard(id: HazardId, relation: string | null, baseRisk: Hazard['baseRisk'], message: string, fix: string | null | (() => string)): Hazard {
  if (typeof fix !== 'function') return { id, relation, baseRisk, message, fix };
  const h = { id, relation, baseRisk, message };
  Object.defineProperty(h, FIX, { value: fix, writable: true });
  Object.defineProperty(h, 'fix', FIX_PROPERTY);
  return h as unknown as Hazard;
}

export function nonConcurrentIndex(table: string, fixSql: SqlSnippet): Hazard {
  return hazard(
    'non-concurrent-index',
    table,
    'high',
    `CREATE INDEX on existing table ${table} holds a ShareLock for the whole build: INSERT, UPDATE and DELETE on ${table} wait until it finishes.`,
    () => `${fixSql() ?? `CREATE INDEX CONCURRENTLY ... ON ${sqlName(table)} (...)`};\n-- CONCURRENTLY cannot run inside a transaction block: put it in its own migration without a transaction.`,
  );
}

export function nonConcurrentDropIndex(index: string, table: string | null, fixSql: SqlSnippet): Hazard {
  return hazard(
    'non-concurrent-drop-index',
    table ?? index,
    'medium',
    `DROP INDEX ${index} takes an AccessExclusiveLock on ${table ?? 'its table'}: every query on it waits behind any long-running transaction that uses the table.`,
    () => `${fixSql() ?? `DROP INDEX CONCURRENTLY ${sqlName(index)}`};\n-- CONCURRENTLY cannot run inside a transaction block.`,
  );
}

export function nonConcurrentReindex(target: string, fixSql: SqlSnippet): Hazard {
  return hazard(
    'non-concurrent-reindex',
    target,
    'high',
    `REINDEX on ${target} blocks writes to the table (ShareLock) and reads through the rebuilt indexes (AccessExclusiveLock) for the whole rebuild.`,
    () => `${fixSql() ?? `REINDEX INDEX CONCURRENTLY ${sqlName(target)}`};\n-- CONCURRENTLY cannot run inside a transaction block.`,
  );
}

export function addConstraintValidating(table: string, kind: 'CHECK' | 'FOREIGN KEY', constraint: string, clause: SqlSnippet, referenced: string | null): Hazard {
  const lock = kind === 'FOREIGN KEY' ? `a ShareRowExclusiveLock on ${table}${referenced ? ` and ${referenced}` : ''}` : `an AccessExclusiveLock on ${table}`;
  const blocked = kind === 'FOREIGN KEY' ? 'writes wait' : 'reads and writes wait';
  return hazard(
    'add-constraint-validating',
    table,
    'high',
    `Adding ${kind} constraint ${constraint} checks every existing row of ${table} while holding ${lock}: ${blocked} for the whole scan.`,
    () => `ALTER TABLE ${sqlName(table)} ADD ${clause() ?? `CONSTRAINT ${constraint} ...`} NOT VALID;\nALTER TABLE ${sqlName(table)} VALIDATE CONSTRAINT ${constraint};\n-- VALIDATE takes only a ShareUpdateExclusiveLock: reads and writes continue during the scan.`,
  );
}

export function setNotNullScan(table: string, column: string, constraint: string, serverVersion: number): Hazard {
  const t = sqlName(table);
  const pg18 =
    serverVersion >= 180000
      ? `\n-- On PostgreSQL 18 also: ALTER TABLE ${t} ADD CONSTRAINT ${constraint} NOT NULL ${column} NOT VALID; then VALIDATE CONSTRAINT ${constraint}.`
      : '';
  return hazard(
    'set-not-null-scan',
    table,
    'high',
    `SET NOT NULL on ${table}.${column} scans the whole table under an AccessExclusiveLock (no validated CHECK (${column} IS NOT NULL) constraint proves it first): reads and writes wait.`,
    `ALTER TABLE ${t} ADD CONSTRAINT ${constraint} CHECK (${column} IS NOT NULL) NOT VALID;\nALTER TABLE ${t} VALIDATE CONSTRAINT ${constraint};\nALTER TABLE ${t} ALTER COLUMN ${column} SET NOT NULL; -- no scan: the validated check proves it\nALTER TABLE ${t} DROP CONSTRAINT ${constraint};${pg18}`,
  );
}

export function rewriteTypeChange(table: string, column: string, from: string | null, to: string, uncertainty: string | null = null): Hazard {
  const t = sqlName(table);
  const what = uncertainty
    ? `Changing ${table}.${column} to ${to} rewrites the table and rebuilds its indexes under an AccessExclusiveLock unless the change is binary-compatible (${uncertainty}): reads and writes would wait for the whole rewrite.`
    : `Changing ${table}.${column}${from ? ` from ${from}` : ''} to ${to} rewrites the table and rebuilds its indexes under an AccessExclusiveLock: reads and writes wait for the whole rewrite.`;
  return hazard(
    'rewrite-type-change',
    table,
    'critical',
    what,
    `ALTER TABLE ${t} ADD COLUMN ${column}_new ${to};\n-- backfill in batches: UPDATE ${t} SET ${column}_new = ${column} WHERE <key range>; (repeat)\n-- keep it in sync with a trigger while the application moves to ${column}_new, then:\nALTER TABLE ${t} DROP COLUMN ${column};\nALTER TABLE ${t} RENAME COLUMN ${column}_new TO ${column};`,
  );
}

export function addColumnVolatileDefault(table: string, column: string, type: string, volatileFunction: string, expressionSql: SqlSnippet): Hazard {
  const t = sqlName(table);
  return hazard(
    'add-column-volatile-default',
    table,
    'critical',
    `Adding ${table}.${column} with a default calling the volatile function ${volatileFunction}() rewrites the whole table under an AccessExclusiveLock (each row needs its own value).`,
    () => {
      const expression = expressionSql() ?? `${volatileFunction}()`;
      return `ALTER TABLE ${t} ADD COLUMN ${column} ${type};\nALTER TABLE ${t} ALTER COLUMN ${column} SET DEFAULT ${expression}; -- new rows only, no rewrite\n-- backfill existing rows in batches: UPDATE ${t} SET ${column} = ${expression} WHERE ${column} IS NULL AND <key range>;\n-- then, if it must be NOT NULL: a CHECK (${column} IS NOT NULL) NOT VALID constraint, VALIDATE, SET NOT NULL.`;
    },
  );
}

export function addColumnSerial(table: string, column: string, type: string): Hazard {
  const t = sqlName(table);
  const seq = `${table.slice(table.indexOf('.') + 1)}_${column}_seq`;
  return hazard(
    'add-column-serial',
    table,
    'critical',
    `Adding ${type} column ${table}.${column} fills it from a new sequence for every existing row: the table is rewritten under an AccessExclusiveLock.`,
    `CREATE SEQUENCE ${seq};\nALTER TABLE ${t} ADD COLUMN ${column} bigint;\nALTER TABLE ${t} ALTER COLUMN ${column} SET DEFAULT nextval('${seq}');\nALTER SEQUENCE ${seq} OWNED BY ${t}.${column};\n-- backfill in batches: UPDATE ${t} SET ${column} = nextval('${seq}') WHERE ${column} IS NULL AND <key range>;`,
  );
}

export function addColumnIdentity(table: string, column: string): Hazard {
  const t = sqlName(table);
  return hazard(
    'add-column-identity',
    table,
    'critical',
    `Adding identity column ${table}.${column} fills it for every existing row: the table is rewritten under an AccessExclusiveLock.`,
    `ALTER TABLE ${t} ADD COLUMN ${column} bigint;\n-- backfill in batches, then: ALTER TABLE ${t} ALTER COLUMN ${column} SET NOT NULL (after a validated CHECK), ALTER TABLE ${t} ALTER COLUMN ${column} ADD GENERATED BY DEFAULT AS IDENTITY (START WITH <max + 1>);`,
  );
}

export function addColumnGeneratedStored(table: string, column: string, serverVersion: number): Hazard {
  return hazard(
    'add-column-generated-stored',
    table,
    'critical',
    `Adding stored generated column ${table}.${column} computes it for every existing row: the table is rewritten under an AccessExclusiveLock.`,
    serverVersion >= 180000
      ? `Use a virtual generated column (PostgreSQL 18: GENERATED ALWAYS AS (...) VIRTUAL, no rewrite), or add a plain column filled by a trigger and backfilled in batches.`
      : `Add a plain column, fill new rows with a trigger, backfill existing rows in batches.`,
  );
}

export function addColumnNotNullWithoutDefault(table: string, column: string): Hazard {
  return hazard(
    'add-column-not-null-without-default',
    table,
    'medium',
    `Adding NOT NULL column ${table}.${column} without a default fails as soon as ${table} has a row (and scans it to check).`,
    `Add the column nullable (or with a constant default, which needs no rewrite), backfill it, then make it NOT NULL through a validated CHECK constraint.`,
  );
}

export function uniqueWithoutIndex(table: string, kind: 'PRIMARY KEY' | 'UNIQUE', name: string, columns: readonly string[]): Hazard {
  const t = sqlName(table);
  const cols = columns.join(', ');
  return hazard(
    'unique-without-index',
    table,
    'high',
    `Adding ${kind} ${name} builds its unique index while holding an AccessExclusiveLock on ${table}: reads and writes wait for the whole build.`,
    `CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${t} (${cols || '...'});\nALTER TABLE ${t} ADD CONSTRAINT ${name} ${kind} USING INDEX ${name};`,
  );
}

export function exclusionConstraint(table: string, name: string): Hazard {
  return hazard(
    'exclusion-constraint',
    table,
    'high',
    `Adding exclusion constraint ${name} builds its index and checks every row of ${table} under an AccessExclusiveLock; exclusion constraints have no concurrent or NOT VALID path.`,
    `Create it while ${table} is small or empty, or in a maintenance window; for uniqueness alone use CREATE UNIQUE INDEX CONCURRENTLY + ADD CONSTRAINT ... USING INDEX.`,
  );
}

export function dropColumn(table: string, column: string): Hazard {
  return hazard(
    'drop-column',
    table,
    'medium',
    `Dropping ${table}.${column} loses its data, and application code still reading or writing it fails once the migration commits.`,
    `Deploy application code that no longer uses ${column} first (ignore it in the ORM), then drop it in a later migration.`,
  );
}

export function dropTable(table: string): Hazard {
  return hazard(
    'drop-table',
    table,
    'high',
    `Dropping ${table} loses its data, and application code still using it fails once the migration commits.`,
    `Stop every use of ${table} in a deployment first; keep a backup (or rename it away and drop it later) until you are sure.`,
  );
}

export function truncateTable(table: string): Hazard {
  return hazard('truncate-table', table, 'high', `TRUNCATE ${table} deletes all its rows (under an AccessExclusiveLock).`, `Make sure the data is not needed; delete in batches if other sessions must keep working.`);
}

export function renameTable(table: string, newName: string): Hazard {
  return hazard(
    'rename-table',
    table,
    'medium',
    `Renaming ${table} to ${newName} breaks every running client and query that still uses the old name.`,
    `ALTER TABLE ${sqlName(table)} RENAME TO ${newName};\nCREATE VIEW ${sqlName(table)} AS SELECT * FROM ${newName}; -- keeps old clients working until they are deployed, then drop the view`,
  );
}

export function renameColumn(table: string, column: string, newName: string): Hazard {
  return hazard(
    'rename-column',
    table,
    'medium',
    `Renaming ${table}.${column} to ${newName} breaks every running client and query that still uses the old name.`,
    `Add ${newName}, write to both columns, backfill, move reads to ${newName}, then drop ${column} in a later migration.`,
  );
}

export function jsonColumn(table: string, column: string): Hazard {
  return hazard(
    'json-column',
    table,
    'low',
    `Column ${table}.${column} uses json, which stores text as-is: no equality operator (breaks DISTINCT, GROUP BY, UNION), no GIN indexing, re-parsed on every access.`,
    `Use jsonb instead of json for ${column}.`,
  );
}

export function tableRewrite(table: string, what: string): Hazard {
  return hazard('table-rewrite', table, 'high', `${what} rewrites all of ${table} under an AccessExclusiveLock: reads and writes wait for the whole copy.`, `Run it in a maintenance window, or copy the data into a new table online and switch.`);
}

export function vacuumFull(table: string | null): Hazard {
  return hazard(
    'vacuum-full',
    table,
    'critical',
    `VACUUM FULL${table ? ` ${table}` : ''} rewrites ${table ?? 'every table'} under an AccessExclusiveLock: reads and writes wait for the whole copy.`,
    `Use pg_repack or pg_squeeze to rewrite without blocking, or plain VACUUM (no exclusive lock).`,
  );
}

export function cluster(table: string | null): Hazard {
  return hazard(
    'cluster',
    table,
    'critical',
    `CLUSTER${table ? ` ${table}` : ''} rewrites ${table ?? 'every clustered table'} under an AccessExclusiveLock: reads and writes wait for the whole copy.`,
    `Use pg_repack (--order-by) to reorder online.`,
  );
}

export function refreshMaterializedView(view: string, fixSql: SqlSnippet): Hazard {
  return hazard(
    'refresh-materialized-view-blocking',
    view,
    'medium',
    `REFRESH MATERIALIZED VIEW ${view} holds an AccessExclusiveLock while the query runs: reads of ${view} wait.`,
    () => `${fixSql() ?? `REFRESH MATERIALIZED VIEW CONCURRENTLY ${sqlName(view)}`}; -- needs a unique index on ${view}; reads continue during the refresh`,
  );
}

export function attachPartitionScan(parent: string, partition: string): Hazard {
  return hazard(
    'attach-partition-scan',
    partition,
    'high',
    `ATTACH PARTITION ${partition} scans it under an AccessExclusiveLock to prove every row fits the partition bound (no validated CHECK constraint matches it).`,
    `ALTER TABLE ${sqlName(partition)} ADD CONSTRAINT ${partition.split('.').pop()}_bound CHECK (<partition bound as a condition, NOT NULL keys included>) NOT VALID;\nALTER TABLE ${sqlName(partition)} VALIDATE CONSTRAINT ${partition.split('.').pop()}_bound;\nALTER TABLE ${sqlName(parent)} ATTACH PARTITION ... -- skips the scan`,
  );
}

export function detachPartitionBlocking(parent: string, partition: string): Hazard {
  return hazard(
    'detach-partition-blocking',
    parent,
    'medium',
    `DETACH PARTITION takes an AccessExclusiveLock on ${parent}: every query on the partitioned table waits.`,
    `ALTER TABLE ${sqlName(parent)} DETACH PARTITION ${sqlName(partition)} CONCURRENTLY; -- PostgreSQL 14+, outside a transaction block`,
  );
}

export function missingLockTimeout(relation: string, mode: string): Hazard {
  return hazard(
    'missing-lock-timeout',
    relation,
    'medium',
    `${mode} on ${relation} is requested without a lock_timeout set earlier in the file: if a long transaction holds a conflicting lock, this statement waits and every query on ${relation} queues behind it.`,
    `SET lock_timeout = '5s'; -- at the top of the migration; retry the migration if it times out`,
  );
}

/** `previous`: where the first earlier ALTERs are; `count`: how many there are in all. */
export function combineAlterTable(table: string, previous: readonly string[], count: number = previous.length): Hazard {
  const where = previous.join(', ') + (count > previous.length ? ` and ${count - previous.length} more` : '');
  return hazard(
    'combine-alter-table',
    table,
    'low',
    `${table} is already altered by ${where} in this migration: each ALTER TABLE takes the lock again (and may rewrite again).`,
    `Combine the subcommands into one ALTER TABLE ${sqlName(table)} ..., ...; so the lock is taken and the table rewritten once.`,
  );
}

/** `later`: the first later statements (labels), `count`: how many later statements run in all. */
export function accessExclusiveHeld(relation: string, later: readonly string[], count: number = later.length): Hazard {
  const shown = later.slice(0, 5).join(', ') + (count > 5 ? ` and ${count - 5} more` : '');
  return hazard(
    'access-exclusive-held',
    relation,
    count >= 3 ? 'high' : 'medium',
    `The AccessExclusiveLock on ${relation} taken here is held until the migration commits, while ${count} later statement${count === 1 ? '' : 's'} run (${shown}): reads and writes of ${relation} wait all that time.`,
    `Move this statement to the end of the migration, or into its own migration, so the lock is held only briefly.`,
  );
}
