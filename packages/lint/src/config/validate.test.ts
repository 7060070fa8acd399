import { parseYamlWithPositions } from '@confiture/core';
import { describe, expect, it } from 'vitest';
import type { LintRule } from '../types.js';
import { DEFAULT_LINT_CONFIG } from './schema.js';
import { validateLintConfig } from './validate.js';

const file = 'confiture.lint.yml';
const issuesOf = (text: string) => {
  const result = validateLintConfig({ text, file });
  expect(result.ok).toBe(false);
  return result.issues;
};

describe('validateLintConfig', () => {
  it('normalizes a full config: defaults, short forms expanded, long forms kept', () => {
    const result = validateLintConfig({
      file,
      text: `fail_on_warning: true
output_format: sarif
schemas:
  include: [app, 'billing_*']
rules:
  table-naming: off
  unused-index: info
  missing-fk-index:
    severity: warning
    exclude_tables: ['audit.*', legacy_orders]
    exclude_columns: [tenant_id]
`,
    });
    expect(result.ok).toBe(true);
    expect(result.config).toEqual({
      fail_on_error: true,
      fail_on_warning: true,
      output_format: 'sarif',
      schemas: { include: ['app', 'billing_*'], exclude: [] },
      plugins: [],
      rules: {
        'table-naming': { enabled: false },
        'unused-index': { enabled: true, severity: 'info' },
        'missing-fk-index': { severity: 'warning', exclude_tables: ['audit.*', 'legacy_orders'], exclude_columns: ['tenant_id'] },
      },
    });
  });

  it('treats an empty file, an empty section and an empty object as the defaults', () => {
    expect(validateLintConfig({ text: '', file }).config).toEqual(DEFAULT_LINT_CONFIG);
    expect(validateLintConfig({ value: null, file: 'confiture.yaml' }).config).toEqual(DEFAULT_LINT_CONFIG);
    expect(validateLintConfig({}).config).toEqual(DEFAULT_LINT_CONFIG);
  });

  it('reports YAML syntax errors with their position', () => {
    const [issue] = issuesOf('rules:\n  missing-fk-index: [off\n');
    expect(issue?.code).toBe('yaml-syntax');
    expect(issue?.location.file).toBe(file);
    expect(issue?.location.line).toBeGreaterThanOrEqual(2);
  });

  it('names an unknown rule with its position and the closest rule id', () => {
    const [issue] = issuesOf('fail_on_error: true\nrules:\n  missing-fk-indx: off\n');
    expect(issue).toMatchObject({
      code: 'unknown-key',
      path: 'rules.missing-fk-indx',
      location: { file, line: 3, column: 3 },
      suggestion: 'rules.missing-fk-index',
    });
    expect(issue?.message).toBe('Unknown rule `rules.missing-fk-indx` in confiture.lint.yml:3:3. Did you mean `missing-fk-index`?');
  });

  it('lists the known rules when nothing is close', () => {
    const [issue] = issuesOf('rules:\n  frobnicate: off\n');
    expect(issue?.message).toContain('Known rules: missing-primary-key, missing-fk-index');
    expect(issue?.suggestion).toBeUndefined();
  });

  it('suggests the closest key for unknown keys, at every level', () => {
    const issues = issuesOf('fail_on_warnings: true\nrules:\n  missing-fk-index:\n    exclude_table: [x]\n');
    expect(issues.map((i) => [i.path, i.location.line, i.suggestion])).toEqual([
      ['fail_on_warnings', 1, 'fail_on_warning'],
      ['rules.missing-fk-index.exclude_table', 4, 'rules.missing-fk-index.exclude_tables'],
    ]);
  });

  it('rejects wrong short forms and wrong types with the expected values', () => {
    const issues = issuesOf('output_format: xml\nrules:\n  missing-fk-index: warn\n  unused-index:\n    severity: fatal\n');
    expect(issues.map((i) => [i.path, i.location.line])).toEqual([
      ['output_format', 1],
      ['rules.missing-fk-index', 3],
      ['rules.unused-index.severity', 5],
    ]);
    expect(issues[0]?.message).toContain('expected `table`, `json`, `github` or `sarif`');
    expect(issues[1]?.message).toBe(
      'Invalid value for `rules.missing-fk-index` in confiture.lint.yml:3:21: expected `off`, `error`, `warning` or `info` (or a mapping), got `warn`. Did you mean `warning`?',
    );
    expect(issues[2]?.message).toContain('expected `error`, `warning` or `info`');
  });

  it("validates rule options with the rule's own check, at the option's position", () => {
    const custom: LintRule = {
      id: 'acme/max-columns',
      description: 'Tables have few columns.',
      defaultSeverity: 'warning',
      docs: { why: '', bad: '', good: '' },
      defaultOptions: { max: 30 },
      validateOptions: (o) => (typeof o.max === 'number' && o.max > 0 ? [] : [{ path: 'max', message: 'expected a positive number' }]),
      check() {},
    };
    const text = 'rules:\n  acme/max-columns:\n    options:\n      max: -1\n';
    const result = validateLintConfig({ text, file }, { rules: [custom] });
    expect(result.issues).toEqual([
      expect.objectContaining({ path: 'rules.acme/max-columns.options.max', location: { file, line: 4, column: 12 } }),
    ]);
    expect(result.issues[0]?.message).toBe('Invalid option `rules.acme/max-columns.options.max` in confiture.lint.yml:4:12: expected a positive number.');
    expect(validateLintConfig({ text: text.replace('-1', '12'), file }, { rules: [custom] }).ok).toBe(true);
  });

  it('flags unknown options of a rule without an option check, suggesting the known one', () => {
    const custom: LintRule = { id: 'acme/x', description: 'x', defaultSeverity: 'info', docs: { why: '', bad: '', good: '' }, defaultOptions: { threshold: 1 }, check() {} };
    const result = validateLintConfig({ rules: { 'acme/x': { options: { treshold: 2 } } } }, { rules: [custom] });
    expect(result.issues[0]?.message).toBe('Invalid option `rules.acme/x.options.treshold` in the lint config object: unknown option (did you mean `threshold`?).');
  });

  it('validates the built-in rules\u2019 options too', () => {
    const result = validateLintConfig({ rules: { 'unused-index': { options: { minStatsAgeDays: 'seven' } } } });
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.path).toBe('rules.unused-index.options.minStatsAgeDays');
  });

  it('does not check rule ids when plugins are listed but not loaded', () => {
    expect(validateLintConfig({ plugins: ['./rules.js'], rules: { 'acme/custom': 'error' } }).ok).toBe(true);
    expect(validateLintConfig({ rules: { 'acme/custom': 'error' } }).ok).toBe(false);
  });

  it('reads the lint: section of confiture.yaml with full key paths and positions', () => {
    const text = 'schema_dirs: [db/schema]\nlint:\n  fail_on_warning: true\n  rules:\n    pii-colum: info\n';
    const source = parseYamlWithPositions(text, 'confiture.yaml');
    const fromSection = validateLintConfig({ value: (source.value as { lint: unknown }).lint, file: 'confiture.yaml', text });
    expect(fromSection.issues[0]).toMatchObject({ path: 'lint.rules.pii-colum', location: { file: 'confiture.yaml', line: 5, column: 5 }, suggestion: 'lint.rules.pii-column' });
    const fromSource = validateLintConfig(Object.assign(source, { pathPrefix: ['lint'] }));
    expect(fromSource.issues[0]?.message).toBe('Unknown rule `lint.rules.pii-colum` in confiture.yaml:5:5. Did you mean `pii-column`?');
  });

  it('names key paths without fake positions for object configs', () => {
    const result = validateLintConfig({ fail_on_error: 'yes' } as never);
    expect(result.issues[0]?.message).toBe('Wrong type for `fail_on_error` in the lint config object: expected `true` or `false`, got `yes`.');
  });
});
