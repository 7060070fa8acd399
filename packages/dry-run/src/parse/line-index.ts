/**
 * Line starts of a text, for many offset -> line/column conversions: O(log n) each, O(1)
 * amortized when the offsets come in increasing order (statements of a file).
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  // Line (0-based) of the last lookup: the next offset is usually at or after it.
  private cursor = 0;

  constructor(text: string) {
    let at = text.indexOf('\n');
    while (at !== -1) {
      this.starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
  }

  /** 1-based line of a character offset. */
  line(offset: number): number {
    const starts = this.starts;
    const last = starts.length - 1;
    let lo = 0;
    const c = this.cursor;
    if ((starts[c] as number) <= offset) {
      // Statements come in order: the answer is usually the last line looked up or the next one.
      if (c === last || (starts[c + 1] as number) > offset) return c + 1;
      if (c + 1 === last || (starts[c + 2] as number) > offset) {
        this.cursor = c + 1;
        return c + 2;
      }
      lo = c + 2;
    }
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.cursor = lo;
    return lo + 1;
  }

  /** Character offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? 0;
  }

  /** 1-based line and column (in UTF-16 code units, like `offsetToLineColumn` from core). */
  position(offset: number): { line: number; column: number } {
    const line = this.line(offset);
    return { line, column: offset - this.lineStart(line) + 1 };
  }
}
