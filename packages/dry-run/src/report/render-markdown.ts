import { format } from '../analyzers/cost-risk.js';
import { describeImpact, describeLock, duration, fixes, isNotable, looksLikeSql, oneLine, persistenceNote, shownLocks, summaryParts, where } from './describe.js';
import type { DryRunReport, StatementReport } from './report-types.js';

const RISK_BADGE: Record<string, string> = { low: '🟢 low', medium: '🟡 medium', high: '🔴 high', critical: '🟣 critical' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fence(sql: string): string {
  // A backtick run inside the SQL must not close the fence.
  const longest = Math.max(2, ...[...sql.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}sql\n${sql}\n${ticks}`;
}

function section(s: StatementReport, report: DryRunReport): string[] {
  const estimated = report.options.rowsScale !== null || report.options.tableSizes !== null;
  const out = [`<details${s.risk.level === 'high' || s.risk.level === 'critical' || s.error ? ' open' : ''}>`];
  out.push(`<summary><b>#${s.index + 1}</b> <code>${s.tag}</code> at <code>${where(s)}</code>: ${RISK_BADGE[s.risk.level]}</summary>`, '');
  out.push(fence(s.sql), '');
  out.push(`- **Action**: ${s.action} (${s.category}): ${s.reason}`);
  if (s.error) {
    out.push(`- **Error**: \`${s.error.code ?? '?'}\` ${s.error.message} at \`${where(s.error.location)}\``);
    if (s.error.detail) out.push(`  - detail: ${s.error.detail}`);
    if (s.error.hint) out.push(`  - hint: ${s.error.hint}`);
    for (const h of s.error.lockHolders ?? []) out.push(`  - held by pid ${h.pid}: ${h.mode} on \`${h.relation}\`, query \`${cell(h.query ?? '?')}\``);
  }
  const shown = shownLocks(s);
  if (shown.locks.length > 0) {
    out.push(`- **Locks** (${shown.observed ? 'observed' : 'predicted'}):`);
    for (const lock of shown.locks) out.push(`  - ${describeLock(lock, estimated)}`);
  }
  if (shown.observed && s.predictedLocks.length > 0) out.push(`- **Predicted locks**: ${s.predictedLocks.map((l) => `${l.mode} on \`${l.relation}\``).join(', ')}`);
  if (s.lockMismatch) out.push(`- **Lock mismatch**: ${s.lockMismatch}`);
  const impact = describeImpact(s.impact);
  if (impact.length > 0) {
    out.push('- **Impact**:');
    for (const line of impact) out.push(`  - ${line}`);
  }
  if (!s.executed && s.predictedRewrites.length > 0) out.push(`- **Predicted rewrites**: ${s.predictedRewrites.join(', ')}`);
  if (s.cost.measuredMs !== null) {
    let time = `- **Time**: ${duration(s.cost.measuredMs)} measured`;
    if (estimated && s.cost.estimatedMs !== null && s.cost.scale > 1) time += `, ~${duration(s.cost.estimatedMs)} on the target (x${s.cost.scale.toFixed(1)}${s.cost.scaledBy ? ` by \`${s.cost.scaledBy}\`` : ''}, ${s.cost.confidence})`;
    if (s.cost.diskBytes > 0) time += `; ~${format.bytes(s.cost.diskBytes)} extra disk`;
    out.push(time);
  }
  for (const d of s.dependencies.missing) out.push(`- **Missing**: ${d.message}`);
  for (const d of s.dependencies.breaks) out.push(`- **Breaks**: ${d.message}`);
  if (s.risk.factors.length > 0) {
    out.push('- **Why**:');
    for (const f of s.risk.factors) out.push(`  - ${f.level}: ${f.reason}`);
  }
  const fx = fixes(s);
  if (fx.length > 0) {
    out.push('- **Safer alternative**:', '');
    for (const f of fx) out.push(looksLikeSql(f) ? fence(f) : f, '');
  }
  out.push('', '</details>', '');
  return out;
}

/**
 * Markdown for a pull-request comment: verdict, summary table, a table of the statements that
 * matter, and a collapsible section per statement (open for high, critical and failed ones).
 */
export function renderMarkdown(report: DryRunReport): string {
  const s = report.summary;
  const out = [`## Confiture dry-run: ${RISK_BADGE[s.risk]} risk`, ''];
  const persistence = persistenceNote(report);
  out.push(`${summaryParts(report).join(' · ')}${persistence ? ` · ${persistence}` : ''}`, '');
  out.push('| Statements | Executed | Failed | Static only | Risk | Measured | On the target |', '|---|---|---|---|---|---|---|');
  out.push(
    `| ${s.statements} | ${report.mode === 'execute' ? s.executed : '-'} | ${report.mode === 'execute' ? s.failed : '-'} | ${s.skipped} | ${RISK_BADGE[s.risk]} | ${duration(s.durationMs)} | ${
      report.options.rowsScale !== null || report.options.tableSizes !== null ? duration(s.estimatedMs) : '-'
    } |`,
    '',
  );
  for (const note of report.notes) out.push(`> **Note**: ${note}`, '');
  if (s.reasons.length > 0) {
    out.push('### Why', '');
    for (const r of s.reasons) out.push(`- ${r}`);
    out.push('');
  }
  const notable = report.statements.filter(isNotable);
  if (notable.length > 0) {
    out.push('### Statements to look at', '', '| # | Location | Statement | Risk | Locks | Time |', '|---|---|---|---|---|---|');
    for (const st of notable) {
      const locks = shownLocks(st)
        .locks.map((l) => `${l.mode} on ${l.relation}`)
        .join(', ');
      out.push(`| ${st.index + 1} | \`${cell(where(st))}\` | \`${cell(oneLine(st.sql, 60))}\` | ${RISK_BADGE[st.risk.level]} | ${cell(locks || '-')} | ${duration(st.durationMs)} |`);
    }
    out.push('');
  }
  if (report.statements.length > 0) {
    out.push('### All statements', '');
    for (const st of report.statements) out.push(...section(st, report));
  }
  for (const c of report.cleanup?.sequencesNotRestored ?? []) out.push(`> **Warning**: sequence \`${c.sequence}\` was not restored: ${c.reason}`, '');
  if (report.verification) {
    const v = report.verification;
    out.push(`<sub>Fingerprint before \`${v.before}\`, after \`${v.after}\`: ${v.identical ? 'identical' : `different (${v.differences.join(', ')})`}.</sub>`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
