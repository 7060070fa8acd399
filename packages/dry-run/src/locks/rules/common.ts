import type { LockMode } from '../../types.js';
import type { AnalysisContext } from '../context.js';

const NO_STORAGE = new Set(['p', 'I', 'v', 'f']);

/** Locks the inheritance children / partitions (all levels) of a table with the same mode. */
export function lockDescendants(ctx: AnalysisContext, key: string, mode: LockMode, reason: string): void {
  for (const child of ctx.catalog.descendantsOf(key)) ctx.lockKey(child, mode, `${reason} (${ctx.kindOf(key) === 'p' ? 'partition' : 'inheritance child'} of ${key})`);
}

/**
 * Calls `each` for the relations with storage a statement on `key` touches: itself, or for a
 * partitioned table its leaf partitions; with `recurse`, inheritance children too.
 */
function forStorage(ctx: AnalysisContext, key: string, recurse: boolean, each: (ctx: AnalysisContext, key: string) => void): void {
  const entry = ctx.catalog.relation(key);
  if (!entry) {
    if (!ctx.catalog.live) each(ctx, key);
    return;
  }
  if (!NO_STORAGE.has(entry.kind)) each(ctx, key);
  if (recurse || entry.kind === 'p') {
    for (const child of ctx.catalog.descendantsOf(key)) {
      const c = ctx.catalog.relation(child);
      if (c && !NO_STORAGE.has(c.kind)) each(ctx, child);
    }
  }
}

const addRewrite = (ctx: AnalysisContext, key: string): void => ctx.rewrite(key);
const addScan = (ctx: AnalysisContext, key: string): void => ctx.scan(key);

/** Predicts a rewrite of a table (its leaf partitions for a partitioned table). */
export function rewriteTable(ctx: AnalysisContext, key: string, recurse: boolean): void {
  forStorage(ctx, key, recurse, addRewrite);
}

/** Predicts a full scan of a table (its leaf partitions for a partitioned table). */
export function scanTable(ctx: AnalysisContext, key: string, recurse: boolean): void {
  forStorage(ctx, key, recurse, addScan);
}

/** `schema.name` of an index named next to its table (same schema when unqualified). */
export function indexKeyNear(tableKey: string, indexName: string): string {
  const schema = tableKey.slice(0, tableKey.indexOf('.'));
  return `${schema}.${indexName}`;
}
