import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfitureError, type ConfigLocation } from '@confiture/core';
import { looksLikeRule, ruleShapeProblems } from '../rule-shape.js';
import type { LintRule } from '../types.js';

/** A `plugins:` entry with where it is written, for error messages. */
export interface PluginEntry {
  readonly path: string;
  /** Key path of the entry, e.g. `plugins[0]` or `lint.plugins[0]`. */
  readonly configPath: string;
  readonly location: ConfigLocation | null;
}

const HINT =
  'A plugin is an ES module (.js or .mjs; TypeScript must be compiled first) whose default export, or named exports, ' +
  'are lint rules { id, description, defaultSeverity, docs: { why, bad, good }, check } or arrays of them. ' +
  'Paths are relative to the config file.';

function fail(entry: PluginEntry, message: string, cause?: unknown): never {
  const where = entry.location ? ` (${entry.configPath} in ${entry.location.file}:${entry.location.line}:${entry.location.column})` : ` (${entry.configPath})`;
  throw new ConfitureError({
    code: 'CONFITURE_LINT_RULE_INVALID',
    message: `Lint plugin ${entry.path}${where}: ${message}`,
    hint: HINT,
    configPath: entry.configPath,
    ...(entry.location ? { location: entry.location } : {}),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Absolute path of a plugin entry. */
export function pluginPath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/**
 * Imports plugin modules and returns their rules in order. Every problem (module not found, a
 * syntax error, an export that is not a valid rule) is a `CONFITURE_LINT_RULE_INVALID` naming the
 * plugin, the config entry and what is wrong.
 */
export async function loadPlugins(entries: readonly PluginEntry[], baseDir: string): Promise<LintRule[]> {
  const rules: LintRule[] = [];
  for (const entry of entries) {
    const file = pluginPath(entry.path, baseDir);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (cause) {
      fail(entry, `could not be loaded from ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
    }
    const exported: Array<[string, unknown]> =
      mod.default !== undefined ? [['default', mod.default]] : Object.entries(mod).filter(([, v]) => looksLikeRule(v) || (Array.isArray(v) && v.some(looksLikeRule)));
    if (exported.length === 0) fail(entry, 'exports no lint rule.');
    for (const [name, value] of exported) {
      const candidates = Array.isArray(value) ? value.map((v, i) => [`${name}[${i}]`, v] as const) : [[name, value] as const];
      if (candidates.length === 0) fail(entry, `export \`${name}\` is an empty list.`);
      for (const [label, candidate] of candidates) {
        const problems = ruleShapeProblems(candidate);
        if (problems.length > 0) fail(entry, `export \`${label}\` is not a valid lint rule: ${problems.join('; ')}.`);
        rules.push(candidate as LintRule);
      }
    }
  }
  return rules;
}
