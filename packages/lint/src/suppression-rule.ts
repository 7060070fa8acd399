import { closestMatch } from '@confiture/core';
import type { LintRule } from './types.js';

const WHY =
  'An inline suppression silences a rule for good, so it must say why (for the next reader) and name rules ' +
  'that exist; one that is malformed silences nothing and would otherwise go unnoticed.';

/**
 * `invalid-suppression`: `-- confiture-lint-ignore` comments that cannot apply: no reason given,
 * an unknown rule id, or no statement right below. Such a comment does not suppress anything.
 */
export const invalidSuppression: LintRule = {
  id: 'invalid-suppression',
  description: 'Inline confiture-lint-ignore comments name known rules, give a reason and sit right above a statement.',
  defaultSeverity: 'warning',
  docs: {
    why: WHY,
    bad: '-- confiture-lint-ignore missing-primary-key\nCREATE TABLE event_log (at timestamptz, payload jsonb);',
    good: '-- confiture-lint-ignore missing-primary-key append-only log, never updated or joined\nCREATE TABLE event_log (at timestamptz, payload jsonb);',
  },
  check(snapshot, _options, report, context) {
    const known = context.ruleIds ?? [];
    for (const s of snapshot.suppressions ?? []) {
      const where = `${s.file}:${s.line}`;
      const base = { object: s.file, objectKind: 'file' as const, location: { file: s.file, line: s.line }, why: WHY };
      if (s.rules.length === 0) {
        report({ ...base, message: `confiture-lint-ignore at ${where} names no rule, so it suppresses nothing.`, fix: '-- confiture-lint-ignore <rule-id>[,<rule-id>] <reason>' });
        continue;
      }
      for (const rule of s.rules) {
        if (known.length === 0 || known.includes(rule)) continue;
        const guess = closestMatch(rule, known);
        report({
          ...base,
          message: `confiture-lint-ignore at ${where} names the unknown rule "${rule}"${guess ? ` (did you mean "${guess}"?)` : ''}.`,
          fix: guess ? `-- confiture-lint-ignore ${s.rules.map((r) => (r === rule ? guess : r)).join(',')} ${s.reason ?? '<reason>'}` : 'Use an id from `confiture lint --list-rules`.',
        });
      }
      if (s.reason === null) {
        report({
          ...base,
          message: `confiture-lint-ignore ${s.rules.join(',')} at ${where} gives no reason, so it suppresses nothing.`,
          fix: `-- confiture-lint-ignore ${s.rules.join(',')} <why this is fine here>`,
        });
      }
      if (s.target === null) {
        report({
          ...base,
          message: `confiture-lint-ignore ${s.rules.join(',')} at ${where} is not right above a statement (a blank line or the end of the file follows), so it suppresses nothing.`,
          fix: 'Put the comment on the line just above the statement it is about.',
        });
      }
    }
  },
};
