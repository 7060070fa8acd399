import { z } from 'zod';
import type { LintRule, Severity } from '../types.js';

/** Output formats of the reporters. */
export const OUTPUT_FORMATS = ['table', 'json', 'github', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The short forms a rule entry may take: `missing-fk-index: off` or `table-naming: info`. */
export const RULE_SHORT_FORMS = ['off', 'error', 'warning', 'info'] as const;

const globList = z.array(z.string().min(1));

/** The long form of a rule entry. */
export const ruleSettingSchema = z.strictObject({
  enabled: z.boolean().optional().describe('Run the rule (default true).'),
  severity: z.enum(['error', 'warning', 'info']).optional().describe('Severity of every finding of the rule.'),
  exclude_tables: globList.optional().describe('Globs matched against `schema.table` and `table`.'),
  exclude_columns: globList.optional().describe('Globs matched against `column`, `table.column` and `schema.table.column`.'),
  options: z.record(z.string(), z.unknown()).optional().describe("The rule's options, merged over its defaults."),
});

/**
 * `confiture.lint.yml` (or the `lint:` section of confiture.yaml). Rule entries are checked one by
 * one afterwards (their ids must be known and their options valid), hence `z.unknown()` here.
 */
export const lintConfigSchema = z.strictObject({
  fail_on_error: z.boolean().default(true).describe('Exit 1 when there are errors.'),
  fail_on_warning: z.boolean().default(false).describe('Exit 1 when there are warnings.'),
  output_format: z.enum(OUTPUT_FORMATS).default('table').describe('table, json, github or sarif.'),
  schemas: z
    .strictObject({
      include: globList.default([]),
      exclude: globList.default([]),
    })
    .default({ include: [], exclude: [] })
    .describe('Schema globs to lint; system schemas never are.'),
  plugins: z.array(z.string().min(1)).default([]).describe('ES modules exporting custom rules, relative to the config file.'),
  rules: z.record(z.string(), z.unknown()).default({}).describe('Per-rule settings: off|error|warning|info or { enabled, severity, exclude_tables, exclude_columns, options }.'),
});

/** Settings of one rule after validation (short forms expanded). */
export interface RuleSetting {
  readonly enabled?: boolean;
  readonly severity?: Severity;
  readonly exclude_tables?: readonly string[];
  readonly exclude_columns?: readonly string[];
  readonly options?: Readonly<Record<string, unknown>>;
}

/** A validated lint config, every default filled in; `plugins` are absolute paths once loaded. */
export interface LintConfig {
  readonly fail_on_error: boolean;
  readonly fail_on_warning: boolean;
  readonly output_format: OutputFormat;
  readonly schemas: { readonly include: readonly string[]; readonly exclude: readonly string[] };
  readonly plugins: readonly string[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

/** The config as written (in YAML or as an object): every key optional, short rule forms allowed. */
export interface LintConfigInput {
  readonly fail_on_error?: boolean;
  readonly fail_on_warning?: boolean;
  readonly output_format?: OutputFormat;
  readonly schemas?: { readonly include?: readonly string[]; readonly exclude?: readonly string[] };
  readonly plugins?: readonly string[];
  readonly rules?: Readonly<Record<string, RuleSetting | (typeof RULE_SHORT_FORMS)[number]>>;
}

/** A config ready for {@link lint}: validated, plugins loaded. */
export interface LoadedLintConfig {
  readonly config: LintConfig;
  /** Absolute path of the file it came from, or null (defaults, or an object). */
  readonly file: string | null;
  /** Rules exported by the config's plugins, in order. */
  readonly plugins: readonly LintRule[];
}

/** The config used when there is no file: every rule on at its default severity. */
export const DEFAULT_LINT_CONFIG: LintConfig = Object.freeze({
  fail_on_error: true,
  fail_on_warning: false,
  output_format: 'table',
  schemas: Object.freeze({ include: [], exclude: [] }),
  plugins: [],
  rules: Object.freeze({}),
});
