import { isConfitureError } from '@confiture/core';
import { describe, expect, it } from 'vitest';
import { createRegistry, defineRule, listRules } from './registry.js';
import { builtinRules } from './rules/index.js';
import { shouldFail } from './should-fail.js';
import type { LintResult, LintRule } from './types.js';

const rule = (id: string): LintRule => ({ id, description: `Rule ${id}.`, defaultSeverity: 'warning', docs: { why: 'w', bad: 'b', good: 'g' }, check() {} });

function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    expect(isConfitureError(error)).toBe(true);
    return error;
  }
  throw new Error('expected an error');
}

describe('createRegistry', () => {
  it('holds the ten built-in rules in order, the suppression check, then custom rules', () => {
    const registry = createRegistry({ rules: [rule('acme/a')] });
    expect(registry.ids).toEqual([...builtinRules.map((r) => r.id), 'invalid-suppression', 'acme/a']);
    expect(registry.ids.slice(0, 10)).toEqual([
      'missing-primary-key',
      'missing-fk-index',
      'redundant-index',
      'unused-index',
      'table-naming',
      'column-naming',
      'missing-foreign-key',
      'orphaned-table',
      'pii-column',
      'hardcoded-secret',
    ]);
    expect(registry.get('acme/a')?.description).toBe('Rule acme/a.');
    expect(registry.has('nope')).toBe(false);
    expect(createRegistry({ builtins: false }).ids).toEqual(['invalid-suppression']);
  });

  it('rejects duplicate ids and malformed rules with CONFITURE_LINT_RULE_INVALID', () => {
    const dup = thrown(() => createRegistry({ rules: [rule('missing-fk-index')] }));
    expect(dup.code).toBe('CONFITURE_LINT_RULE_INVALID');
    expect(dup.message).toContain('Two lint rules have the id "missing-fk-index"');
    const bad = thrown(() => createRegistry({ rules: [{ ...rule('acme/x'), defaultSeverity: 'fatal', check: undefined } as unknown as LintRule] }));
    expect(bad.message).toBe(
      'Custom rule "acme/x" is not a valid lint rule: `defaultSeverity` must be "error", "warning" or "info"; `check` must be a function (snapshot, options, report, context).',
    );
  });
});

describe('defineRule and listRules', () => {
  it('returns a valid rule as it is and rejects a broken one at once', () => {
    const r = rule('acme/ok');
    expect(defineRule(r)).toBe(r);
    expect(thrown(() => defineRule({ ...r, id: 'Not An Id' })).message).toContain('`id` must be a kebab-case string');
  });

  it('lists id, default severity and description of every rule', () => {
    const listed = listRules();
    expect(listed).toHaveLength(11);
    expect(listed[0]).toEqual({ id: 'missing-primary-key', severity: 'error', description: builtinRules[0]!.description });
    expect(listed.every((l) => l.description.length > 0)).toBe(true);
  });
});

describe('shouldFail', () => {
  const result = (errors: number, warnings: number, infos = 0): LintResult => ({
    version: 1,
    findings: [],
    skipped: [],
    summary: { errors, warnings, infos, suppressed: 0, rules: 1, tables: 1, objects: 1 },
    rules: [],
    source: 'database',
  });

  it('fails on errors by default, never on infos', () => {
    expect(shouldFail(result(1, 0))).toBe(true);
    expect(shouldFail(result(0, 3, 5))).toBe(false);
    expect(shouldFail(result(1, 0), { fail_on_error: false })).toBe(false);
  });

  it('fails on warnings when the config or the caller asks', () => {
    expect(shouldFail(result(0, 1), { fail_on_warning: true })).toBe(true);
    expect(shouldFail(result(0, 1), null, { failOnWarning: true })).toBe(true);
    expect(shouldFail(result(0, 1), { fail_on_warning: true }, { failOnWarning: false })).toBe(false);
  });
});
