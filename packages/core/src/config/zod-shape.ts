import type { z } from 'zod';
import type { PathSegment } from './issues.js';

/*
 * Reads the structure of a zod 4 schema through `_zod.def` (the documented extension point
 * for libraries) so unknown-key errors can list and suggest the keys that ARE allowed,
 * whatever schema a package passes in.
 */

interface Def {
  readonly type: string;
  readonly shape?: Record<string, Schema>;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly element?: Schema;
  readonly valueType?: Schema;
  readonly options?: readonly Schema[];
  readonly left?: Schema;
  readonly right?: Schema;
  readonly items?: readonly Schema[];
  readonly rest?: Schema | null;
  getter?(): Schema;
}

interface Schema {
  readonly _zod: { readonly def: Def };
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch', 'success']);

/** The concrete schemas a (possibly wrapped, unioned or lazy) schema stands for. */
function expand(schema: Schema, seen = new Set<Schema>()): Schema[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def;
  if (WRAPPERS.has(def.type) && def.innerType) return expand(def.innerType, seen);
  if (def.type === 'pipe' && def.in) return expand(def.in, seen);
  if (def.type === 'lazy' && def.getter) return expand(def.getter(), seen);
  if (def.type === 'union' && def.options) return def.options.flatMap((option) => expand(option, seen));
  if (def.type === 'intersection' && def.left && def.right) return [...expand(def.left, seen), ...expand(def.right, seen)];
  return [schema];
}

function children(schema: Schema, segment: PathSegment): Schema[] {
  const def = schema._zod.def;
  if (def.type === 'object' && def.shape && typeof segment === 'string') {
    const child = def.shape[segment];
    return child === undefined ? [] : [child];
  }
  if (def.type === 'array' && def.element && typeof segment === 'number') return [def.element];
  if (def.type === 'tuple' && typeof segment === 'number') {
    const item = def.items?.[segment] ?? def.rest ?? undefined;
    return item === undefined || item === null ? [] : [item];
  }
  if (def.type === 'record' && def.valueType) return [def.valueType];
  return [];
}

function schemasAt(schema: z.ZodType, path: readonly PathSegment[]): Schema[] {
  let current = expand(schema as unknown as Schema);
  for (const segment of path) current = current.flatMap((candidate) => children(candidate, segment)).flatMap((child) => expand(child));
  return current;
}

/** The keys an object schema accepts at `path` (the union of them when several shapes fit). */
export function allowedKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  const keys = new Set<string>();
  for (const candidate of schemasAt(schema, path)) {
    const shape = candidate._zod.def.type === 'object' ? candidate._zod.def.shape : undefined;
    for (const key of Object.keys(shape ?? {})) keys.add(key);
  }
  return [...keys];
}

/**
 * Every key path an object schema accepts, shallowest first, so a key written at the wrong
 * level (`lock_wait_timeout` at the top) can be pointed to its section.
 */
export function allKeyPaths(schema: z.ZodType, maxDepth = 4): PathSegment[][] {
  const found: PathSegment[][] = [];
  const visit = (candidates: Schema[], path: PathSegment[], seen: Set<Schema>): void => {
    if (path.length >= maxDepth) return;
    for (const candidate of candidates) {
      if (seen.has(candidate)) continue;
      const shape = candidate._zod.def.type === 'object' ? candidate._zod.def.shape : undefined;
      if (shape === undefined) continue;
      const next = new Set(seen).add(candidate);
      for (const [name, child] of Object.entries(shape)) {
        found.push([...path, name]);
        visit(expand(child), [...path, name], next);
      }
    }
  };
  visit(expand(schema as unknown as Schema), [], new Set());
  return found.sort((a, b) => a.length - b.length);
}
