import { z } from 'zod';
import type { ColumnInfo, LintRule, TableInfo } from '../types.js';
import { nameMatcher } from './lib/glob.js';
import { buildModel, primaryKeyColumns, type SnapshotModel } from './lib/model.js';
import { validateWith } from './lib/options.js';
import { typeFamily } from './lib/pii.js';
import { objectName, quoteIdent, quoteQualified } from './lib/quote.js';
import { pluralize } from './lib/words.js';

/** Options of `missing-foreign-key`. */
export type MissingForeignKeyOptions = {
  /** Column name endings that mark a reference (`customer_id` -> table `customer` or `customers`). */
  suffixes: string[];
  /** Columns never reported: globs on `column` or `table.column` (e.g. `legacy_*`, `imports.*_id`). */
  ignoreColumns: string[];
  /** Tables never checked (replaces the defaults): logs, audit trails, history and archives keep ids without keys on purpose. */
  ignoreTables: string[];
  /** More table globs, added to `ignoreTables` (keeps the defaults). */
  extraIgnoreTables: string[];
};

/**
 * Table globs `missing-foreign-key` skips by default: tables that keep references without a
 * foreign key on purpose, so their rows outlive what they point at.
 *
 * @example
 * ```ts
 * const options = { ignoreTables: DEFAULT_UNKEYED_TABLES.filter((p) => p !== 'events') };
 * ```
 */
export const DEFAULT_UNKEYED_TABLES: readonly string[] = [
  'log', 'logs', '*_log', '*_logs', 'audit', 'audits', '*_audit', '*_audits', 'audit_*', 'history', '*_history',
  '*_histories', 'events', '*_events', 'archive_*', '*_archive', '*_archives', '*_snapshots', 'staging_*', '*_staging',
];

const optionsSchema = z.strictObject({
  suffixes: z.array(z.string().min(1)).optional(),
  ignoreColumns: z.array(z.string()).optional(),
  ignoreTables: z.array(z.string()).optional(),
  extraIgnoreTables: z.array(z.string()).optional(),
});

const WHY =
  'A column that holds another table\'s key without a foreign key lets orphans in: rows pointing at deleted or ' +
  'never-existing parents, found later by a failing join or a report that does not add up.';

/** Types that a foreign key can join with an equality the referenced key's index serves. */
function compatibleTypes(a: ColumnInfo, b: ColumnInfo): boolean {
  const fa = typeFamily(a.type);
  const fb = typeFamily(b.type);
  if (fa === 'integer' || fa === 'text') return fa === fb;
  const base = (type: string): string => type.toLowerCase().replace(/\(.*\)/, '').trim();
  return base(a.type) === base(b.type);
}

function columnsWithForeignKey(model: SnapshotModel, table: TableInfo): { own: Set<string>; partitions: Map<string, number> } {
  const own = new Set(model.constraintsOf(table.qualifiedName).filter((c) => c.type === 'foreign-key').flatMap((c) => c.columns));
  const partitions = new Map<string, number>();
  for (const leaf of table.kind === 'partitioned-table' ? model.leavesOf(table.qualifiedName) : []) {
    const columns = new Set(model.constraintsOf(leaf.qualifiedName).filter((c) => c.type === 'foreign-key').flatMap((c) => c.columns));
    for (const column of columns) partitions.set(column, (partitions.get(column) ?? 0) + 1);
  }
  return { own, partitions };
}

/**
 * `missing-foreign-key`: a `<name>_id` column whose type matches the single-column primary key
 * of an existing `<name>` or `<names>` table, and that no foreign key constrains. Logs, audit
 * trails, history and archive tables are not checked by default: their ids outlive the rows.
 *
 * @example
 * ```ts
 * import { lint } from '@confiture/lint';
 * await lint(client, { rules: { 'missing-foreign-key': { options: { ignoreColumns: ['external_*'] } } } });
 * ```
 */
