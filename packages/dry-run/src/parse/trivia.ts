// Whitespace and comments as PostgreSQL's lexer defines them (scan.l): these helpers only step
// over them around a statement the parser has already delimited, they never split SQL.

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

/** Offset of the first character at or after `from` that is neither whitespace nor a comment. */
export function skipLeadingTrivia(text: string, from: number, to: number = text.length): number {
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      i++;
    } else if (code === 45 && text.charCodeAt(i + 1) === 45) {
      // -- comment, to the end of the line
      i += 2;
      while (i < to && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (code === 47 && text.charCodeAt(i + 1) === 42) {
      // /* comment */, which nests in PostgreSQL
      let depth = 1;
      i += 2;
      while (i < to && depth > 0) {
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
          depth++;
          i += 2;
        } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
          depth--;
          i += 2;
        } else i++;
      }
    } else break;
  }
  return Math.min(i, to);
}

/** Offset just after the last non-whitespace character before `to` (not before `from`). */
export function trimTrailingSpace(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}
