import type { LintRule } from '../types.js';
import { columnNaming } from './column-naming.js';
import { hardcodedSecret } from './hardcoded-secret.js';
import { missingFkIndex } from './missing-fk-index.js';
import { missingForeignKey } from './missing-foreign-key.js';
import { missingPrimaryKey } from './missing-primary-key.js';
import { orphanedTable } from './orphaned-table.js';
import { piiColumn } from './pii-column.js';
import { redundantIndex } from './redundant-index.js';
import { tableNaming } from './table-naming.js';
import { unusedIndex } from './unused-index.js';

export { columnNaming, hardcodedSecret, missingFkIndex, missingForeignKey, missingPrimaryKey, orphanedTable, piiColumn, redundantIndex, tableNaming, unusedIndex };
export { DEFAULT_UNKEYED_TABLES } from './missing-foreign-key.js';
export { DEFAULT_ORPHAN_PATTERNS } from './orphaned-table.js';
export { DEFAULT_TOOL_TABLES } from './table-naming.js';
export type { ColumnNamingOptions } from './column-naming.js';
export type { HardcodedSecretOptions } from './hardcoded-secret.js';
export type { MissingFkIndexOptions } from './missing-fk-index.js';
export type { MissingForeignKeyOptions } from './missing-foreign-key.js';
export type { MissingPrimaryKeyOptions } from './missing-primary-key.js';
export type { OrphanedTableOptions } from './orphaned-table.js';
export type { PiiColumnOptions, PiiExtraPattern } from './pii-column.js';
export type { RedundantIndexOptions } from './redundant-index.js';
export type { TableNamingOptions } from './table-naming.js';
export type { UnusedIndexOptions } from './unused-index.js';

/**
 * The ten built-in rules, in documentation order. Each is a plain {@link LintRule} object:
 * pass a subset (or your own rules next to them) to the engine.
 *
 * @example
 * ```ts
 * import { builtinRules } from '@confiture/lint';
 * for (const rule of builtinRules) console.log(`${rule.id} (${rule.defaultSeverity}): ${rule.description}`);
 * ```
 */
export const builtinRules: LintRule[] = [
  missingPrimaryKey,
  missingFkIndex,
  redundantIndex,
  unusedIndex,
  tableNaming,
  columnNaming,
  missingForeignKey,
  orphanedTable,
  piiColumn,
  hardcodedSecret,
];