export const missingForeignKey: LintRule<MissingForeignKeyOptions> = {
  id: 'missing-foreign-key',
  description: 'Columns named after another table\'s key have a foreign key.',
  defaultSeverity: 'warning',
  docs: {
    why: WHY,
    bad: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);',
    good: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));',
  },
  defaultOptions: { suffixes: ['_id'], ignoreColumns: [], ignoreTables: [...DEFAULT_UNKEYED_TABLES], extraIgnoreTables: [] },
  validateOptions: (options) => validateWith(optionsSchema, options),
  check(snapshot, options, report) {
    const model = buildModel(snapshot);
    const ignoredColumn = nameMatcher(options.ignoreColumns);
    const ignoredTable = nameMatcher([...options.ignoreTables, ...options.extraIgnoreTables]);
    const byName = new Map<string, TableInfo[]>();
    for (const t of model.checkedTables) {
      const key = t.name.toLowerCase();
      byName.set(key, [...(byName.get(key) ?? []), t]);
    }

    for (const table of model.checkedTables) {
      if (ignoredTable(table.schema, table.name)) continue;
      const pk = primaryKeyColumns(model, table);
      const { own, partitions } = columnsWithForeignKey(model, table);
      for (const column of table.columns) {
        const suffix = options.suffixes.find((s) => column.name.length > s.length && column.name.toLowerCase().endsWith(s.toLowerCase()));
        if (!suffix || own.has(column.name) || ignoredColumn(table.name, column.name)) continue;
        if (pk && pk.length === 1 && pk[0] === column.name) continue;
        const stem = column.name.slice(0, -suffix.length).toLowerCase();
        const names = [...new Set([stem, pluralize(stem)])];
        const candidates = names.flatMap((n) => byName.get(n) ?? []).filter((t) => t !== table);
        const sameSchema = candidates.filter((t) => t.schema === table.schema);
        const pool = sameSchema.length > 0 ? sameSchema : candidates;
        const matches = pool.flatMap((target) => {
          const key = primaryKeyColumns(model, target);
          if (!key || key.length !== 1) return [];
          const keyColumn = target.columns.find((c) => c.name === key[0]);
          return keyColumn && compatibleTypes(column, keyColumn) ? [{ target, keyColumn }] : [];
        });
        // Two equally plausible targets (customer and customers in one schema): not our call.
        if (matches.length !== 1) continue;
        const { target, keyColumn } = matches[0] as (typeof matches)[number];
        const declaredOn = partitions.get(column.name) ?? 0;
        const partitionNote =
          declaredOn > 0 ? ` (${declaredOn} of ${model.leavesOf(table.qualifiedName).length} partitions declare one; declare it on the partitioned table so every partition has it)` : '';
        const constraint = objectName([table.name, column.name], 'fkey');
        const source = quoteQualified(table.schema, table.name);
        const add = `ALTER TABLE ${source} ADD CONSTRAINT ${quoteIdent(constraint)} FOREIGN KEY (${quoteIdent(column.name)}) REFERENCES ${quoteQualified(target.schema, target.name)} (${quoteIdent(keyColumn.name)})`;
        report({
          object: `${table.qualifiedName}.${column.name}`,
          objectKind: 'column',
          table: table.qualifiedName,
          column: column.name,
          message:
            `Column ${table.qualifiedName}.${column.name} (${column.type}) looks like a reference to ${target.qualifiedName}.${keyColumn.name} ` +
            `(${keyColumn.type}) but has no foreign key${partitionNote}.`,
          why: WHY,
          // NOT VALID + VALIDATE takes only a brief lock; partitioned tables refuse NOT VALID keys.
          fix:
            table.kind === 'partitioned-table'
              ? `${add};`
              : `${add} NOT VALID;\nALTER TABLE ${source} VALIDATE CONSTRAINT ${quoteIdent(constraint)};`,
          location: column.location ?? table.location,
        });
      }
    }
  },
};
