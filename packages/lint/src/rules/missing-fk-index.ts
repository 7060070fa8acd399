import { z } from 'zod';
import type { ConstraintInfo, LintRule, TableInfo } from '../types.js';
import { tableHasCoveringIndex } from './lib/coverage.js';
import { buildModel, type SnapshotModel } from './lib/model.js';
import { validateWith } from './lib/options.js';
import { objectName, quoteColumns, quoteIdent, quoteQualified } from './lib/quote.js';

/** Options of `missing-fk-index` (none yet). */
export type MissingFkIndexOptions = Record<string, never>;

const WHY =
  'PostgreSQL indexes the referenced side of a foreign key, not the referencing one. Without an index on the ' +
  'referencing columns, every DELETE or key UPDATE on the referenced table scans the whole referencing table ' +
  '(holding locks meanwhile), and joins along the key cannot use an index.';

function createIndexFix(model: SnapshotModel, table: TableInfo, columns: readonly string[]): string {
  const name = objectName([table.name, ...columns], 'idx');
  const target = quoteQualified(table.schema, table.name);
  if (table.kind !== 'partitioned-table') {
    return `CREATE INDEX CONCURRENTLY ${quoteIdent(name)} ON ${target} (${quoteColumns(columns)});`;
  }
  // CONCURRENTLY is refused on a partitioned table: create the parent index ON ONLY (instant,
  // invalid until complete), build each partition's index concurrently, then attach it.
  const lines = [`CREATE INDEX ${quoteIdent(name)} ON ONLY ${target} (${quoteColumns(columns)});`];
  for (const leaf of model.leavesOf(table.qualifiedName)) {
    const leafName = objectName([leaf.name, ...columns], 'idx');
    lines.push(`CREATE INDEX CONCURRENTLY ${quoteIdent(leafName)} ON ${quoteQualified(leaf.schema, leaf.name)} (${quoteColumns(columns)});`);
    lines.push(`ALTER INDEX ${quoteQualified(table.schema, name)} ATTACH PARTITION ${quoteQualified(leaf.schema, leafName)};`);
  }
  return lines.join('\n');
}

/**
 * `missing-fk-index`: foreign keys whose referencing columns are not the leading columns of a
 * valid, non-partial index. Composite keys are covered by an index whose first columns are
 * exactly the key's columns in any order; a foreign key of a partitioned table is reported once,
 * at the parent, and is covered when the parent or every partition has such an index.
 *
 * @example
 * ```ts
 * import { missingFkIndex } from '@confiture/lint';
 * console.log(missingFkIndex.docs.good);
 * ```
 */
export const missingFkIndex: LintRule<MissingFkIndexOptions> = {
  id: 'missing-fk-index',
  description: 'Foreign keys have an index on their referencing columns.',
  defaultSeverity: 'error',
  docs: {
    why: WHY,
    bad: 'CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE order_lines (\n  id bigint PRIMARY KEY,\n  order_id bigint NOT NULL REFERENCES orders (id)\n);',
    good:
      'CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE order_lines (\n  id bigint PRIMARY KEY,\n  order_id bigint NOT NULL REFERENCES orders (id)\n);\n' +
      'CREATE INDEX order_lines_order_id_idx ON order_lines (order_id);',
  },
  defaultOptions: {},
  validateOptions: (options) => validateWith(z.strictObject({}), options),
  check(snapshot, _options, report) {
    const model = buildModel(snapshot);
    const foreignKeys = snapshot.constraints.filter((c): c is ConstraintInfo & { foreignKey: NonNullable<ConstraintInfo['foreignKey']> } => c.type === 'foreign-key' && c.foreignKey !== null);
    for (const fk of foreignKeys) {
      const table = model.table(fk.table);
      // Clones of a partitioned table's key on its partitions are judged with the parent's.
      if (!table || fk.inherited || (model.isJudgedAtParent(table) && isCloneOfParentKey(model, table, fk))) continue;
      if (tableHasCoveringIndex(model, table, fk.columns)) continue;
      const columns = fk.columns.join(', ');
      report({
        object: `${fk.schema}.${fk.name}`,
        objectKind: 'constraint',
        table: table.qualifiedName,
        ...(fk.columns.length === 1 ? { column: fk.columns[0] as string } : {}),
        message:
          `Foreign key ${fk.name} on ${table.qualifiedName} (${columns}) references ${fk.foreignKey.referencedTable} ` +
          `but no valid, non-partial index starts with ${fk.columns.length === 1 ? 'that column' : 'those columns'}` +
          `${table.kind === 'partitioned-table' ? ' (on the partitioned table or on every partition)' : ''}.`,
        why: WHY,
        fix: createIndexFix(model, table, fk.columns),
        location: fk.location ?? table.location,
      });
    }
  },
};

// Some loaders mark partition clones as inherited; others may not. A key on a partition with
// the same columns and target as one on its parent is the parent's key either way.
function isCloneOfParentKey(model: SnapshotModel, table: TableInfo, fk: ConstraintInfo): boolean {
  const parent = model.rootOf(table);
  return model
    .constraintsOf(parent.qualifiedName)
    .some(
      (c) =>
        c.type === 'foreign-key' &&
        c.foreignKey?.referencedTable === fk.foreignKey?.referencedTable &&
        c.columns.length === fk.columns.length &&
        c.columns.every((col, i) => col === fk.columns[i]),
    );
}
