/** One top-level statement of a SQL script, as found by {@link splitStatements}. */
export interface SqlStatement {
  /** The statement's text, from its first token to its terminating semicolon (included when present). */
  readonly text: string;
  /** Index of the first token in the script (0-based, UTF-16 units, like `String.prototype.slice`). */
  readonly start: number;
  /** Index just after the statement (after its semicolon when it has one). */
  readonly end: number;
  /** The first keyword, lowercased (`create`, `begin`, ...), or '' when the statement starts otherwise. */
  readonly firstWord: string;
}

const isIdentStart = (c: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/**
 * Splits a SQL script into top-level statements the way psql does, so statements that must
 * run on their own (outside a transaction block) can be sent one at a time.
 *
 * It understands single-quoted strings (with `''`), `E'...'` strings (with backslash escapes),
 * quoted identifiers, dollar-quoted bodies (`$$...$$`, `$tag$...$tag$`), `--` and nested
 * `/* *\/` comments, parentheses, and `BEGIN ATOMIC ... END` bodies of
 * `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (where `CASE ... END` nests). Statements made only
 * of comments, whitespace and lone semicolons are dropped. An unterminated quote or comment runs to the end of
 * the script; the server then reports the syntax error.
 *
 * @example
 * ```ts
 * splitStatements("create table t (id int);\ncreate index concurrently on t (id);").map((s) => s.text);
 * // ['create table t (id int);', 'create index concurrently on t (id);']
 * ```
 */
export function splitStatements(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  const n = sql.length;
  let i = 0;
  let start = -1; // first token of the current statement, -1 while only blanks/comments were seen
  let parenDepth = 0;
  let beginDepth = 0;
  // Leading words of the statement, to recognise CREATE [OR REPLACE] FUNCTION|PROCEDURE,
  // the only statements whose BEGIN ... END may contain semicolons.
  let words: string[] = [];

  const finish = (end: number): void => {
    // A lone semicolon is an empty statement: the server ignores it, and so do we.
    if (start >= 0 && !(end === start + 1 && sql[start] === ';')) out.push({ text: sql.slice(start, end), start, end, firstWord: words[0] ?? '' });
    start = -1;
    parenDepth = 0;
    beginDepth = 0;
    words = [];
  };
  const markStart = (at: number): void => {
    if (start < 0) start = at;
  };
  const inRoutineHeader = (): boolean => {
    const [a, b, c, d] = words;
    if (a !== 'create') return false;
    if (b === 'function' || b === 'procedure') return true;
    return b === 'or' && c === 'replace' && (d === 'function' || d === 'procedure');
  };

  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];

    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }

    markStart(i);

    if (c === ';') {
      if (parenDepth === 0 && beginDepth === 0) {
        finish(i + 1);
      }
      i++;
      continue;
    }
    if (c === '(') {
      parenDepth++;
      i++;
      continue;
    }
    if (c === ')') {
      if (parenDepth > 0) parenDepth--;
      i++;
      continue;
    }
    if (c === "'") {
      i = skipQuoted(sql, i + 1, "'", false);
      continue;
    }
    if (c === '"') {
      i = skipQuoted(sql, i + 1, '"', false);
      if (words.length < 4) words.push('"');
      continue;
    }
    if (c === '$') {
      const tag = dollarTagAt(sql, i);
      if (tag !== null) {
        const close = sql.indexOf(tag, i + tag.length);
        i = close < 0 ? n : close + tag.length;
        continue;
      }
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      // E'...' (and e'...') strings take backslash escapes; U&'...' and others do not.
      if ((c === 'E' || c === 'e') && next === "'") {
        i = skipQuoted(sql, i + 2, "'", true);
        continue;
      }
      let j = i + 1;
      while (j < n && isIdentPart(sql[j]!)) j++;
      const word = sql.slice(i, j).toLowerCase();
      if (words.length < 4) words.push(word);
      if (parenDepth === 0 && inRoutineHeader()) {
        if (word === 'begin') beginDepth++;
        else if (word === 'case' && beginDepth > 0) beginDepth++;
        else if (word === 'end' && beginDepth > 0) beginDepth--;
      }
      i = j;
      continue;
    }
    // Numbers, operators, parameters ($1) and other punctuation: one character at a time is enough.
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(sql[j]!)) j++;
      i = j;
      continue;
    }
    i++;
  }
  finish(n);
  return out;
}

/** Index just after the closing quote of a quoted token whose body starts at `from`. */
function skipQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** The dollar-quote delimiter (`$$` or `$tag$`) starting at `at`, or null when `$` starts something else (`$1`). */
function dollarTagAt(sql: string, at: number): string | null {
  let j = at + 1;
  if (sql[j] === '$') return '$$';
  if (j >= sql.length || !/[A-Za-z_\u0080-\uffff]/.test(sql[j]!)) return null;
  while (j < sql.length && /[A-Za-z0-9_\u0080-\uffff]/.test(sql[j]!)) j++;
  return sql[j] === '$' ? sql.slice(at, j + 1) : null;
}
