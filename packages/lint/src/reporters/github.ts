import type { LintResult, Severity } from '../types.js';
import { summaryLine } from './table.js';
import { palette } from './ansi.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes the message part of a workflow command (what follows `::`). */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a property value (`file=`, `title=`): also `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,title=…::message` per
 * finding (annotations on the pull request), then a plain summary line. Findings without a file
 * carry no `file` property (GitHub shows them on the run).
 */
export function formatGithub(result: LintResult): string {
  const lines = result.findings.map((f) => {
    const props: string[] = [];
    if (f.location) {
      props.push(`file=${escapeProperty(f.location.file)}`, `line=${f.location.line}`);
      if (f.location.column !== undefined) props.push(`col=${f.location.column}`);
    }
    props.push(`title=${escapeProperty(`${f.rule} (${f.object})`)}`);
    const body = f.fix ? `${f.message}\nFix: ${f.fix}` : f.message;
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(body)}`;
  });
  for (const s of result.skipped) lines.push(`::notice title=${escapeProperty(`${s.rule} skipped`)}::${escapeData(s.reason)}`);
  lines.push(summaryLine(result, palette(false)));
  return `${lines.join('\n')}\n`;
}
