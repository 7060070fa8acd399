import type { LintRule, Severity } from './types.js';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Rule ids: lower-case words joined by dashes, optionally scoped (`acme/no-public-schema`). */
const RULE_ID = /^(?:[a-z0-9][a-z0-9_-]*\/)?[a-z0-9][a-z0-9_-]*$/;

/**
 * What is wrong with a value meant to be a lint rule, as short phrases; empty when it is one.
 * Custom rules come from user modules, so their shape is checked before the engine trusts them.
 */
export function ruleShapeProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [`expected a rule object, got ${value === null ? 'null' : typeof value}`];
  const rule = value as Partial<Record<keyof LintRule, unknown>>;
  const problems: string[] = [];
  if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id)) {
    problems.push(`\`id\` must be a kebab-case string such as "no-public-schema" (optionally "scope/name"), got ${JSON.stringify(rule.id)}`);
  }
  if (typeof rule.description !== 'string' || rule.description.trim() === '') problems.push('`description` must be a non-empty string');
  if (!SEVERITIES.includes(rule.defaultSeverity as Severity)) problems.push('`defaultSeverity` must be "error", "warning" or "info"');
  const docs = rule.docs as Record<string, unknown> | undefined;
  if (docs === null || typeof docs !== 'object') problems.push('`docs` must be an object { why, bad, good }');
  else for (const key of ['why', 'bad', 'good']) if (typeof docs[key] !== 'string') problems.push(`\`docs.${key}\` must be a string`);
  if (typeof rule.check !== 'function') problems.push('`check` must be a function (snapshot, options, report, context)');
  if (rule.validateOptions !== undefined && typeof rule.validateOptions !== 'function') problems.push('`validateOptions` must be a function');
  if (rule.defaultOptions !== undefined && (rule.defaultOptions === null || typeof rule.defaultOptions !== 'object' || Array.isArray(rule.defaultOptions))) {
    problems.push('`defaultOptions` must be an object');
  }
  return problems;
}

/** Whether a value looks enough like a rule to be reported as a broken one rather than ignored. */
export function looksLikeRule(value: unknown): boolean {
  return value !== null && typeof value === 'object' && ('check' in value || 'id' in value);
}
