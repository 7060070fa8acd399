import { ConfitureError, formatLocation } from '../errors.js';

/** One step of a key path: a mapping key or a list index. */
export type PathSegment = string | number;

/** A position in a YAML file. `line` and `column` are 1-based. */
export interface ConfigLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** What kind of problem a {@link ConfigIssue} reports, for callers that match on it. */
export type ConfigIssueCode = 'yaml-syntax' | 'unknown-key' | 'missing-key' | 'wrong-type' | 'invalid-value';

/**
 * One problem found in a YAML config file. `message` is a complete sentence that already
 * names the key path and `file:line:column`, so a caller can print it as it is.
 */
export interface ConfigIssue {
  readonly code: ConfigIssueCode;
  readonly message: string;
  /** Dotted key path, list indexes in brackets: `schema_dirs[1]`, `migrate.lock_timeout`. Empty for the whole file. */
  readonly path: string;
  /** The same path as segments. */
  readonly segments: readonly PathSegment[];
  readonly location: ConfigLocation;
  /** For an unknown key: the full key path the author probably meant. */
  readonly suggestion?: string;
}

/**
 * Formats key path segments the way messages show them.
 *
 * @example
 * ```ts
 * formatKeyPath(['migrate', 'lock_wait_timeout']); // 'migrate.lock_wait_timeout'
 * formatKeyPath(['schema_dirs', 1]);               // 'schema_dirs[1]'
 * ```
 */
export function formatKeyPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** `file:line:column` of a config location. */
export function where(location: ConfigLocation): string {
  return formatLocation(location) ?? location.file;
}

/**
 * Builds the single `CONFITURE_CONFIG_INVALID` error that reports every issue at once:
 * the message lists them all, `details.issues` holds them, and `location`/`configPath`
 * point at the first one.
 *
 * @example
 * ```ts
 * const result = validateYaml(schema, text, { file: 'confiture.lint.yml' });
 * if (!result.ok) throw configIssuesError(result.issues);
 * ```
 */
export function configIssuesError(issues: readonly ConfigIssue[], options: { hint?: string } = {}): ConfitureError {
  const first = issues[0];
  const files = [...new Set(issues.map((issue) => issue.location.file))].join(' and ');
  const message =
    issues.length === 1 && first !== undefined
      ? first.message
      : `${files} has ${issues.length} problems:\n${issues.map((issue) => `  - ${issue.message}`).join('\n')}`;
  const suggested = issues.find((issue) => issue.suggestion !== undefined);
  return new ConfitureError({
    code: 'CONFITURE_CONFIG_INVALID',
    message,
    hint:
      options.hint ??
      (issues.length === 1 && suggested?.suggestion !== undefined
        ? `Rename the key to \`${suggested.suggestion}\`.`
        : 'Fix the keys listed above; each line gives the file, line and column.'),
    ...(first === undefined ? {} : { location: first.location, configPath: first.path }),
    details: { issues },
  });
}
