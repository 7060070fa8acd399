import { ConfitureError, closestMatch, type Queryable } from '@confiture/core';
import picomatch from 'picomatch';
import { resolveLintConfig, isLoadedLintConfig, type LintConfigInput, type LoadedLintConfig, type RuleSetting } from './config/index.js';
import { fingerprintFindings } from './fingerprint.js';
import { secretRedactor } from './redact.js';
import { createRegistry, type RuleRegistry } from './registry.js';
import { hardcodedSecret } from './rules/hardcoded-secret.js';
import { filterSnapshotSchemas } from './snapshot/filter-snapshot.js';
import { loadSnapshot } from './snapshot/load-snapshot.js';
import { locateObjects } from './source/locate.js';
import { suppressionFor } from './source/apply-suppressions.js';
import { locationResolver } from './source/object-locations.js';
import type {
  Finding,
  FindingInput,
  LintResult,
  LintRule,
  RuleSummary,
  SchemaSnapshot,
  Severity,
  SourceFile,
  SuppressedFinding,
} from './types.js';

/** Options of {@link lint} besides the config. */
export interface LintOptions {
  /** Custom rules to add to the built-in ones (plugins listed in the config are loaded too). */
  readonly rules?: readonly LintRule<any>[];
  /** A registry to use instead of built-ins + `rules` + config plugins. */
  readonly registry?: RuleRegistry;
  /** Only run these rules: ids or id prefixes (`missing-` selects every `missing-*` rule). */
  readonly select?: readonly string[];
  /** Do not run these rules: ids or id prefixes. Applied after `select`. */
  readonly ignore?: readonly string[];
  /**
   * Rows to sample per column for rules that look at values (`pii-column`); 0 (default) never reads
   * table data. A whole number, 0 or more; a snapshot needs `queryable` to be sampled.
   */
  readonly sample?: number;
  /** The live database for value sampling when linting a snapshot. Defaults to the queryable being linted. */
  readonly queryable?: Queryable;
  /** Schema and migration files: passed to {@link loadSnapshot}, or attached to a snapshot that has none. */
  readonly files?: readonly SourceFile[];
  /** Passed to {@link loadSnapshot} when linting a queryable. */
  readonly source?: 'database' | 'embedded';
  /** Also return the findings that inline comments suppressed (`result.suppressed`). */
  readonly includeSuppressed?: boolean;
  /** Directory that relative `plugins` paths of a plain config object are resolved from (default: cwd). */
  readonly baseDir?: string;
}

/** A finding being built from a rule's input, before its fingerprint. */
type Draft = { -readonly [K in keyof Omit<Finding, 'fingerprint'>]: Omit<Finding, 'fingerprint'>[K] };

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const OBJECT_KINDS = new Set(['table', 'column', 'index', 'constraint', 'view', 'function', 'comment', 'file']);

function isSnapshot(value: unknown): value is SchemaSnapshot {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as SchemaSnapshot).version === 1 &&
    Array.isArray((value as SchemaSnapshot).tables) &&
    typeof (value as { query?: unknown }).query !== 'function'
  );
}

const matchesRule = (patterns: readonly string[], id: string): boolean => patterns.some((p) => id === p || id.startsWith(p));

function checkPatterns(kind: 'select' | 'ignore', patterns: readonly string[], ids: readonly string[]): void {
  for (const pattern of patterns) {
    if (ids.some((id) => id === pattern || id.startsWith(pattern))) continue;
    const guess = closestMatch(pattern, ids);
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `--${kind} ${pattern} matches no rule${guess ? ` (did you mean "${guess}"?)` : ''}.`,
      hint: `Give rule ids or id prefixes; \`confiture lint --list-rules\` lists them: ${ids.join(', ')}.`,
    });
  }
}

/**
 * Lints a database (any {@link Queryable}: a node-postgres client, PGlite, a core connection) or a
 * {@link SchemaSnapshot}. Returns a versioned, JSON-serializable {@link LintResult}; never prints.
 *
 * The config is the object form of `confiture.lint.yml` (validated here; a problem throws
 * `CONFITURE_LINT_CONFIG_INVALID`) or what {@link loadLintConfig} returned. It applies rule
 * enablement and severities (a severity set in config applies to every finding of the rule),
 * `exclude_tables` (globs matched against `schema.table` and `table`), `exclude_columns`
 * (globs matched against `column`, `table.column` and `schema.table.column`), rule options,
 * schema filters and inline `confiture-lint-ignore` comments. Credentials quoted in any text of the
 * result are masked (with `hardcoded-secret`'s allow list and entropy threshold), whatever the rule.
 *
 * @example
 * ```ts
 * const result = await lint(client, { rules: { 'table-naming': 'off', 'missing-fk-index': { exclude_tables: ['audit.*'] } } });
 * for (const f of result.findings) console.log(f.severity, f.rule, f.object, f.message);
 * if (shouldFail(result)) process.exitCode = 1;
 * ```
 */
