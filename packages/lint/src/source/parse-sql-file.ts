import { loadModule, parseSync, scanSync, type ScanToken } from 'libpg-query';
import { LineIndex } from './line-index.js';

/** One statement of a file with its span. Node is the libpg-query AST of the statement. */
export interface ParsedStatement {
  /** AST node type, e.g. `CreateStmt`. */
  readonly type: string;
  readonly node: Record<string, any>;
  /** Byte offset of the statement's first token. */
  readonly start: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
}

/** A `--` or `/* *\/` comment with its position; `trailing` when code precedes it on its line. */
export interface ParsedComment {
  readonly text: string;
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  readonly trailing: boolean;
  /** Index of the token in {@link ParsedSqlFile.tokens}. */
  readonly token: number;
}

/** A code (non-comment) token. */
export interface CodeToken {
  readonly start: number;
  readonly line: number;
  readonly endLine: number;
}

export interface ParsedSqlFile {
  readonly path: string;
  readonly lines: LineIndex;
  readonly statements: readonly ParsedStatement[];
  readonly comments: readonly ParsedComment[];
  /** Every token in order: comments and code, with `comment` telling which. */
  readonly tokens: ReadonlyArray<CodeToken & { readonly comment: boolean }>;
  /** Why (part of) the file could not be parsed; its other statements are still located. */
  readonly errors: readonly string[];
}

let ready: Promise<void> | undefined;

/** Loads the parser's WebAssembly module once; the sync functions need it. */
export function loadSqlParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

const isComment = (t: ScanToken): boolean => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT';

/**
 * Parses a SQL file once into statements with line spans, and its comments. A file that does not
 * parse as a whole (a psql meta-command, a syntax error) is parsed statement by statement so the
 * rest of it still gets locations. Call {@link loadSqlParser} first.
 */
export function parseSqlFile(path: string, text: string): ParsedSqlFile {
  const lines = new LineIndex(text);
  const errors: string[] = [];
  let scanned: ScanToken[];
  try {
    scanned = scanSync(text).tokens;
  } catch (error) {
    return { path, lines, statements: [], comments: [], tokens: [], errors: [messageOf(error)] };
  }

  const tokens = scanned.map((t) => {
    const from = lines.position(t.start);
    return { start: t.start, end: t.end, line: from.line, column: from.column, endLine: lines.position(t.end).line, comment: isComment(t) };
  });
  const comments: ParsedComment[] = [];
  tokens.forEach((t, i) => {
    if (!t.comment) return;
    const previous = tokens[i - 1];
    comments.push({
      text: scanned[i]?.text ?? '',
      line: t.line,
      endLine: t.endLine,
      column: t.column,
      trailing: previous !== undefined && !previous.comment && previous.endLine === t.line,
      token: i,
    });
  });

  const code = tokens.filter((t) => !t.comment);
  const statements: ParsedStatement[] = [];
  const addStatements = (sql: string, base: number): void => {
    const result = parseSync(sql) as { stmts?: Array<{ stmt?: Record<string, any>; stmt_location?: number; stmt_len?: number }> };
    for (const raw of result.stmts ?? []) {
      if (!raw.stmt) continue;
      const from = base + (raw.stmt_location ?? 0);
      const to = raw.stmt_len ? from + raw.stmt_len : base + Buffer.byteLength(sql, 'utf8');
      let index = firstAtOrAfter(code, from);
      const first = code[index];
      if (!first || first.start >= to) continue;
      let last = first;
      for (; index < code.length && (code[index]?.end ?? Infinity) <= to; index++) last = code[index] ?? last;
      const [type, node] = Object.entries(raw.stmt)[0] ?? ['', {}];
      statements.push({ type, node, start: first.start, line: first.line, column: first.column, endLine: last.endLine });
    }
  };

  try {
    addStatements(text, 0);
  } catch (error) {
    errors.push(messageOf(error));
    // Parse each semicolon-separated chunk on its own; the scanner already kept strings and
    // dollar-quoted bodies whole, so their semicolons do not split.
    let chunkStart = 0;
    for (let i = 0; i <= scanned.length; i++) {
      const t = scanned[i];
      if (t !== undefined && t.text !== ';') continue;
      const chunkEnd = t === undefined ? lines.byteLength : t.end;
      const chunk = lines.slice(chunkStart, chunkEnd);
      if (chunk.trim() !== '') {
        try {
          addStatements(chunk, chunkStart);
        } catch {
          // Already reported once for the file; this chunk just gets no locations.
        }
      }
      chunkStart = chunkEnd;
    }
  }
  return { path, lines, statements, comments, tokens, errors };
}

/** Index of the first token starting at or after a byte offset (tokens are in order). */
function firstAtOrAfter(tokens: ReadonlyArray<{ start: number }>, offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((tokens[mid]?.start ?? Infinity) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
