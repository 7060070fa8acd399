import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfitureError, configIssuesError, formatKeyPath, type ConfigIssue } from '@confiture/core';
import type { LintRule } from '../types.js';
import { loadPlugins, pluginPath } from './plugins.js';
import type { LintConfig, LoadedLintConfig } from './schema.js';
import { prepareSource, validatePrepared, withoutFakePosition, type LintConfigSource } from './validate.js';

/** File names looked up by {@link loadLintConfig}, in order. */
export const LINT_CONFIG_FILES = ['confiture.lint.yml', 'confiture.lint.yaml'] as const;

/** One `CONFITURE_LINT_CONFIG_INVALID` listing every issue (exit 2 in the CLI). */
export function lintConfigError(issues: readonly ConfigIssue[]): ConfitureError {
  const base = configIssuesError(issues);
  return new ConfitureError({
    code: 'CONFITURE_LINT_CONFIG_INVALID',
    message: base.message,
    ...(base.hint === undefined ? {} : { hint: base.hint }),
    ...(base.location === undefined ? {} : { location: base.location }),
    ...(base.configPath === undefined ? {} : { configPath: base.configPath }),
    details: { issues },
  });
}

/** Options of {@link resolveLintConfig}. */
export interface ResolveLintConfigOptions {
  /** Directory relative plugin paths start from: the config file's directory (default: cwd). */
  readonly baseDir?: string;
  /** Rules known besides the built-ins and plugins (for rule-id checks). */
  readonly extraRules?: readonly LintRule<any>[];
  /** Absolute path of the file, recorded in the result. */
  readonly file?: string | null;
}

/**
 * Validates a lint config from any {@link LintConfigSource} form, loads its plugins and returns a
 * {@link LoadedLintConfig} for {@link lint}. Throws `CONFITURE_LINT_CONFIG_INVALID` listing every
 * problem with file:line:column, or `CONFITURE_LINT_RULE_INVALID` for a broken plugin. This is what
 * the CLI calls with the `lint:` section of confiture.yaml.
 *
 * @example
 * ```ts
 * const project = await loadProject({ cwd });
 * const lintConfig = await resolveLintConfig(project.sections.lint, { baseDir: project.root });
 * const result = await lint(connection, lintConfig);
 * ```
 */
export async function resolveLintConfig(source: LintConfigSource, options: ResolveLintConfigOptions = {}): Promise<LoadedLintConfig> {
  const prepared = prepareSource(source);
  const fail = (issues: readonly ConfigIssue[]): never => {
    throw lintConfigError(issues.map((i) => withoutFakePosition(i, prepared.file)));
  };
  // Plugin rules are not known before the plugins load: with plugins, rule ids wait for the second pass.
  const first = validatePrepared(prepared, options.extraRules ?? [], { checkIds: 'unless-plugins' });
  if (first.config === null) return fail(first.issues);

  const baseDir = options.baseDir ?? process.cwd();
  const entries = first.config.plugins.map((path, index) => {
    const segments = [...prepared.prefix, 'plugins', index];
    return { path, configPath: formatKeyPath(segments), location: prepared.file === null ? null : prepared.locator.locate(segments) };
  });
  const plugins = await loadPlugins(entries, baseDir);
  const second = validatePrepared(prepared, [...plugins, ...(options.extraRules ?? [])]);
  if (second.config === null) return fail(second.issues);
  const config: LintConfig = { ...second.config, plugins: second.config.plugins.map((p) => pluginPath(p, baseDir)) };
  return { config, file: options.file ?? null, plugins };
}

/** Options of {@link loadLintConfig}. */
export interface LoadLintConfigOptions {
  /** Directory to look in (the project root). */
  readonly cwd: string;
  /** A config file to use instead of looking up `confiture.lint.yml` / `.yaml` (relative to cwd). */
  readonly file?: string;
  /** Rules known besides the built-ins and plugins. */
  readonly extraRules?: readonly LintRule<any>[];
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Finds and loads `confiture.lint.yml` (or `.yaml`) in `cwd`, or the given `file`. Without a file,
 * returns the defaults (every rule on). Validation problems throw one `CONFITURE_LINT_CONFIG_INVALID`
 * listing them all with file:line:column; plugins are loaded relative to the config file.
 *
 * @example
 * ```ts
 * const lintConfig = await loadLintConfig({ cwd: process.cwd() });
 * const result = await lint(connection, lintConfig);
 * process.exitCode = shouldFail(result, lintConfig) ? 1 : 0;
 * ```
 */
export async function loadLintConfig(options: LoadLintConfigOptions): Promise<LoadedLintConfig> {
  const cwd = resolve(options.cwd);
  const candidates = options.file !== undefined ? [resolve(cwd, options.file)] : LINT_CONFIG_FILES.map((name) => join(cwd, name));
  for (const path of candidates) {
    const text = await readIfExists(path);
    if (text === null) continue;
    const shown = relative(cwd, path);
    const display = shown.startsWith('..') || isAbsolute(shown) ? path : shown;
    return resolveLintConfig({ text, file: display }, { baseDir: dirname(path), file: path, ...(options.extraRules ? { extraRules: options.extraRules } : {}) });
  }
  if (options.file !== undefined) {
    throw new ConfitureError({
      code: 'CONFITURE_FILE_NOT_FOUND',
      message: `The lint config file ${candidates[0]} does not exist.`,
      hint: 'Check the path given with --lint-config, or remove it to use confiture.lint.yml from the project root.',
    });
  }
  return resolveLintConfig({}, { baseDir: cwd, ...(options.extraRules ? { extraRules: options.extraRules } : {}) });
}

/** Whether a value is what {@link loadLintConfig} / {@link resolveLintConfig} return. */
export function isLoadedLintConfig(value: unknown): value is LoadedLintConfig {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<LoadedLintConfig>;
  return v.config !== null && typeof v.config === 'object' && Array.isArray(v.plugins) && 'file' in v;
}