export async function lint(
  target: Queryable | SchemaSnapshot,
  config?: LintConfigInput | LoadedLintConfig | null,
  options: LintOptions = {},
): Promise<LintResult> {
  const loaded = isLoadedLintConfig(config)
    ? config
    : await resolveLintConfig(config ?? {}, { baseDir: options.baseDir ?? process.cwd(), extraRules: options.rules ?? [] });
  const registry = options.registry ?? createRegistry({ rules: [...loaded.plugins, ...(options.rules ?? [])] });
  const settings = loaded.config.rules;

  checkSample(options, target);
  checkPatterns('select', options.select ?? [], registry.ids);
  checkPatterns('ignore', options.ignore ?? [], registry.ids);
  for (const id of Object.keys(settings)) {
    if (!registry.has(id)) {
      throw new ConfitureError({
        code: 'CONFITURE_LINT_CONFIG_INVALID',
        message: `The lint config sets the unknown rule "${id}".`,
        hint: `Known rules: ${registry.ids.join(', ')}.`,
        configPath: `rules.${id}`,
      });
    }
  }

  let snapshot: SchemaSnapshot;
  if (isSnapshot(target)) {
    snapshot = filterSnapshotSchemas(target, loaded.config.schemas);
    if (snapshot.files.length === 0 && options.files?.length) snapshot = { ...snapshot, files: [...options.files] };
    // A hand-built or older snapshot with files but no locations: locate now.
    if (snapshot.suppressions === undefined && snapshot.files.length > 0) snapshot = await locateObjects(snapshot);
  } else {
    snapshot = await loadSnapshot(target, {
      schemas: loaded.config.schemas,
      ...(options.files ? { files: options.files } : {}),
      ...(options.source ? { source: options.source } : {}),
    });
  }
  const queryable = options.queryable ?? (isSnapshot(target) ? undefined : target);
  const locate = locationResolver(snapshot);

  const enabled = registry.rules.filter((rule) => {
    const setting = settings[rule.id];
    const explicitlySelected = (options.select ?? []).includes(rule.id);
    if (setting?.enabled === false && !explicitlySelected) return false;
    if (options.select?.length && !matchesRule(options.select, rule.id)) return false;
    return !matchesRule(options.ignore ?? [], rule.id);
  });

  // The hardcoded-secret settings (allow list, entropy) decide what counts as a secret everywhere.
  const secretOptions = { ...hardcodedSecret.defaultOptions, ...(settings[hardcodedSecret.id]?.options ?? {}) } as { entropyThreshold?: number; allow?: string[] };
  const mask = secretRedactor(secretOptions);
  const findings: Array<Omit<Finding, 'fingerprint'>> = [];
  const suppressed: Array<Omit<SuppressedFinding, 'fingerprint'>> = [];
  const skipped: Array<{ rule: string; reason: string }> = [];
  const ran: RuleSummary[] = [];

  for (const rule of enabled) {
    const setting = settings[rule.id];
    const reported: FindingInput[] = [];
    let skipReason: string | null = null;
    const ruleOptions = { ...(rule.defaultOptions ?? {}), ...(setting?.options ?? {}) };
    try {
      await rule.check(snapshot, ruleOptions, (finding) => void reported.push(finding), {
        ...(queryable ? { queryable } : {}),
        sample: options.sample ?? 0,
        ruleIds: registry.ids,
        skip: (reason: string) => {
          skipReason = String(reason);
        },
      });
    } catch (cause) {
      throw new ConfitureError({
        code: 'CONFITURE_LINT_RULE_FAILED',
        message: `Lint rule "${rule.id}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        hint: `Disable it to lint without it (rules: { ${rule.id}: off } or --ignore ${rule.id}) and report the problem to the rule's author.`,
        details: { rule: rule.id },
        cause,
      });
    }
    if (skipReason !== null) {
      skipped.push({ rule: rule.id, reason: mask(skipReason) });
      continue;
    }
    const severity = setting?.severity ?? rule.defaultSeverity;
    ran.push({ id: rule.id, description: rule.description, severity, docs: rule.docs });
    const excluded = exclusionMatcher(setting);
    for (const input of reported) {
      checkFinding(rule.id, input);
      if (excluded(input)) continue;
      // Object.assign rather than a spread: inputs come in many shapes (one per rule and per
      // optional field), where a spread falls back to a slow generic copy.
      const finding = Object.assign({}, input) as Draft;
      finding.rule = rule.id;
      finding.severity = setting?.severity ?? input.severity ?? rule.defaultSeverity;
      finding.location = input.location ?? locate(input);
      finding.message = mask(input.message);
      finding.why = typeof input.why === 'string' ? mask(input.why) : input.why;
      finding.fix = typeof input.fix === 'string' ? mask(input.fix) : input.fix;
      const suppression = suppressionFor(snapshot, finding);
      if (suppression) suppressed.push({ ...finding, suppression: { ...suppression, reason: mask(suppression.reason) } });
      else findings.push(finding);
    }
  }

  const sorted = fingerprintFindings(findings).sort(compareFindings);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of sorted) counts[f.severity]++;
  return {
    version: 1,
    findings: sorted,
    skipped,
    ...(options.includeSuppressed ? { suppressed: fingerprintFindings(suppressed).sort(compareFindings) } : {}),
    summary: {
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      suppressed: suppressed.length,
      rules: ran.length,
      tables: snapshot.tables.length,
      objects: snapshot.tables.length + snapshot.views.length + snapshot.indexes.length + snapshot.constraints.length + snapshot.functions.length,
    },
    rules: ran,
    source: snapshot.source,
    ...(snapshot.sourceErrors?.length ? { sourceErrors: snapshot.sourceErrors.map((e) => ({ file: e.file, message: mask(e.message) })) } : {}),
  };
}

