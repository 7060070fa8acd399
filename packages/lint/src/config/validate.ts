import {
  closestMatch,
  formatKeyPath,
  parseYamlWithPositions,
  validateWithLocator,
  type ConfigIssue,
  type ConfigLocation,
  type ConfigSection,
  type Locator,
  type PathSegment,
  type YamlSource,
} from '@confiture/core';
import { createRegistry } from '../registry.js';
import type { LintRule } from '../types.js';
import { lintConfigSchema, ruleSettingSchema, RULE_SHORT_FORMS, type LintConfig, type LintConfigInput, type RuleSetting } from './schema.js';

/**
 * Where a lint config comes from:
 * - `{ text, file? }`: the YAML text of `confiture.lint.yml`;
 * - `{ value, file?, text?, pathPrefix? }`: a section of another file (`lint:` of confiture.yaml) with the
 *   whole file's text for positions (the prefix defaults to `['lint']` when the text has that key);
 * - a core `ConfigSection` (`project.sections.lint`) or `YamlSource` (`parseYamlWithPositions`);
 * - a plain {@link LintConfigInput} object (no positions: issues name key paths only).
 */
export type LintConfigSource =
  | { readonly text: string; readonly file?: string }
  | { readonly value: unknown; readonly file?: string; readonly text?: string; readonly pathPrefix?: readonly PathSegment[] }
  | ConfigSection
  | YamlSource
  | LintConfigInput;

/** Options of {@link validateLintConfig}. */
export interface ValidateLintConfigOptions {
  /**
   * Rules known besides the built-in ones (custom rules, loaded plugins). When omitted and the
   * config lists `plugins`, rule ids are not checked (the plugins are not loaded here).
   */
  readonly rules?: readonly LintRule<any>[];
}

/** Outcome of {@link validateLintConfig}: the normalized config or every problem, with positions. */
export type LintConfigValidation =
  | { readonly ok: true; readonly config: LintConfig; readonly issues: readonly [] }
  | { readonly ok: false; readonly config: null; readonly issues: readonly ConfigIssue[] };

const OBJECT_LABEL = 'the lint config object';

