import { z } from 'zod';
import type { IndexInfo, LintRule, TableInfo } from '../types.js';
import { buildModel } from './lib/model.js';
import { validateWith } from './lib/options.js';
import { quoteColumns, quoteIdent, quoteQualified } from './lib/quote.js';

/** Options of `missing-primary-key`. */
export type MissingPrimaryKeyOptions = {
  /** Accept a valid unique index on NOT NULL columns in place of a primary key. */
  allowUniqueNotNull: boolean;
};

const optionsSchema = z.strictObject({ allowUniqueNotNull: z.boolean().optional() });

const WHY =
  'Without a primary key, rows cannot be addressed reliably: logical replication cannot replicate UPDATE and DELETE, ' +
  'ORMs and admin tools cannot edit rows, and duplicates creep in unnoticed.';

// A unique index that identifies rows as well as a primary key would: valid, not partial, on
// plain NOT NULL columns. (Expression keys and nullable columns let duplicates or NULLs through.)
function rowIdentifyingIndex(table: TableInfo, indexes: readonly IndexInfo[]): IndexInfo | undefined {
  const notNull = new Set(table.columns.filter((c) => c.notNull).map((c) => c.name));
  return indexes.find(
    (i) => i.isUnique && i.isValid && i.predicate === null && i.keys.length > 0 && i.keys.every((k) => k.column !== null && notNull.has(k.column)),
  );
}

// ADD PRIMARY KEY USING INDEX only takes a plain b-tree index with default ordering that no
// constraint owns yet; otherwise the key is declared on the same columns (building a new index).
function promoteFix(table: TableInfo, index: IndexInfo): string {
  const target = quoteQualified(table.schema, table.name);
  const columns = index.keys.map((k) => k.column as string);
  const promotable = index.method === 'btree' && index.constraint === null && index.include.length === 0 && index.keys.every((k) => !k.descending && !k.nullsFirst);
  if (promotable && table.kind === 'table') return `ALTER TABLE ${target} ADD PRIMARY KEY USING INDEX ${quoteIdent(index.name)};`;
  return `ALTER TABLE ${target} ADD PRIMARY KEY (${quoteColumns(columns)});`;
}

function newKeyFix(table: TableInfo): string {
  const target = quoteQualified(table.schema, table.name);
  if (table.kind === 'partitioned-table') {
    return `-- the key of a partitioned table must include its partition key columns\nALTER TABLE ${target} ADD PRIMARY KEY (<partition key columns>, <id column>);`;
  }
  const id = table.columns.find((c) => c.name === 'id');
  if (id && id.notNull) return `ALTER TABLE ${target} ADD PRIMARY KEY (id);`;
  if (!id) return `ALTER TABLE ${target} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;`;
  return `-- choose the column(s) that identify a row, then:\nALTER TABLE ${target} ADD PRIMARY KEY (<columns>);`;
}

/**
 * `missing-primary-key`: ordinary and partitioned tables without a primary key. A table whose
 * rows are identified by a unique index on NOT NULL columns gets a softer warning. Partitions
 * are judged at their parent.
 *
 * @example
 * ```ts
 * import { missingPrimaryKey } from '@confiture/lint';
 * console.log(missingPrimaryKey.docs.bad);
 * ```
 */
export const missingPrimaryKey: LintRule<MissingPrimaryKeyOptions> = {
  id: 'missing-primary-key',
  description: 'Tables have a primary key.',
  defaultSeverity: 'error',
  docs: {
    why: WHY,
    bad: 'CREATE TABLE event (\n  occurred_at timestamptz NOT NULL,\n  payload jsonb\n);',
    good: 'CREATE TABLE event (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  occurred_at timestamptz NOT NULL,\n  payload jsonb\n);',
  },
  defaultOptions: { allowUniqueNotNull: false },
  validateOptions: (options) => validateWith(optionsSchema, options),
  check(snapshot, options, report) {
    const model = buildModel(snapshot);
    for (const table of model.checkedTables) {
      const constraints = model.constraintsOf(table.qualifiedName);
      const indexes = model.indexesOf(table.qualifiedName);
      if (constraints.some((c) => c.type === 'primary-key') || indexes.some((i) => i.isPrimary)) continue;
      const kind = table.kind === 'partitioned-table' ? 'Partitioned table' : 'Table';
      const unique = rowIdentifyingIndex(table, indexes);
      if (unique) {
        if (options.allowUniqueNotNull) continue;
        const columns = unique.keys.map((k) => k.column as string).join(', ');
        report({
          object: table.qualifiedName,
          objectKind: 'table',
          table: table.qualifiedName,
          message: `${kind} ${table.qualifiedName} has no primary key; unique index ${table.schema}.${unique.name} on NOT NULL (${columns}) identifies its rows and can become it.`,
          why: `${WHY} A unique index on NOT NULL columns already identifies rows, but tools and replication look for the primary key.`,
          fix: promoteFix(table, unique),
          severity: 'warning',
          location: table.location,
        });
        continue;
      }
      report({
        object: table.qualifiedName,
        objectKind: 'table',
        table: table.qualifiedName,
        message: `${kind} ${table.qualifiedName} has no primary key and no unique index on NOT NULL columns.`,
        why: WHY,
        fix: newKeyFix(table),
        location: table.location,
      });
    }
  },
};
