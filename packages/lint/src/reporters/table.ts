import type { Finding, LintResult, Severity } from '../types.js';
import { palette, type Palette } from './ansi.js';
import type { FormatOptions } from './options.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function severityLabel(severity: Severity, p: Palette): string {
  const padded = severity.padEnd(7);
  return severity === 'error' ? p.red(padded) : severity === 'warning' ? p.yellow(padded) : p.cyan(padded);
}

function where(finding: Finding): string {
  return finding.location ? `${finding.location.file}:${finding.location.line}` : '';
}

/** Indents every line after the first so multi-line text stays in its column. */
function hang(text: string, indent: string): string {
  return text.split('\n').join(`\n${indent}`);
}

function findingLines(finding: Finding, headline: string, p: Palette): string[] {
  const pad = '           ';
  // A finding about a file is located in that file: show file:line once.
  const sameFile = finding.location !== null && headline === finding.location.file;
  const title = sameFile ? where(finding) : headline;
  const lines = [`  ${severityLabel(finding.severity, p)}  ${p.bold(title)}${finding.location && !sameFile ? `  ${p.dim(where(finding))}` : ''}`];
  lines.push(`${pad}${hang(finding.message, pad)}`);
  if (finding.fix) lines.push(`${pad}${p.dim('fix:')} ${hang(finding.fix, `${pad}     `)}`);
  return lines;
}

/** The group an object belongs to in `groupBy: 'object'`: its table when it has one. */
function ownerOf(finding: Finding): string {
  return finding.table ?? finding.object;
}

export function summaryLine(result: LintResult, p: Palette): string {
  const { errors, warnings, infos, suppressed, rules, tables } = result.summary;
  const scope = `${plural(rules, 'rule')} on ${plural(tables, 'table')}`;
  const hidden = suppressed > 0 ? ` (${suppressed} suppressed)` : '';
  if (errors + warnings + infos === 0) return `${p.green('No problems found')}${hidden} · ${scope}`;
  const counts = [
    errors > 0 ? p.red(plural(errors, 'error')) : plural(0, 'error'),
    warnings > 0 ? p.yellow(plural(warnings, 'warning')) : plural(0, 'warning'),
    plural(infos, 'info'),
  ];
  return `${p.bold(counts.join(', '))}${hidden} · ${scope}`;
}

/**
 * The human format: findings grouped by rule (or by object), each with severity, object, location,
 * message and fix; skipped rules; a summary line.
 */
export function formatTable(result: LintResult, options: FormatOptions = {}): string {
  const p = palette(options.color ?? false);
  const out: string[] = [];
  const groups = new Map<string, Finding[]>();
  const byObject = options.groupBy === 'object';
  const ordered = byObject ? [...result.findings].sort((a, b) => (ownerOf(a) < ownerOf(b) ? -1 : ownerOf(a) > ownerOf(b) ? 1 : 0)) : result.findings;
  for (const f of ordered) {
    const key = byObject ? ownerOf(f) : f.rule;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const descriptions = new Map(result.rules.map((r) => [r.id, r.description]));
  for (const [key, findings] of groups) {
    const about = byObject ? '' : descriptions.get(key);
    out.push(`${p.bold(key)} ${p.dim(`(${findings.length})`)}${about ? ` ${p.dim(`— ${about}`)}` : ''}`);
    for (const f of findings) out.push(...findingLines(f, byObject ? `${f.rule}  ${f.object}` : f.object, p));
    out.push('');
  }
  if (result.sourceErrors?.length) {
    out.push(p.bold('Not parsed (no locations or suppressions there)'));
    for (const e of result.sourceErrors) out.push(`  ${e.file}: ${e.message}`);
    out.push('');
  }
  if (result.skipped.length > 0) {
    out.push(p.bold('Skipped'));
    for (const s of result.skipped) out.push(`  ${s.rule}: ${s.reason}`);
    out.push('');
  }
  out.push(summaryLine(result, p));
  return `${out.join('\n')}\n`;
}
