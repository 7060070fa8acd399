import type { RiskLevel } from '../analyzers/cost-risk.js';
import { describeImpact, describeLock, duration, fixes, isNotable, oneLine, persistenceNote, shownLocks, summaryParts, where } from './describe.js';
import type { DryRunReport, StatementReport } from './report-types.js';

/** Options of the text renderer. */
export interface TextRenderOptions {
  /** ANSI colors (the CLI passes `process.stdout.isTTY`). Default false. */
  readonly color?: boolean;
  /** Show a block for every statement, not only the risky, failed or surprising ones. */
  readonly all?: boolean;
}

type Paint = (text: string) => string;

function palette(color: boolean): Record<'red' | 'yellow' | 'green' | 'magenta' | 'dim' | 'bold', Paint> {
  const wrap = (open: number, close: number): Paint => (color ? (t) => `\u001b[${open}m${t}\u001b[${close}m` : (t) => t);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), magenta: wrap(35, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

function riskPaint(level: RiskLevel, p: ReturnType<typeof palette>): Paint {
  switch (level) {
    case 'critical':
      return (t) => p.bold(p.magenta(t));
    case 'high':
      return p.red;
    case 'medium':
      return p.yellow;
    default:
      return p.green;
  }
}

function block(s: StatementReport, report: DryRunReport, p: ReturnType<typeof palette>): string[] {
  const estimated = report.options.rowsScale !== null || report.options.tableSizes !== null;
  const label = (name: string): string => p.dim(name.padEnd(9));
  const lines = [`${p.bold(where(s))}  ${riskPaint(s.risk.level, p)(s.risk.level.toUpperCase())}  ${s.tag}${s.action === 'static' ? p.dim(' (not executed)') : ''}`];
  lines.push(`  ${p.dim(oneLine(s.sql))}`);
  if (s.error) {
    const loc = s.error.location;
    lines.push(`  ${label('error')}${p.red(`${s.error.code ?? ''} ${s.error.message}`.trim())} ${p.dim(`at ${where({ file: loc.file, line: loc.line, column: loc.column })}`)}`);
    if (s.error.detail) lines.push(`  ${label('')}${s.error.detail}`);
    for (const h of s.error.lockHolders ?? []) {
      lines.push(`  ${label('held by')}pid ${h.pid} (${h.mode} on ${h.relation}${h.applicationName ? `, ${h.applicationName}` : ''}): ${h.query ?? '?'}`);
    }
  }
  const shown = shownLocks(s);
  for (const lock of shown.locks) lines.push(`  ${label(shown.observed ? 'locks' : 'locks?')}${describeLock(lock, estimated)}`);
  if (s.lockMismatch) lines.push(`  ${label('note')}${p.yellow(s.lockMismatch)}`);
  for (const line of describeImpact(s.impact)) lines.push(`  ${label('impact')}${line}`);
  if (!s.executed && s.predictedRewrites.length > 0) lines.push(`  ${label('rewrites?')}${s.predictedRewrites.join(', ')}`);
  if (s.cost.measuredMs !== null) {
    const target = estimated && s.cost.estimatedMs !== null && s.cost.scale > 1 ? `, ~${duration(s.cost.estimatedMs)} on the target (x${s.cost.scale.toFixed(1)} by ${s.cost.scaledBy})` : '';
    lines.push(`  ${label('time')}${duration(s.cost.measuredMs)}${target}`);
  }
  // The level of each factor, so the one that decides the statement's level stands out.
  for (const f of s.risk.factors) lines.push(`  ${label('why')}${riskPaint(f.level, p)(`[${f.level}]`)} ${f.reason}`);
  for (const fix of fixes(s)) {
    const [first, ...rest] = fix.split('\n');
    lines.push(`  ${label('fix')}${p.green(first ?? '')}`);
    for (const more of rest) lines.push(`  ${label('')}${p.green(more)}`);
  }
  return lines;
}

/**
 * Concise text, like a linter's: one block per risky, failed or surprising statement (every
 * statement with `all`), then a one-line summary.
 */
export function renderText(report: DryRunReport, options: TextRenderOptions = {}): string {
  const p = palette(options.color === true);
  const out: string[] = [];
  for (const note of report.notes) out.push(p.dim(`note: ${note}`));
  if (report.notes.length > 0) out.push('');
  for (const s of report.statements) {
    if (!options.all && !isNotable(s)) continue;
    out.push(...block(s, report, p), '');
  }
  for (const c of report.cleanup?.sequencesNotRestored ?? []) out.push(p.yellow(`warning: sequence ${c.sequence} was not restored: ${c.reason}`));
  const risk = report.summary.risk;
  const persistence = persistenceNote(report);
  out.push(
    `${p.bold('dry-run')}: ${summaryParts(report).join(', ')} · risk ${riskPaint(risk, p)(risk.toUpperCase())}${persistence ? ` · ${persistence}` : ''}`,
  );
  return `${out.join('\n')}\n`;
}
