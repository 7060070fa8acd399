/**
 * Converts a 0-based character offset in `text` into a 1-based line and column.
 * PostgreSQL reports error positions as 1-based character offsets into the query
 * string; subtract one before calling.
 *
 * @example
 * ```ts
 * offsetToLineColumn('select 1;\nselec 2;', 10); // { line: 2, column: 1 }
 * ```
 */
export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}
