import { ConfitureError } from '@confiture/core';
import { ruleShapeProblems } from './rule-shape.js';
import { builtinRules } from './rules/index.js';
import { invalidSuppression } from './suppression-rule.js';
import type { LintRule, Severity } from './types.js';

/** The rules a lint run can use, in a stable order (built-ins first, then custom rules). */
export interface RuleRegistry {
  readonly rules: readonly LintRule[];
  readonly ids: readonly string[];
  get(id: string): LintRule | undefined;
  has(id: string): boolean;
}

/** Options of {@link createRegistry}. */
export interface CreateRegistryOptions {
  /** Custom rules added after the built-in ones. */
  readonly rules?: readonly LintRule<any>[];
  /** Include the ten built-in rules (default true). */
  readonly builtins?: boolean;
}

/**
 * Builds a registry of rules: the built-in ones (unless `builtins: false`), the engine's
 * `invalid-suppression` check, and custom rules. Rule shapes are checked and ids must be unique.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ rules: [noPublicSchema] });
 * registry.ids; // ['missing-primary-key', ..., 'invalid-suppression', 'no-public-schema']
 * ```
 */
export function createRegistry(options: CreateRegistryOptions = {}): RuleRegistry {
  const list: LintRule[] = [];
  const byId = new Map<string, LintRule>();
  const add = (rule: LintRule, origin: string): void => {
    const problems = ruleShapeProblems(rule);
    if (problems.length > 0) {
      throw new ConfitureError({
        code: 'CONFITURE_LINT_RULE_INVALID',
        message: `${origin} is not a valid lint rule: ${problems.join('; ')}.`,
        hint: 'A rule is an object { id, description, defaultSeverity, docs: { why, bad, good }, check(snapshot, options, report, context) }; defineRule() checks it where it is written.',
      });
    }
    if (byId.has(rule.id)) {
      throw new ConfitureError({
        code: 'CONFITURE_LINT_RULE_INVALID',
        message: `Two lint rules have the id "${rule.id}" (${origin} repeats it).`,
        hint: 'Give custom rules their own ids, e.g. with a scope: "acme/no-public-schema".',
      });
    }
    byId.set(rule.id, rule);
    list.push(rule);
  };
  if (options.builtins !== false) for (const rule of builtinRules) add(rule as LintRule, `Built-in rule "${String(rule.id)}"`);
  add(invalidSuppression as LintRule, 'The invalid-suppression rule');
  for (const rule of options.rules ?? []) add(rule as LintRule, `Custom rule ${JSON.stringify((rule as { id?: unknown })?.id ?? '(no id)')}`);
  return {
    rules: list,
    ids: list.map((r) => r.id),
    get: (id) => byId.get(id),
    has: (id) => byId.has(id),
  };
}

/**
 * Declares a custom rule with its option type checked, and its shape validated at once
 * (a `CONFITURE_LINT_RULE_INVALID` error names what is missing).
 *
 * @example
 * ```ts
 * export default defineRule({
 *   id: 'acme/no-public-schema',
 *   description: 'Tables live in an application schema.',
 *   defaultSeverity: 'warning',
 *   docs: { why: 'Everyone can create objects in public by default.', bad: 'create table public.t ();', good: 'create table app.t ();' },
 *   check(snapshot, _options, report) {
 *     for (const t of snapshot.tables)
 *       if (t.schema === 'public')
 *         report({ object: t.qualifiedName, objectKind: 'table', table: t.qualifiedName, message: `${t.qualifiedName} is in public.`, why: 'Use an application schema.', fix: null });
 *   },
 * });
 * ```
 */
export function defineRule<O extends Record<string, unknown> = Record<string, unknown>>(rule: LintRule<O>): LintRule<O> {
  const problems = ruleShapeProblems(rule);
  if (problems.length > 0) {
    throw new ConfitureError({
      code: 'CONFITURE_LINT_RULE_INVALID',
      message: `defineRule(${JSON.stringify((rule as { id?: unknown })?.id ?? '(no id)')}): ${problems.join('; ')}.`,
      hint: 'A rule is an object { id, description, defaultSeverity, docs: { why, bad, good }, check }.',
    });
  }
  return rule;
}

/** One line of `--list-rules`. */
export interface RuleListing {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
}

/**
 * The rules with their default severity and description, for `confiture lint --list-rules`.
 *
 * @example
 * ```ts
 * for (const r of listRules()) console.log(`${r.id.padEnd(22)} ${r.severity.padEnd(8)} ${r.description}`);
 * ```
 */
export function listRules(registry: RuleRegistry = createRegistry()): RuleListing[] {
  return registry.rules.map((r) => ({ id: r.id, severity: r.defaultSeverity, description: r.description }));
}
