import { z } from 'zod';
import type { LintRule, TableInfo } from '../types.js';
import { nameMatcher } from './lib/glob.js';
import { buildModel, primaryKeyColumns, type SnapshotModel } from './lib/model.js';
import { validateWith } from './lib/options.js';
import { lastWord } from './lib/words.js';

/** Options of `orphaned-table`. */
export type OrphanedTableOptions = {
  /** Table name globs never reported. Setting it replaces the defaults (logs, audit, queues, history, settings, migrations, lookups). */
  ignorePatterns: string[];
  /** More globs, added to `ignorePatterns` (keeps the defaults). */
  extraIgnorePatterns: string[];
  /** Also skip tables shaped like lookup tables (a key plus name/code/label/description columns). */
  ignoreLookupTables: boolean;
};

/**
 * Table globs `orphaned-table` ignores by default: tables that stand alone by design.
 *
 * @example
 * ```ts
 * const options = { ignorePatterns: DEFAULT_ORPHAN_PATTERNS.filter((p) => p !== 'settings') };
 * ```
 */
export const DEFAULT_ORPHAN_PATTERNS: readonly string[] = [
  'log', 'logs', '*_log', '*_logs', 'log_*', 'audit', 'audits', '*_audit', '*_audits', 'audit_*', 'history', '*_history',
  '*_histories', 'queue', 'queues', '*_queue', '*_queues', 'queue_*', 'jobs', '*_jobs', 'job_*', 'outbox', '*_outbox',
  'settings', 'setting', '*_settings', 'config', 'configs', 'configuration', 'configurations', '*_config', '*_configs',
  'migrations', '*_migrations', 'schema_migrations', '_prisma_migrations', 'flyway_schema_history', 'ar_internal_metadata',
  'knex_migrations_lock', 'goose_db_version', 'databasechangelog*', 'confiture_*', 'spatial_ref_sys', 'lookup_*',
  '*_lookup', '*_lookups', 'cache', '*_cache', 'locks', '*_locks', 'feature_flags', 'counters',
];

const optionsSchema = z.strictObject({
  ignorePatterns: z.array(z.string()).optional(),
  extraIgnorePatterns: z.array(z.string()).optional(),
  ignoreLookupTables: z.boolean().optional(),
});

// Last words of the columns of a lookup table besides its key, and names of reference data.
const LOOKUP_COLUMN_WORDS = new Set([
  'name', 'code', 'label', 'title', 'description', 'desc', 'abbr', 'abbrev', 'abbreviation', 'symbol', 'value',
  'order', 'sort', 'position', 'rank', 'ordinal', 'active', 'enabled', 'color', 'colour', 'icon', 'region', 'iso',
  'iso2', 'iso3', 'slug', 'key', 'text', 'note', 'notes', 'at', 'default', 'visible', 'deprecated', 'id',
]);
const REFERENCE_DATA = new Set(['states', 'countries', 'regions', 'provinces', 'currencies', 'languages', 'locales', 'timezones', 'units', 'holidays']);

const WHY =
  'A table no foreign key touches is either standalone by design (a log, a queue, settings) or forgotten: ' +
  'left behind by a feature that was removed, or missing the constraints that tie it to the rest.';

function isLookupTable(model: SnapshotModel, table: TableInfo): boolean {
  if (REFERENCE_DATA.has(lastWord(table.name))) return true;
  const key = primaryKeyColumns(model, table) ?? [];
  if (key.length === 0 || table.columns.length > 6) return false;
  const others = table.columns.filter((c) => !key.includes(c.name));
  return others.length > 0 && others.every((c) => LOOKUP_COLUMN_WORDS.has(lastWord(c.name)));
}

/**
 * `orphaned-table`: tables with no foreign key in or out, often dead or forgotten. Logs,
 * audit trails, queues, history, settings, migration bookkeeping and lookup tables stand alone
 * by design and are not reported; partitions count with their parent. Skipped when the schema
 * uses no foreign keys at all.
 *
 * @example
 * ```ts
 * import { lint } from '@confiture/lint';
 * await lint(client, { rules: { 'orphaned-table': { options: { extraIgnorePatterns: ['*_staging'] } } } });
 * ```
 */
export const orphanedTable: LintRule<OrphanedTableOptions> = {
  id: 'orphaned-table',
  description: 'Tables are related to others by a foreign key.',
  defaultSeverity: 'info',
  docs: {
    why: WHY,
    bad: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE TABLE old_promotions (id bigint PRIMARY KEY, amount numeric, starts_on date);',
    good: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE TABLE request_log (id bigint PRIMARY KEY, path text, at timestamptz);  -- a log: standalone by design',
  },
  defaultOptions: { ignorePatterns: [...DEFAULT_ORPHAN_PATTERNS], extraIgnorePatterns: [], ignoreLookupTables: true },
  validateOptions: (options) => validateWith(optionsSchema, options),
  check(snapshot, options, report, context) {
    const foreignKeys = snapshot.constraints.filter((c) => c.type === 'foreign-key');
    if (foreignKeys.length === 0) {
      context.skip('the schema declares no foreign keys at all, so every table would be reported; this rule needs a schema that uses them');
      return;
    }
    const model = buildModel(snapshot);
    const connected = new Set<string>();
    for (const fk of foreignKeys) {
      const source = model.table(fk.table);
      if (source) connected.add(model.rootOf(source).qualifiedName);
      const target = fk.foreignKey ? model.table(fk.foreignKey.referencedTable) : undefined;
      if (target) connected.add(model.rootOf(target).qualifiedName);
    }
    const ignored = nameMatcher([...options.ignorePatterns, ...options.extraIgnorePatterns]);
    for (const table of model.checkedTables) {
      if (connected.has(table.qualifiedName) || ignored(table.schema, table.name)) continue;
      if (options.ignoreLookupTables && isLookupTable(model, table)) continue;
      report({
        object: table.qualifiedName,
        objectKind: 'table',
        table: table.qualifiedName,
        message: `Table ${table.qualifiedName} has no foreign key to or from any other table.`,
        why: WHY,
        fix: `-- relate it to the table it belongs with, e.g.\n-- ALTER TABLE ... ADD FOREIGN KEY (...) REFERENCES ...;\n-- or drop it if nothing uses it, or list it in orphaned-table.ignorePatterns`,
        location: table.location,
      });
    }
  },
};
