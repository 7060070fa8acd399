import type { InlineSuppression } from '../types.js';
import type { ParsedSqlFile } from './parse-sql-file.js';

const DIRECTIVE = /^--\s*confiture-lint-ignore(?=\s|$)(.*)$/s;
const RULE_LIST = /^([\w@./-]+(?:\s*,\s*[\w@./-]+)*)(.*)$/s;

/**
 * Reads `-- confiture-lint-ignore <rule>[,<rule>] <reason>` comments of a parsed file.
 *
 * What a comment covers:
 * - on its own line(s) right above a statement (other comment lines may sit between, a blank line may
 *   not): every line of that statement, so the objects it creates and their columns;
 * - on its own line above a line inside a statement (a column of a CREATE TABLE): that line;
 * - trailing code on the same line: the statement when it starts on that line, else that line.
 * A directive without a reason is kept with `reason: null`: the engine reports it instead of applying it.
 */
export function findSuppressions(file: ParsedSqlFile): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  const statementAtLine = new Map<number, { line: number; endLine: number }>();
  for (const s of file.statements) if (!statementAtLine.has(s.line)) statementAtLine.set(s.line, { line: s.line, endLine: s.endLine });

  const spanOfLine = (line: number): { startLine: number; endLine: number } => {
    const statement = statementAtLine.get(line);
    return statement ? { startLine: statement.line, endLine: statement.endLine } : { startLine: line, endLine: line };
  };

  for (const comment of file.comments) {
    const directive = DIRECTIVE.exec(comment.text.trim());
    if (!directive) continue;
    const parsed = RULE_LIST.exec((directive[1] ?? '').trim());
    const rules = parsed ? (parsed[1] ?? '').split(',').map((r) => r.trim()).filter(Boolean) : [];
    const reason = (parsed?.[2] ?? '').trim().replace(/^(?:--|[:\-—–])\s*/, '').trim();

    let target: InlineSuppression['target'] = null;
    if (comment.trailing) {
      target = spanOfLine(comment.line);
    } else {
      let lastLine = comment.endLine;
      for (let i = comment.token + 1; i < file.tokens.length; i++) {
        const t = file.tokens[i];
        if (!t || t.line > lastLine + 1) break;
        if (t.comment) {
          lastLine = t.endLine;
          continue;
        }
        target = spanOfLine(t.line);
        break;
      }
    }
    out.push({ file: file.path, line: comment.line, rules, reason: reason === '' ? null : reason, target });
  }
  return out;
}
