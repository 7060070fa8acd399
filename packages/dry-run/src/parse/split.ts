import { ConfitureError } from '@confiture/core';
import type { ParsedStatement, SqlSource } from '../types.js';
import { LineIndex } from './line-index.js';
import { ensureParser, parseRaw, scanTokens, type RawStatement } from './parser.js';
import { hasNoTransactionMarker } from './no-transaction.js';
import { skipLeadingTrivia, trimTrailingSpace } from './trivia.js';
import { codePointsToUtf16, Utf8Offsets } from './utf8-offsets.js';

interface SqlErrorLike {
  readonly message: string;
  readonly sqlDetails?: { readonly cursorPosition?: number };
}

function syntaxError(source: SqlSource, error: unknown, lines: LineIndex): ConfitureError {
  const parserMessage = error instanceof Error ? error.message : String(error);
  // The parser reports the error position in characters (code points), like PostgreSQL does.
  const position0 = (error as SqlErrorLike).sqlDetails?.cursorPosition;
  const offset = position0 === undefined ? undefined : codePointsToUtf16(source.sql, position0);
  const position = offset === undefined ? undefined : lines.position(offset);
  const where =
    source.file === null
      ? position
        ? `the SQL (line ${position.line}, column ${position.column})`
        : 'the SQL'
      : position
        ? `${source.file}:${position.line}:${position.column}`
        : source.file;
  return new ConfitureError({
    code: 'CONFITURE_SQL_SYNTAX',
    message: `Syntax error in ${where}: ${parserMessage}.`,
    hint: 'Fix the SQL at that position (PostgreSQL would reject it too); nothing was executed.',
    location: { ...(source.file === null ? {} : { file: source.file }), ...(position ?? {}) },
    details: { parserMessage, ...(offset === undefined ? {} : { offset }) },
    cause: error,
  });
}

// The last statement of a text has no length (it runs to the end), so a trailing comment would
// be part of it: the lexer tells where its last real token ends.
function endOfLastToken(text: string, start: number, end: number): number {
  const tail = text.slice(start, end);
  if (!tail.includes('--') && !tail.includes('/*')) return end;
  const tokens = scanTokens(tail);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i] as (typeof tokens)[number];
    if (token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT') {
      return start + new Utf8Offsets(tail).toChar(token.end);
    }
  }
  return end;
}

/**
 * Line numbers of increasing offsets, counted on the way (statements come in order): no table
 * of the text's line starts is built, which for a long file is most of what splitting costs
 * beyond the parse itself.
 */
class LineCounter {
  private line = 1;
  private at = 0;
  /** Offset where the line of the last `lineOf` starts. */
  lineStart = 0;

  constructor(private readonly text: string) {}

  /** 1-based line of `offset`, which must not be before the previous one's line start. */
  lineOf(offset: number): number {
    if (offset < this.at) {
      // Back within the current line (a statement's end, then the next start on the same line).
      if (offset >= this.lineStart) return this.line;
      this.line = 1;
      this.at = 0;
      this.lineStart = 0;
    }
    const text = this.text;
    let next = text.indexOf('\n', this.at);
    while (next !== -1 && next < offset) {
      this.line++;
      this.lineStart = next + 1;
      next = text.indexOf('\n', next + 1);
    }
    this.at = offset;
    return this.line;
  }
}

function nodeTypeOf(stmt: Record<string, unknown>): string {
  for (const key in stmt) return key;
  return 'Unknown';
}

function splitOne(source: SqlSource, firstIndex: number, out: ParsedStatement[]): void {
  const text = source.sql;
  if (text.length === 0) return;
  const offsets = new Utf8Offsets(text);
  let raw: RawStatement[];
  try {
    raw = parseRaw(text);
  } catch (error) {
    throw syntaxError(source, error, new LineIndex(text));
  }
  const lines = new LineCounter(text);
  const noTransaction = source.noTransaction ?? hasNoTransactionMarker(text);
  let index = firstIndex;
  for (let i = 0; i < raw.length; i++) {
    const entry = raw[i] as RawStatement;
    const byteStart = entry.stmt_location ?? 0;
    const rawStart = offsets.toChar(byteStart);
    const rawEnd = entry.stmt_len === undefined || entry.stmt_len === 0 ? text.length : offsets.toChar(byteStart + entry.stmt_len);
    const start = skipLeadingTrivia(text, rawStart, rawEnd);
    let end = trimTrailingSpace(text, start, rawEnd);
    if (i === raw.length - 1 && rawEnd === text.length) end = trimTrailingSpace(text, start, endOfLastToken(text, start, end));
    const startByte = byteStart + (start === rawStart ? 0 : offsets.ascii ? start - rawStart : Buffer.byteLength(text.slice(rawStart, start), 'utf8'));
    const line = lines.lineOf(start);
    const column = start - lines.lineStart + 1;
    out.push({
      index: index++,
      file: source.file,
      line,
      column,
      endLine: lines.lineOf(Math.max(start, end - 1)),
      startOffset: start,
      endOffset: end,
      startByte,
      sql: text.slice(start, end),
      nodeType: nodeTypeOf(entry.stmt),
      ast: entry.stmt,
      noTransaction,
    });
  }
}

/**
 * Cuts SQL sources into statements with the real PostgreSQL parser, synchronously. Call
 * {@link ensureParser} once before. See {@link splitStatements}.
 *
 * @example
 * ```ts
 * await ensureParser();
 * const statements = splitStatementsSync([{ file: 'up.sql', sql: 'SELECT 1; SELECT 2;' }]); // two statements, lines and columns included
 * ```
 */export function splitStatementsSync(sources: readonly SqlSource[]): ParsedStatement[] {
  const out: ParsedStatement[] = [];
  for (const source of sources) splitOne(source, out.length, out);
  return out;
}

/**
 * Cuts SQL sources into statements with the real PostgreSQL parser (libpg-query), in order,
 * each with its file, 1-based line and column (of its first token, after comments), end line,
 * character offsets, text without the semicolon, parse-tree root node type and parse tree.
 * Whitespace- or comment-only sources give no statements. Unparseable SQL throws a
 * `ConfitureError` with code `CONFITURE_SQL_SYNTAX` and the file:line:column of the error;
 * nothing is executed.
 *
 * @example
 * ```ts
 * const statements = await splitStatements([{ file: 'migrations/002_users.sql', sql: text }]);
 * for (const s of statements) console.log(`${s.file}:${s.line}:${s.column}`, s.nodeType);
 * ```
 */
export async function splitStatements(sources: readonly SqlSource[]): Promise<ParsedStatement[]> {
  await ensureParser();
  return splitStatementsSync(sources);
}
