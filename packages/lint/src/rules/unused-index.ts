import { z } from 'zod';
import type { IndexInfo, LintRule, TableInfo } from '../types.js';
import { indexCoversColumns } from './lib/coverage.js';
import { buildModel, type SnapshotModel } from './lib/model.js';
import { validateWith } from './lib/options.js';
import { quoteQualified } from './lib/quote.js';

/** Options of `unused-index`. */
export type UnusedIndexOptions = {
  /** Statistics younger than this (days since the last reset) are not trusted. */
  minStatsAgeDays: number;
  /** Ignore indexes smaller than this many bytes. */
  minSizeBytes: number;
};

const optionsSchema = z.strictObject({
  minStatsAgeDays: z.number().min(0).optional(),
  minSizeBytes: z.number().int().min(0).optional(),
});

const WHY =
  'An index that no query has used since statistics were last reset still slows every write to its table and ' +
  'takes disk, cache and backup space. Check replicas too: each server counts only its own scans.';

const DAY_MS = 86_400_000;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

// An index the database needs whatever the scan count says: it enforces a key or uniqueness,
// or serves the lookups a foreign key makes on every DELETE/UPDATE of the referenced rows
// (those lookups do count as scans, but only when such deletes happen).
function isNeeded(model: SnapshotModel, index: IndexInfo, table: TableInfo): boolean {
  if (index.isPrimary || index.isUnique || index.constraint !== null) return true;
  const root = model.rootOf(table);
  const keys = [...model.constraintsOf(table.qualifiedName), ...(root === table ? [] : model.constraintsOf(root.qualifiedName))].filter(
    (c) => c.type === 'foreign-key',
  );
  return keys.some((fk) => indexCoversColumns(index, fk.columns, table));
}

/** Scans of an index, summed over the partition indexes attached to it. */
function totalScans(snapshot: { indexes: readonly IndexInfo[] }, index: IndexInfo): number | null {
  if (!index.partitioned) return index.scans;
  const qualified = `${index.schema}.${index.name}`;
  const children = snapshot.indexes.filter((i) => i.parentIndex === qualified);
  if (children.length === 0) return null;
  let sum = 0;
  for (const child of children) {
    const scans = totalScans(snapshot, child);
    if (scans === null) return null;
    sum += scans;
  }
  return sum;
}

function totalSize(snapshot: { indexes: readonly IndexInfo[] }, index: IndexInfo): number {
  if (!index.partitioned) return index.sizeBytes;
  const qualified = `${index.schema}.${index.name}`;
  return snapshot.indexes.filter((i) => i.parentIndex === qualified).reduce((sum, child) => sum + totalSize(snapshot, child), 0);
}

/**
 * `unused-index`: indexes with no scan since statistics were reset, that back no primary key,
 * unique constraint or foreign key. Skipped on an embedded database (no real workload) and
 * while statistics are younger than `minStatsAgeDays`.
 *
 * @example
 * ```ts
 * import { lint } from '@confiture/lint';
 * await lint(client, { rules: { 'unused-index': { options: { minStatsAgeDays: 30 } } } });
 * ```
 */
export const unusedIndex: LintRule<UnusedIndexOptions> = {
  id: 'unused-index',
  description: 'Indexes are used by queries.',
  defaultSeverity: 'info',
  docs: {
    why: WHY,
    bad:
      'CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\n' +
      '-- a month of production traffic later, pg_stat_user_indexes.idx_scan is still 0 for:\nCREATE INDEX users_nickname_idx ON users (nickname);',
    good:
      'CREATE TABLE customers (id bigint PRIMARY KEY, email text UNIQUE);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\n' +
      '-- backs a foreign key: needed by every DELETE on customers, whatever its scan count\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);',
  },
  defaultOptions: { minStatsAgeDays: 7, minSizeBytes: 0 },
  validateOptions: (options) => validateWith(optionsSchema, options),
  check(snapshot, options, report, context) {
    if (snapshot.source === 'embedded') {
      context.skip('the embedded database runs no workload, so its index usage statistics say nothing; lint the live database instead');
      return;
    }
    if (!snapshot.statistics.available || snapshot.statistics.since === null) {
      context.skip(`index usage statistics are unavailable${snapshot.statistics.reason ? `: ${snapshot.statistics.reason}` : ''}`);
      return;
    }
    const since = Date.parse(snapshot.statistics.since);
    const now = Date.parse(snapshot.capturedAt);
    const ageDays = (now - since) / DAY_MS;
    if (!Number.isFinite(ageDays) || ageDays < options.minStatsAgeDays) {
      context.skip(
        `index usage statistics only cover ${Number.isFinite(ageDays) ? ageDays.toFixed(1) : '?'} days (since ${snapshot.statistics.since}), ` +
          `less than minStatsAgeDays (${options.minStatsAgeDays}); lint again later or lower the option`,
      );
      return;
    }
    const model = buildModel(snapshot);
    const sinceDate = snapshot.statistics.since.slice(0, 10);
    for (const index of snapshot.indexes) {
      // Members of a partitioned index are dropped with it: judged once, at the parent.
      if (index.parentIndex !== null || !index.isValid) continue;
      const table = model.table(index.table);
      if (!table || isNeeded(model, index, table)) continue;
      const scans = totalScans(snapshot, index);
      if (scans !== 0) continue;
      const size = totalSize(snapshot, index);
      if (size < options.minSizeBytes) continue;
      const target = quoteQualified(index.schema, index.name);
      report({
        object: `${index.schema}.${index.name}`,
        objectKind: 'index',
        table: table.qualifiedName,
        message:
          `Index ${index.schema}.${index.name} on ${table.qualifiedName} (${formatBytes(size)}) has had no scan in the ` +
          `${Math.floor(ageDays)} days since usage statistics started (${sinceDate}).`,
        why: WHY,
        fix: index.partitioned ? `DROP INDEX ${target};` : `DROP INDEX CONCURRENTLY ${target};`,
        location: index.location,
      });
    }
  },
};