/** The value, where it sits, and how to locate key paths in the file, whatever the source form. */
export interface PreparedSource {
  readonly value: unknown;
  readonly file: string | null;
  readonly prefix: readonly PathSegment[];
  readonly locator: Locator;
  readonly syntaxIssues: readonly ConfigIssue[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Normalizes the forms of {@link LintConfigSource} into a value plus a locator. */
export function prepareSource(source: LintConfigSource): PreparedSource {
  const s = source as Record<string, unknown>;
  if (typeof s.locate === 'function' && typeof s.name === 'string' && typeof s.validate === 'function') {
    // A core ConfigSection: its locate() is relative to the section, issue paths are not.
    const section = source as ConfigSection;
    const prefix = [section.name];
    return {
      value: section.value,
      file: section.locate([]).file,
      prefix,
      // Unknown keys (a misspelt rule id) are reported at the key, other problems at the value.
      locator: {
        has: () => true,
        locate: (path, options) => section.locate(path.slice(prefix.length), options?.target === undefined ? {} : { target: options.target }),
      },
      syntaxIssues: [],
    };
  }
  if (typeof s.locate === 'function' && typeof s.has === 'function' && 'value' in s) {
    const yaml = source as YamlSource & { pathPrefix?: readonly PathSegment[] };
    const prefix = yaml.pathPrefix ?? [];
    return { value: valueAt(yaml.value, prefix), file: yaml.file ?? null, prefix, locator: yaml, syntaxIssues: yaml.issues ?? [] };
  }
  if (typeof s.text === 'string' && !('value' in s)) {
    const parsed = parseYamlWithPositions(s.text, typeof s.file === 'string' ? s.file : 'confiture.lint.yml');
    return { value: parsed.value, file: parsed.file, prefix: [], locator: parsed, syntaxIssues: parsed.issues };
  }
  if ('value' in s) {
    const file = typeof s.file === 'string' ? s.file : 'confiture.yaml';
    if (typeof s.text === 'string') {
      const parsed = parseYamlWithPositions(s.text, file);
      const prefix = (s.pathPrefix as readonly PathSegment[] | undefined) ?? (parsed.has(['lint']) ? ['lint'] : []);
      return { value: s.value, file, prefix, locator: parsed, syntaxIssues: [] };
    }
    return { value: s.value, file, prefix: (s.pathPrefix as readonly PathSegment[] | undefined) ?? [], locator: nowhere(file), syntaxIssues: [] };
  }
  return { value: source, file: null, prefix: [], locator: nowhere(OBJECT_LABEL), syntaxIssues: [] };
}

function nowhere(file: string): Locator {
  const location: ConfigLocation = { file, line: 1, column: 1 };
  return { has: () => false, locate: () => location };
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) current = isRecord(current) || Array.isArray(current) ? (current as Record<PathSegment, unknown>)[segment] : undefined;
  return current;
}

/** Object configs have no positions: drop the meaningless `:1:1`. */
export function withoutFakePosition(issue: ConfigIssue, file: string | null): ConfigIssue {
  if (file !== null) return issue;
  return { ...issue, message: issue.message.replaceAll(`${OBJECT_LABEL}:1:1`, OBJECT_LABEL) };
}

/**
 * Validates a lint config (see {@link LintConfigSource} for the accepted forms) and returns the
 * normalized config (defaults filled, short rule forms expanded) or every problem at once, each with
 * its key path, `file:line:column` and, for unknown keys and rule ids, the closest valid name.
 * Never throws; {@link loadLintConfig} throws `CONFITURE_LINT_CONFIG_INVALID` with these issues.
 *
 * @example
 * ```ts
 * const result = validateLintConfig({ text: 'rules:\n  missing-fk-idx: off\n', file: 'confiture.lint.yml' });
 * if (!result.ok) console.error(result.issues[0].message);
 * // Unknown rule `rules.missing-fk-idx` in confiture.lint.yml:2:3. Did you mean `missing-fk-index`?
 * ```
 */
export function validateLintConfig(source: LintConfigSource, options: ValidateLintConfigOptions = {}): LintConfigValidation {
  const prepared = prepareSource(source);
  const { config, issues } = validatePrepared(prepared, options.rules);
  if (config === null) return { ok: false, config: null, issues: issues.map((i) => withoutFakePosition(i, prepared.file)) };
  return { ok: true, config, issues: [] };
}

/**
 * Validation of a prepared source. `rules`: known rules besides the built-ins, undefined when the
 * plugins are not loaded; rule ids are then only checked when the config lists no plugins
 * (`checkIds: 'unless-plugins'` forces that while passing extra rules).
 */
export function validatePrepared(
  prepared: PreparedSource,
  rules: readonly LintRule<any>[] | undefined,
  options: { checkIds?: boolean | 'unless-plugins' } = {},
): { config: LintConfig | null; issues: ConfigIssue[] } {
  if (prepared.syntaxIssues.length > 0) return { config: null, issues: [...prepared.syntaxIssues] };
  const { locator, prefix } = prepared;
  const value = prepared.value ?? {};
  const top = validateWithLocator(lintConfigSchema, value, locator, { pathPrefix: prefix });
  // Rule entries are checked even when other keys are wrong, so every problem is reported at once.
  const issues: ConfigIssue[] = top.ok ? [] : [...top.issues];
  const raw = isRecord(value) ? value : {};
  const declaredRules = isRecord(raw.rules) ? raw.rules : {};
  const pluginsListed = Array.isArray(raw.plugins) && raw.plugins.length > 0;
  const checkIds = options.checkIds === 'unless-plugins' ? !pluginsListed : (options.checkIds ?? (rules !== undefined || !pluginsListed));
  const known = new Map(createRegistry({ rules: rules ?? [], builtins: true }).rules.map((r) => [r.id, r]));
  const settings: Record<string, RuleSetting> = {};

  for (const [id, entry] of Object.entries(declaredRules)) {
    const segments = [...prefix, 'rules', id];
    const rule = known.get(id);
    if (!rule && checkIds) {
      const guess = closestMatch(id, known.keys());
      const location = locator.locate(segments, { target: 'key' });
      issues.push({
        code: 'unknown-key',
        message: `Unknown rule \`${formatKeyPath(segments)}\` in ${where(location)}.${guess ? ` Did you mean \`${guess}\`?` : ` Known rules: ${[...known.keys()].join(', ')}.`}`,
        path: formatKeyPath(segments),
        segments,
        location,
        ...(guess ? { suggestion: formatKeyPath([...prefix, 'rules', guess]) } : {}),
      });
      continue;
    }
    const setting = ruleSetting(entry, segments, locator, issues);
    if (setting === null) continue;
    if (rule && setting.options !== undefined) issues.push(...optionIssues(rule, setting.options, [...segments, 'options'], locator));
    settings[id] = setting;
  }
  if (!top.ok || issues.length > 0) return { config: null, issues: sortIssues(issues) };
  return { config: { ...top.value, rules: settings }, issues: [] };
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
}

function where(location: ConfigLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

function ruleSetting(entry: unknown, segments: PathSegment[], locator: Locator, issues: ConfigIssue[]): RuleSetting | null {
  if (typeof entry === 'string') {
    if (entry === 'off') return { enabled: false };
    if ((RULE_SHORT_FORMS as readonly string[]).includes(entry)) return { enabled: true, severity: entry as 'error' | 'warning' | 'info' };
    const location = locator.locate(segments);
    // `warn` and `err` are abbreviations rather than typos: try a prefix before the edit distance.
    const guess = RULE_SHORT_FORMS.find((form) => entry.length >= 3 && form.startsWith(entry.toLowerCase())) ?? closestMatch(entry, RULE_SHORT_FORMS);
    issues.push({
      code: 'invalid-value',
      message: `Invalid value for \`${formatKeyPath(segments)}\` in ${where(location)}: expected \`off\`, \`error\`, \`warning\` or \`info\` (or a mapping), got \`${entry}\`.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
      path: formatKeyPath(segments),
      segments,
      location,
    });
    return null;
  }
  if (entry === false || entry === true) return { enabled: entry };
  if (entry === null) return {};
  const result = validateWithLocator(ruleSettingSchema, entry, locator, { pathPrefix: segments });
  if (!result.ok) {
    issues.push(...result.issues);
    return null;
  }
  return result.value;
}

function optionIssues(rule: LintRule<any>, options: Readonly<Record<string, unknown>>, segments: PathSegment[], locator: Locator): ConfigIssue[] {
  const merged = { ...(rule.defaultOptions ?? {}), ...options };
  let problems: ReadonlyArray<{ path: string; message: string }>;
  if (rule.validateOptions) {
    try {
      problems = rule.validateOptions(merged);
    } catch (error) {
      problems = [{ path: '', message: `the rule's option check failed: ${error instanceof Error ? error.message : String(error)}` }];
    }
  } else {
    const known = Object.keys(rule.defaultOptions ?? {});
    problems = Object.keys(options)
      .filter((key) => !known.includes(key))
      .map((key) => {
        const guess = closestMatch(key, known);
        return {
          path: key,
          message: known.length === 0 ? `rule \`${rule.id}\` takes no options` : `unknown option${guess ? ` (did you mean \`${guess}\`?)` : `; known options: ${known.join(', ')}`}`,
        };
      });
  }
  return problems.map((p) => {
    const inner = p.path === '' ? [] : p.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const full = [...segments, ...inner];
    const location = locator.locate(locator.has(full) ? full : segments, locator.has(full) ? {} : { target: 'key' });
    return {
      code: 'invalid-value' as const,
      message: `Invalid option \`${formatKeyPath(full)}\` in ${where(location)}: ${p.message}.`.replace(/\.\.$/, '.'),
      path: formatKeyPath(full),
      segments: full,
      location,
    };
  });
}
