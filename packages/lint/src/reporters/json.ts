import type { Finding, LintResult, SuppressedFinding } from '../types.js';

function findingJson(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    object: f.object,
    objectKind: f.objectKind,
    message: f.message,
    why: f.why,
    fix: f.fix,
    location: f.location ? { file: f.location.file, line: f.location.line } : null,
    fingerprint: f.fingerprint,
  };
}

/**
 * The JSON format, stable and versioned:
 * `{ version: 1, findings: [{ rule, severity, object, objectKind, message, why, fix, location: {file,line}|null, fingerprint }],
 *    skipped: [{ rule, reason }], summary: {...}, suppressed?: [...] }`.
 */
export function formatJson(result: LintResult): string {
  const doc = {
    version: result.version,
    findings: result.findings.map(findingJson),
    skipped: result.skipped.map((s) => ({ rule: s.rule, reason: s.reason })),
    summary: result.summary,
    ...(result.suppressed
      ? { suppressed: result.suppressed.map((f: SuppressedFinding) => ({ ...findingJson(f), suppression: f.suppression })) }
      : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
