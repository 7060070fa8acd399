import type { z } from 'zod';
import { redactUrl } from '../connection/url.js';
import { closestMatch } from './did-you-mean.js';
import { formatKeyPath, where, type ConfigIssue, type PathSegment } from './issues.js';
import { describePath, parseYamlWithPositions, valueAt, type Locator, type YamlSource } from './yaml-source.js';
import { allKeyPaths, allowedKeysAt } from './zod-shape.js';

/** Outcome of a validation: the parsed value, or every problem found. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Options for {@link validateYaml} and {@link validateWithLocator}. */
export interface ValidateYamlOptions {
  /** File name for messages when `input` is text. Defaults to `<yaml>`. */
  readonly file?: string;
  /**
   * Validate only the value under this key path (e.g. `['lint']` for the `lint:` section of
   * confiture.yaml). Reported paths and positions still start from the top of the file.
   */
  readonly pathPrefix?: readonly PathSegment[];
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: '`true` or `false`',
  bigint: 'an integer',
  null: 'an empty value',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  set: 'a list',
  date: 'a date',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function plural(count: number | bigint, word: string): string {
  return `${count} ${word}${Number(count) === 1 ? '' : 's'}`;
}

/**
 * Messages for zod's built-in checks, phrased as "expected …" so they read well after
 * "Invalid value for `key` in file:line:column:". Messages a schema sets itself win over these.
 */
const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeName(issue.expected)}`;
    case 'invalid_union': {
      const expected = [
        ...new Set(issue.errors.flat().filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0).map((inner) => typeName((inner as { expected: string }).expected))),
      ];
      return expected.length > 0 ? `expected ${joinOr(expected)}` : 'expected a value of one of the allowed forms';
    }
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set') return `expected at least ${plural(issue.minimum, 'item')}`;
      if (issue.origin === 'string') return Number(issue.minimum) === 1 ? 'expected a non-empty string' : `expected at least ${plural(issue.minimum, 'character')}`;
      return `expected a number ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set') return `expected at most ${plural(issue.maximum, 'item')}`;
      if (issue.origin === 'string') return `expected at most ${plural(issue.maximum, 'character')}`;
      return `expected a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern !== undefined ? `expected a string matching ${issue.pattern}` : `expected a valid ${issue.format}`;
    case 'invalid_value':
      return `expected ${joinOr(issue.values.map((value) => `\`${String(value)}\``))}`;
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}`;
    case 'invalid_key':
      return 'expected valid keys';
    case 'invalid_element':
      return 'expected valid entries';
    default:
      return undefined;
  }
};

// Values under keys like these may be secrets: never echo them back.
const SECRET_KEY = /pass|secret|token|credential|url|dsn|key/i;

/** What the file actually holds, for "got …"; undefined when it must not be shown. */
function describeReceived(value: unknown, path: readonly PathSegment[]): string | undefined {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'boolean':
    case 'number':
      return `\`${String(value)}\``;
    case 'string': {
      const key = [...path].reverse().find((segment): segment is string => typeof segment === 'string');
      if (key !== undefined && SECRET_KEY.test(key)) return undefined;
      const shown = value.includes('://') ? redactUrl(value) : value;
      return shown.length > 60 ? `\`${shown.slice(0, 57)}...\`` : `\`${shown}\``;
    }
    default:
      return undefined;
  }
}

/** A wrong type, including a value that fits none of a union's types. */
function isTypeMismatch(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'invalid_type') return true;
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return false;
  return issue.errors.every((branch) => branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
}

/** File order as first met (a merged value spans files), then line and column. */
function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const fileOrder = new Map<string, number>();
  for (const issue of issues) if (!fileOrder.has(issue.location.file)) fileOrder.set(issue.location.file, fileOrder.size);
  return issues.sort(
    (a, b) =>
      (fileOrder.get(a.location.file) ?? 0) - (fileOrder.get(b.location.file) ?? 0) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column,
  );
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

