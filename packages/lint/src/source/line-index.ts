/** A 1-based line and column; columns count UTF-16 code units, as SARIF does by default. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Turns the UTF-8 byte offsets the SQL parser reports into lines and columns of the text.
 * A character outside ASCII takes several bytes, so byte offsets and string indices differ.
 */
export class LineIndex {
  private readonly bytes: Buffer;
  /** Byte offset where each line starts. */
  private readonly lineStarts: number[];

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
    this.lineStarts = [0];
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 10) this.lineStarts.push(i + 1);
  }

  get byteLength(): number {
    return this.bytes.length;
  }

  /** Line and column of a byte offset (clamped to the text). */
  position(byteOffset: number): LineColumn {
    const offset = Math.max(0, Math.min(byteOffset, this.bytes.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    const start = this.lineStarts[low] ?? 0;
    return { line: low + 1, column: this.bytes.toString('utf8', start, offset).length + 1 };
  }

  /** The text between two byte offsets. */
  slice(start: number, end: number): string {
    return this.bytes.toString('utf8', start, end);
  }
}
