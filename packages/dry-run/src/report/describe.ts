import { format } from '../analyzers/cost-risk.js';
import type { StatementImpact } from '../analyzers/impact.js';
import type { ObservedLock } from '../analyzers/observed-locks.js';
import { blockedOperations } from '../locks/conflicts.js';
import type { PredictedLock } from '../types.js';
import type { DryRunReport, StatementReport } from './report-types.js';

// Phrasing shared by the text and markdown renderers, so both say the same thing.

/** `file:line:column`, or `line N, column M` for inline SQL. */
export function where(s: Pick<StatementReport, 'file' | 'line' | 'column'>): string {
  return s.file === null ? `line ${s.line}:${s.column}` : `${s.file}:${s.line}:${s.column}`;
}

/** The statement on one line, shortened. */
export function oneLine(sql: string, max = 100): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function duration(ms: number | null): string {
  return ms === null ? '-' : format.ms(ms);
}

/** "AccessExclusiveLock on public.users (blocks SELECT, ...) held for 3 statements / 1.2 s". */
export function describeLock(lock: ObservedLock | PredictedLock, estimated: boolean): string {
  const blocks = 'blocks' in lock ? lock.blocks : blockedOperations(lock.mode);
  let text = `${lock.mode} on ${lock.relation} (blocks ${blocks.join(', ')})`;
  if ('heldFor' in lock && lock.heldFor) {
    const h = lock.heldFor;
    const ms = estimated && h.estimatedMs !== null ? h.estimatedMs : h.durationMs;
    text += ` held for ${h.statements} statement${h.statements === 1 ? '' : 's'} / ${format.ms(ms)}${estimated && h.estimatedMs !== null ? ' on the target' : ''}`;
  }
  if ('acquiredBy' in lock && lock.acquiredBy !== undefined) text += ` (in the dry-run, already taken by statement #${lock.acquiredBy + 1} of an earlier file)`;
  return text;
}

/**
 * Locks to show: the observed ones on tables when the statement ran successfully, else the
 * predicted ones (static mode, not executed, failed).
 */
export function shownLocks(s: StatementReport): { observed: boolean; locks: Array<ObservedLock | PredictedLock> } {
  if (s.locks && s.error === null) return { observed: true, locks: s.locks.filter((l) => l.relationKind !== 'i' && l.relationKind !== 'I') };
  // Sequence and index locks ride along with their table's: keep the table-level picture.
  return { observed: false, locks: s.predictedLocks.filter((l) => !['S', 'i', 'I'].includes(l.relationKind ?? '')) };
}

const SQL_START = /^\s*(--|alter|create|drop|update|insert|delete|set|begin|select|with|reindex|vacuum|comment|lock|refresh|do|truncate|grant|revoke)\b/i;

/** True when a fix is SQL (to be shown as code), not prose. */
export function looksLikeSql(text: string): boolean {
  return SQL_START.test(text);
}

function sizeChange(before: number | null, after: number | null): string {
  if (before === null && after === null) return '';
  if (before === null) return ` (${format.bytes(after ?? 0)})`;
  return ` (${format.bytes(before)} → ${format.bytes(after ?? 0)})`;
}

/** One line per kind of change, e.g. `columns added: public.users.email (text)`. */
export function describeImpact(impact: StatementImpact | null): string[] {
  if (!impact) return [];
  const lines: string[] = [];
  const list = (label: string, items: string[]): void => {
    if (items.length > 0) lines.push(`${label}: ${items.join(', ')}`);
  };
  list(
    'rewrites',
    impact.rewrites.map((r) => {
      const s = impact.sizes.find((x) => x.relation === r);
      return `${r}${s ? sizeChange(s.totalBytesBefore ?? s.bytesBefore, s.totalBytesAfter ?? s.bytesAfter) : ''}`;
    }),
  );
  const indexes = new Set(impact.indexesAdded.map((i) => i.index));
  list('created', impact.relationsCreated.filter((r) => !indexes.has(r.relation)).map((r) => `${r.kind} ${r.relation}`));
  const droppedIndexes = new Set(impact.indexesDropped.map((i) => i.index));
  list('dropped', impact.relationsDropped.filter((r) => !droppedIndexes.has(r.relation)).map((r) => `${r.kind} ${r.relation}`));
  list('columns added', impact.columnsAdded.map((c) => `${c.relation}.${c.column} (${c.type})`));
  list('columns dropped', impact.columnsDropped.map((c) => `${c.relation}.${c.column}`));
  list('columns altered', impact.columnsAltered.map((c) => `${c.relation}.${c.column} ${c.change} ${c.from ?? 'none'} → ${c.to ?? 'none'}`));
  list('constraints added', impact.constraintsAdded.map((c) => `${c.name} on ${c.relation} (${c.type}${c.validated ? '' : ', not valid'})`));
  list('constraints validated', impact.constraintsValidated.map((c) => `${c.name} on ${c.relation}`));
  list('constraints dropped', impact.constraintsDropped.map((c) => `${c.name} on ${c.relation}`));
  list(
    'indexes added',
    impact.indexesAdded.map((i) => {
      const s = impact.sizes.find((x) => x.relation === i.index);
      return `${i.index} on ${i.relation}${s?.bytesAfter != null ? ` (${format.bytes(s.bytesAfter)})` : ''}`;
    }),
  );
  list('indexes dropped', impact.indexesDropped.map((i) => `${i.index} on ${i.relation}`));
  if (impact.rowsAffected !== null) lines.push(`rows affected: ${impact.rowsAffected}`);
  return lines;
}

/** Safe alternatives from the hazards, without duplicates. */
export function fixes(s: StatementReport): string[] {
  return [...new Set(s.hazards.map((h) => h.fix).filter((f): f is string => f !== null && f.length > 0))];
}

/** Statements worth a block in the concise output. */
export function isNotable(s: StatementReport): boolean {
  return s.risk.level !== 'low' || s.error !== null || (s.lockMismatch ?? null) !== null;
}

/** The summary line's facts, in order. */
export function summaryParts(report: DryRunReport): string[] {
  const s = report.summary;
  const parts = [`${s.statements} statement${s.statements === 1 ? '' : 's'}`];
  if (report.mode === 'execute') parts.push(`${s.executed} executed`, `${s.failed} failed`);
  parts.push(`${s.skipped} analyzed statically`);
  if (s.durationMs !== null) parts.push(`${format.ms(s.durationMs)} measured`);
  if (s.estimatedMs !== null && (report.options.rowsScale !== null || report.options.tableSizes !== null)) parts.push(`~${format.ms(s.estimatedMs)} on the target`);
  if (s.diskBytes > 0) parts.push(`~${format.bytes(s.diskBytes)} extra disk`);
  return parts;
}

/** What the run says about persistence. */
export function persistenceNote(report: DryRunReport): string | null {
  if (report.mode === 'static') return 'static analysis: nothing was executed';
  if (report.verification) {
    return report.verification.identical
      ? 'rolled back; nothing persisted (verified: catalog and data fingerprints identical)'
      : `rolled back, but the fingerprints differ: ${report.verification.differences.join(', ')}`;
  }
  return 'rolled back';
}