function unknownKeyIssue(schema: z.ZodType, locator: Locator, parent: PathSegment[], schemaParent: PathSegment[], key: string): ConfigIssue {
  const segments = [...parent, key];
  const location = locator.locate(segments, { target: 'key' });
  const siblings = allowedKeysAt(schema, schemaParent);
  let suggestion: string | undefined;
  const close = closestMatch(key, siblings);
  if (close !== undefined) {
    suggestion = formatKeyPath([...parent, close]);
  } else {
    // Right name, wrong level (`lock_wait_timeout` at the top): point at where it belongs.
    const here = formatKeyPath(schemaParent);
    const elsewhere = allKeyPaths(schema).filter((path) => formatKeyPath(path.slice(0, -1)) !== here);
    // A dotted key (`migrate.lock_timeout:`) is the full path written flat.
    const full = closestMatch(key, elsewhere.map((path) => formatKeyPath(path)));
    const leaf = closestMatch(key, new Set(elsewhere.map((path) => String(path.at(-1)))));
    const target = elsewhere.find((path) => formatKeyPath(path) === full) ?? elsewhere.find((path) => path.at(-1) === leaf);
    if (target !== undefined) suggestion = formatKeyPath([...parent.slice(0, parent.length - schemaParent.length), ...target]);
  }
  const tail =
    suggestion !== undefined
      ? ` Did you mean \`${suggestion}\`?`
      : siblings.length > 0
        ? ` Allowed keys ${schemaParent.length === 0 && parent.length === 0 ? 'at the top level' : `under \`${formatKeyPath(parent)}\``}: ${siblings.join(', ')}.`
        : '';
  return {
    code: 'unknown-key',
    message: `Unknown key \`${formatKeyPath(segments)}\` in ${where(location)}.${tail}`,
    path: formatKeyPath(segments),
    segments,
    location,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

/**
 * Validates a value against any zod 4 schema and reports each problem with the key path,
 * the `file:line:column` given by `locator`, and for unknown keys of strict objects a
 * "did you mean" suggestion. This is the engine behind {@link validateYaml}; use it directly
 * when the value comes from several files (a base file merged with an override).
 *
 * @example
 * ```ts
 * const source = parseYamlWithPositions(text, 'hooks.yaml');
 * const result = validateWithLocator(hooksSchema, source.value, source);
 * ```
 */
export function validateWithLocator<S extends z.ZodType>(
  schema: S,
  value: unknown,
  locator: Locator,
  options: { readonly pathPrefix?: readonly PathSegment[] } = {},
): ValidationResult<z.output<S>> {
  const prefix = [...(options.pathPrefix ?? [])];
  const parsed = schema.safeParse(value, { error: errorMap });
  if (parsed.success) return { ok: true, value: parsed.data };

  const issues: ConfigIssue[] = [];
  for (const issue of parsed.error.issues) {
    const inner = toSegments(issue.path);
    const segments = [...prefix, ...inner];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push(unknownKeyIssue(schema, locator, segments, inner, key));
      continue;
    }
    const received = valueAt(value, inner);
    const location = locator.locate(segments);
    const path = formatKeyPath(segments);
    const reason = issue.message;
    let message: string;
    let code: ConfigIssue['code'];
    const parentValue = valueAt(value, inner.slice(0, -1));
    const missing = received === undefined && inner.length > 0 && typeof parentValue === 'object' && parentValue !== null && !Array.isArray(parentValue);
    if (missing) {
      code = 'missing-key';
      const parent = segments.slice(0, -1);
      message = `Missing key ${describePath(segments)} in ${where(location)}${parent.length > 0 ? ` (under \`${formatKeyPath(parent)}\`)` : ''}: ${reason}.`;
    } else {
      code = isTypeMismatch(issue) ? 'wrong-type' : 'invalid-value';
      const got = describeReceived(received, segments);
      const subject = segments.length === 0 ? `the top level of ${location.file}` : describePath(segments);
      message = `${code === 'wrong-type' ? 'Wrong type' : 'Invalid value'} for ${subject} in ${where(location)}: ${reason}${got === undefined ? '' : `, got ${got}`}.`;
    }
    issues.push({ code, message, path, segments, location });
  }
  return { ok: false, issues: sortIssues(issues) };
}

/**
 * Parses (when given text) and validates YAML against any zod 4 schema. Never throws:
 * syntax errors and schema problems all come back as issues with `file:line:column`, the
 * key path, and for unknown keys a suggestion. Wrap the issues with `configIssuesError`
 * to throw them as one `CONFITURE_CONFIG_INVALID`.
 *
 * @example
 * ```ts
 * const schema = z.strictObject({ rules: z.record(z.string(), z.enum(['error', 'warning', 'off'])) });
 * const result = validateYaml(schema, await readFile('confiture.lint.yml', 'utf8'), { file: 'confiture.lint.yml' });
 * if (!result.ok) throw configIssuesError(result.issues);
 * result.value.rules;
 * ```
 */
export function validateYaml<S extends z.ZodType>(schema: S, input: string | YamlSource, options: ValidateYamlOptions = {}): ValidationResult<z.output<S>> {
  const source = typeof input === 'string' ? parseYamlWithPositions(input, options.file ?? '<yaml>') : input;
  if (source.issues.length > 0) return { ok: false, issues: source.issues };
  const prefix = options.pathPrefix ?? [];
  return validateWithLocator(schema, valueAt(source.value, prefix), source, { pathPrefix: prefix });
}
