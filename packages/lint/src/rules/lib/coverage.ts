import type { IndexInfo, TableInfo } from '../../types.js';
import type { SnapshotModel } from './model.js';

// Access methods the planner can use for the equality lookups foreign key checks run
// (`WHERE fk_col = $1` on the referencing table). BRIN and bloom only narrow down block
// ranges or need every column, so they do not make cascades and parent deletes cheap.
const LOOKUP_METHODS = new Set(['btree', 'hash', 'gist', 'spgist', 'gin']);

/**
 * Whether an index serves equality lookups on exactly `columns`: valid, not partial, and the
 * columns are its leading key columns, in any order among those positions (the planner uses
 * all of them for an equality on each).
 */
export function indexCoversColumns(index: IndexInfo, columns: readonly string[], table?: TableInfo): boolean {
  if (!index.isValid || index.predicate !== null || !LOOKUP_METHODS.has(index.method)) return false;
  if (index.method === 'hash' && columns.length !== 1) return false;
  if (index.keys.length < columns.length) return false;
  const wanted = new Set(columns);
  const leading = index.keys.slice(0, columns.length);
  for (const key of leading) {
    if (key.column === null || !wanted.has(key.column)) return false;
    if (table && !collationMatches(key.collation, table, key.column)) return false;
  }
  return new Set(leading.map((k) => k.column)).size === wanted.size;
}

// An index built with an explicit COLLATE that differs from the column's cannot serve the
// column's own equality comparisons. A null on either side means "the column's default",
// and we only rule an index out when both sides name different collations.
function collationMatches(indexCollation: string | null, table: TableInfo, column: string): boolean {
  if (indexCollation === null) return true;
  const columnCollation = table.columns.find((c) => c.name === column)?.collation ?? null;
  if (columnCollation === null) return true;
  return normalizeCollation(indexCollation) === normalizeCollation(columnCollation);
}

function normalizeCollation(name: string): string {
  return name.replace(/^pg_catalog\./, '').replace(/^"|"$/g, '');
}

/**
 * Whether lookups on `columns` of a table are served by an index. A partitioned table is
 * served by a partitioned index, or when every leaf partition has its own covering index.
 */
export function tableHasCoveringIndex(model: SnapshotModel, table: TableInfo, columns: readonly string[]): boolean {
  if (model.indexesOf(table.qualifiedName).some((i) => indexCoversColumns(i, columns, table))) return true;
  if (table.kind !== 'partitioned-table') return false;
  const leaves = model.leavesOf(table.qualifiedName);
  return leaves.length > 0 && leaves.every((leaf) => model.indexesOf(leaf.qualifiedName).some((i) => indexCoversColumns(i, columns, leaf)));
}
