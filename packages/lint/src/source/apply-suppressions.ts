import type { Finding, SchemaSnapshot } from '../types.js';

/**
 * The inline suppression that silences a finding, if any: a `confiture-lint-ignore` naming the
 * finding's rule, with a reason, whose target lines contain the finding's location. Suppressions
 * without a reason or without a target never apply (the `invalid-suppression` rule reports them).
 */
export function suppressionFor(
  snapshot: SchemaSnapshot,
  finding: Pick<Finding, 'rule' | 'location'>,
): { file: string; line: number; reason: string } | null {
  const location = finding.location;
  if (!location || !snapshot.suppressions?.length) return null;
  for (const s of snapshot.suppressions) {
    if (s.reason === null || s.target === null || s.file !== location.file) continue;
    if (location.line < s.target.startLine || location.line > s.target.endLine) continue;
    if (s.rules.includes(finding.rule)) return { file: s.file, line: s.line, reason: s.reason };
  }
  return null;
}
