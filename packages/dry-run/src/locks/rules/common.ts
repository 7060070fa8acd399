import type { LockMode } from '../../types.js';
import type { AnalysisContext } from '../context.js';

const NO_STORAGE = new Set(['p', 'I', 'v', 'f']);

/** Locks the inheritance children / partitions (all levels) of a table with the same mode. */
export function lockDescendants(ctx: AnalysisContext, key: string, mode: LockMode, reason: string): void {
  for (const child of ctx.catalog.descendantsOf(key)) ctx.lockKey(child, mode, `${reason} (${ctx.kindOf(key) === 'p' ? 'partition' : 'inheritance child'} of ${key})`);
}

/**
 * The relations with storage a statement on `key` touches: itself, or for a partitioned table
 * its leaf partitions; with `recurse`, inheritance children too.
 */
export function storageRelations(ctx: AnalysisContext, key: string, recurse: boolean): string[] {
  const entry = ctx.catalog.relation(key);
  const out: string[] = [];
  if (!entry) {
    if (!ctx.catalog.live) out.push(key);
    return out;
  }
  if (!NO_STORAGE.has(entry.kind)) out.push(key);
  if (recurse || entry.kind === 'p') {
    for (const child of ctx.catalog.descendantsOf(key)) {
      const c = ctx.catalog.relation(child);
      if (c && !NO_STORAGE.has(c.kind)) out.push(child);
    }
  }
  return out;
}

/** Predicts a rewrite of a table (its leaf partitions for a partitioned table). */
export function rewriteTable(ctx: AnalysisContext, key: string, recurse: boolean): string[] {
  const targets = storageRelations(ctx, key, recurse);
  for (const t of targets) ctx.rewrite(t);
  return targets;
}

/** Predicts a full scan of a table (its leaf partitions for a partitioned table). */
export function scanTable(ctx: AnalysisContext, key: string, recurse: boolean): string[] {
  const targets = storageRelations(ctx, key, recurse);
  for (const t of targets) ctx.scan(t);
  return targets;
}

/** `schema.name` of an index named next to its table (same schema when unqualified). */
export function indexKeyNear(tableKey: string, indexName: string): string {
  const schema = tableKey.slice(0, tableKey.indexOf('.'));
  return `${schema}.${indexName}`;
}
