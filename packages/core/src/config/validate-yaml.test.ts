import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isConfitureError } from '../errors.js';
import { configIssuesError } from './issues.js';
import { validateYaml } from './validate-yaml.js';
import { parseYamlWithPositions } from './yaml-source.js';

// A schema shaped like another package's own config file (lint), to show the helper is generic.
const ruleSchema = z.strictObject({ severity: z.enum(['error', 'warning', 'off']), exclude: z.array(z.string()).optional() });
const lintSchema = z.strictObject({
  extends: z.string().optional(),
  rules: z.record(z.string(), ruleSchema).optional(),
  report: z.strictObject({ format: z.enum(['text', 'json']), api_token: z.string().regex(/^tok_/).optional() }).optional(),
  limits: z.union([z.number(), z.boolean()]).optional(),
});

describe('validateYaml', () => {
  it('returns the parsed value when the file is valid', () => {
    const result = validateYaml(lintSchema, 'rules:\n  fk-index:\n    severity: error\n', { file: 'confiture.lint.yml' });
    expect(result).toEqual({ ok: true, value: { rules: { 'fk-index': { severity: 'error' } } } });
  });

  it('reports unknown keys inside records of strict objects with a suggestion', () => {
    const text = 'rules:\n  fk-index:\n    severity: error\n    exlude: [a]\n';
    const result = validateYaml(lintSchema, text, { file: 'confiture.lint.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'unknown-key',
        path: 'rules.fk-index.exlude',
        suggestion: 'rules.fk-index.exclude',
        location: { file: 'confiture.lint.yml', line: 4, column: 5 },
        message: 'Unknown key `rules.fk-index.exlude` in confiture.lint.yml:4:5. Did you mean `rules.fk-index.exclude`?',
      }),
    ]);
  });

  it('lists the allowed keys when no key is close', () => {
    const result = validateYaml(lintSchema, 'report:\n  format: text\n  colour: red\n', { file: 'l.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toBe('Unknown key `report.colour` in l.yml:3:3. Allowed keys under `report`: format, api_token.');
    expect(result.issues[0]?.suggestion).toBeUndefined();
  });

  it('reports a missing required key at its parent', () => {
    const result = validateYaml(lintSchema, 'report:\n  api_token: x\n', { file: 'l.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ code: 'missing-key', path: 'report.format', location: { line: 1, column: 1 } });
    expect(result.issues[0]?.message).toBe('Missing key `report.format` in l.yml:1:1 (under `report`): expected `text` or `json`.');
  });

  it('says what was expected and what was found', () => {
    const result = validateYaml(lintSchema, 'rules:\n  fk-index:\n    severity: fatal\nlimits: [1]\nextends: 3\n', { file: 'l.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.message)).toEqual([
      'Invalid value for `rules.fk-index.severity` in l.yml:3:15: expected `error`, `warning` or `off`, got `fatal`.',
      'Wrong type for `limits` in l.yml:4:9: expected a number or `true` or `false`, got a list.',
      'Wrong type for `extends` in l.yml:5:10: expected a string, got `3`.',
    ]);
  });

  it('never echoes values of secret-looking keys', () => {
    const result = validateYaml(lintSchema, 'report:\n  format: text\n  api_token: hunter2\n', { file: 'l.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toBe('Invalid value for `report.api_token` in l.yml:3:14: expected a string matching /^tok_/.');
    expect(JSON.stringify(result.issues)).not.toContain('hunter2');
  });

  it('returns syntax errors instead of validating a broken file', () => {
    const result = validateYaml(lintSchema, 'rules: [\n', { file: 'l.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.every((issue) => issue.code === 'yaml-syntax')).toBe(true);
  });

  it('validates a section of a larger file with full paths and positions', () => {
    const source = parseYamlWithPositions('schema_dirs: [db/schema]\nlint:\n  rules:\n    fk-index:\n      severty: error\n', 'confiture.yaml');
    const result = validateYaml(lintSchema, source, { pathPrefix: ['lint'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.path, issue.suggestion, issue.location.line, issue.location.column])).toEqual([
      ['lint.rules.fk-index.severity', undefined, 4, 5],
      ['lint.rules.fk-index.severty', 'lint.rules.fk-index.severity', 5, 7],
    ]);
  });

  it('turns issues into one ConfitureError that lists them all', () => {
    const result = validateYaml(lintSchema, 'extends: 1\nrulez: {}\n', { file: 'l.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = configIssuesError(result.issues);
    expect(isConfitureError(error)).toBe(true);
    expect(error.code).toBe('CONFITURE_CONFIG_INVALID');
    expect(error.message).toBe(
      'l.yml has 2 problems:\n  - Wrong type for `extends` in l.yml:1:10: expected a string, got `1`.\n  - Unknown key `rulez` in l.yml:2:1. Did you mean `rules`?',
    );
    expect(error.location).toEqual({ file: 'l.yml', line: 1, column: 10 });
    expect(error.configPath).toBe('extends');
    expect(error.details?.issues).toHaveLength(2);
  });
});
