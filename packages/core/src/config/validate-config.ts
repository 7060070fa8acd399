import type { ConfigIssue } from './issues.js';
import { configSchema, environmentSchema, type ConfitureConfig } from './schema.js';
import { validateWithLocator } from './validate-yaml.js';
import { parseYamlWithPositions, type YamlSource } from './yaml-source.js';

/** Result of {@link validateConfig}. */
export type ConfigValidationResult = { readonly ok: true; readonly config: ConfitureConfig } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Options of {@link validateConfig}. */
export interface ValidateConfigOptions {
  /** File name used in messages, e.g. `confiture.yaml`. */
  readonly file: string;
  /** The file's text, to give each issue its line and column (and to parse when `raw` is undefined). */
  readonly text: string;
  /** `environment` validates an environment file (`db/environments/<env>.yaml`). */
  readonly kind?: 'config' | 'environment';
}

/** Validates an already parsed source; used by the loader, which parses once. */
export function validateConfigSource(source: YamlSource, kind: 'config' | 'environment' = 'config', raw: unknown = source.value): ConfigValidationResult {
  if (source.issues.length > 0) return { ok: false, issues: source.issues };
  const result = validateWithLocator(kind === 'config' ? configSchema : environmentSchema, raw ?? {}, source);
  return result.ok ? { ok: true, config: result.value } : { ok: false, issues: result.issues };
}

/**
 * Validates the content of confiture.yaml (or of an environment file) and returns every
 * problem with its key path, `file:line:column` and, for unknown keys, a suggestion. Never
 * throws. Interpolation and defaults are not applied here: see `loadProject`.
 *
 * @example
 * ```ts
 * const text = 'shema_dirs: [db/schema]\n';
 * const result = validateConfig(undefined, { file: 'confiture.yaml', text });
 * if (!result.ok) result.issues[0]?.message;
 * // 'Unknown key `shema_dirs` in confiture.yaml:1:1. Did you mean `schema_dirs`?'
 * ```
 */
export function validateConfig(raw: unknown, options: ValidateConfigOptions): ConfigValidationResult {
  const source = parseYamlWithPositions(options.text, options.file);
  return validateConfigSource(source, options.kind, raw === undefined ? source.value : raw);
}
