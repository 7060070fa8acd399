import type { InsertStmt, SelectStmt } from 'libpg-query';
import { nodeAs, nodeType } from '../parse/ast.js';
import type { CatalogColumn, CatalogEntry } from './types.js';

const NONE: readonly CatalogColumn[] = Object.freeze([]);

function valuesRow(row: unknown): readonly unknown[] | undefined {
  return nodeAs<{ items?: unknown[] }>(row, 'List')?.items;
}

/**
 * The columns of `entry` drawing from a sequence (serial, identity, nextval default) that an
 * INSERT fills with their default: left out of its column list, or given DEFAULT in a VALUES
 * row. Without a column list the values fill the columns in order: `selectWidth` says how many
 * an INSERT ... SELECT fills. Shared by the classification (sequence side effects) and the lock
 * prediction (sequence locks); written without intermediate arrays because INSERTs are a large
 * part of long runs.
 */
export function sequenceDefaults(body: InsertStmt, entry: CatalogEntry, selectWidth: (select: SelectStmt, entry: CatalogEntry) => number): readonly CatalogColumn[] {
  const columns = entry.columns;
  let first = -1;
  for (let i = 0; i < columns.length; i++) {
    if ((columns[i] as CatalogColumn).sequence) {
      first = i;
      break;
    }
  }
  if (first < 0) return NONE;
  const select = nodeAs<SelectStmt>(body.selectStmt, 'SelectStmt');
  const values = select?.valuesLists;
  const listed = body.cols;
  let width = -1;
  if (!listed || listed.length === 0) {
    if (!select) width = 0;
    else if (values && values.length > 0) width = valuesRow(values[0])?.length ?? 0;
    else width = selectWidth(select, entry);
  }
  let out: CatalogColumn[] | undefined;
  for (let i = first; i < columns.length; i++) {
    const col = columns[i] as CatalogColumn;
    if (!col.sequence) continue;
    let at = -1;
    if (width >= 0) at = i < width ? i : -1;
    else {
      for (let j = 0; j < (listed as unknown[]).length; j++) {
        if (nodeAs<{ name?: string }>((listed as unknown[])[j], 'ResTarget')?.name === col.name) {
          at = j;
          break;
        }
      }
    }
    let usesDefault = at === -1;
    if (!usesDefault && values) {
      for (const row of values) {
        if (nodeType(valuesRow(row)?.[at]) === 'SetToDefault') {
          usesDefault = true;
          break;
        }
      }
    }
    if (usesDefault) (out ??= []).push(col);
  }
  return out ?? NONE;
}