// `sample` reads table data: a value that is not a row count is a usage error, not a silent no-op.
function checkSample(options: LintOptions, target: Queryable | SchemaSnapshot): void {
  const sample = options.sample;
  if (sample === undefined) return;
  if (typeof sample !== 'number' || !Number.isInteger(sample) || sample < 0) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `The sample size (--sample) must be a whole number of rows per column, 0 or more; got ${typeof sample === 'string' ? JSON.stringify(sample) : String(sample)}.`,
      hint: 'Give for instance --sample 50 (lint option `sample: 50`), or leave it out to read no table data.',
    });
  }
  if (sample > 0 && isSnapshot(target) && options.queryable === undefined) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `sample: ${sample} asks for values, but a snapshot holds none and no live database was given.`,
      hint: 'Pass the database as `queryable` next to `sample` (lint(snapshot, config, { sample, queryable })), or lint the database itself.',
    });
  }
}

function checkFinding(rule: string, input: FindingInput): void {
  if (
    input !== null &&
    typeof input === 'object' &&
    typeof input.object === 'string' &&
    input.object !== '' &&
    OBJECT_KINDS.has(input.objectKind) &&
    typeof input.message === 'string' &&
    input.message !== '' &&
    (input.severity === undefined || input.severity in SEVERITY_RANK)
  ) {
    return;
  }
  const problems: string[] = [];
  if (input === null || typeof input !== 'object') problems.push('a finding must be an object');
  else {
    if (typeof input.object !== 'string' || input.object === '') problems.push('`object` must be a non-empty string');
    if (!OBJECT_KINDS.has(input.objectKind)) problems.push(`\`objectKind\` must be one of ${[...OBJECT_KINDS].join(', ')}`);
    if (typeof input.message !== 'string' || input.message === '') problems.push('`message` must be a non-empty string');
    if (input.severity !== undefined && !(input.severity in SEVERITY_RANK)) problems.push('`severity` must be error, warning or info');
  }
  if (problems.length === 0) return;
  throw new ConfitureError({
    code: 'CONFITURE_LINT_RULE_FAILED',
    message: `Lint rule "${rule}" reported a malformed finding: ${problems.join('; ')}.`,
    hint: 'report({ object, objectKind, message, why, fix, table?, column?, severity?, location? }) — see FindingInput.',
    details: { rule },
  });
}

/** `exclude_tables` / `exclude_columns` of one rule as a predicate over findings. */
function exclusionMatcher(setting: RuleSetting | undefined): (finding: FindingInput) => boolean {
  const tables = setting?.exclude_tables?.length ? picomatch([...setting.exclude_tables]) : null;
  const columns = setting?.exclude_columns?.length ? picomatch([...setting.exclude_columns]) : null;
  if (!tables && !columns) return () => false;
  return (finding) => {
    const qualified = finding.table ?? (finding.objectKind === 'table' ? finding.object : undefined);
    const bare = qualified?.slice(qualified.indexOf('.') + 1);
    if (tables && qualified !== undefined && (tables(qualified) || (bare !== undefined && tables(bare)))) return true;
    const column = finding.column ?? (finding.objectKind === 'column' && qualified ? finding.object.slice(qualified.length + 1) : undefined);
    if (columns && column !== undefined) {
      const candidates = [column, ...(bare ? [`${bare}.${column}`] : []), ...(qualified ? [`${qualified}.${column}`] : [])];
      if (candidates.some((c) => columns(c))) return true;
    }
    return false;
  };
}

/** Errors first, then rule id, object, and position, so output is stable between runs. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    cmp(a.rule, b.rule) ||
    cmp(a.object, b.object) ||
    cmp(a.location?.file ?? '', b.location?.file ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    cmp(a.message, b.message)
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
