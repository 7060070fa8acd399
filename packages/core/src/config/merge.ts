import type { PathSegment } from './issues.js';
import type { Locator } from './yaml-source.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Overlays `override` on `base`: mappings merge key by key (recursively), anything else
 * (lists included) replaces. Neither input is modified.
 *
 * @example
 * ```ts
 * mergeConfig({ migrate: { lock_wait_timeout: '30s' }, schema_dirs: ['a'] }, { migrate: { lock_timeout: '5s' }, schema_dirs: ['b'] });
 * // { migrate: { lock_wait_timeout: '30s', lock_timeout: '5s' }, schema_dirs: ['b'] }
 * ```
 */
export function mergeConfig<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    merged[key] = key in merged ? mergeConfig(merged[key], value) : value;
  }
  return merged as T;
}

/**
 * A locator over several files, highest precedence first: a key path is found in the first
 * file that has it, so an error about a merged value points at the file that set it.
 */
export function layeredLocator(layers: readonly Locator[]): Locator {
  const owner = (path: readonly PathSegment[]): Locator | undefined => {
    for (const layer of layers) if (layer.has(path)) return layer;
    // A missing key: report it in the file that holds its closest ancestor.
    for (let length = path.length - 1; length >= 0; length--) {
      for (const layer of layers) if (layer.has(path.slice(0, length))) return layer;
    }
    return layers.at(-1);
  };
  return {
    has: (path) => layers.some((layer) => layer.has(path)),
    locate: (path, options) => {
      const layer = owner(path);
      if (layer === undefined) throw new Error('layeredLocator needs at least one layer');
      return layer.locate(path, options);
    },
  };
}
