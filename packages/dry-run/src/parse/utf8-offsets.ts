/**
 * Converts UTF-8 byte offsets (what libpg-query reports) into UTF-16 character offsets (what
 * JavaScript strings use) for one text. Pure ASCII texts convert as the identity; otherwise a
 * cursor walks forward, so converting increasing offsets (statements in order) stays linear.
 */
export class Utf8Offsets {
  /** True when the text is pure ASCII: byte and character offsets are then the same. */
  readonly ascii: boolean;
  private byte = 0;
  private char = 0;

  constructor(private readonly text: string) {
    this.ascii = Buffer.byteLength(text, 'utf8') === text.length;
  }

  /** Character offset of a byte offset; offsets inside a multi-byte character map to its start. */
  toChar(byteOffset: number): number {
    if (this.ascii) return Math.min(byteOffset, this.text.length);
    if (byteOffset < this.byte) {
      this.byte = 0;
      this.char = 0;
    }
    const text = this.text;
    while (this.char < text.length) {
      const code = text.charCodeAt(this.char);
      let bytes: number;
      let units = 1;
      if (code < 0x80) bytes = 1;
      else if (code < 0x800) bytes = 2;
      else if (code >= 0xd800 && code <= 0xdbff && this.char + 1 < text.length) {
        bytes = 4;
        units = 2;
      } else bytes = 3;
      if (this.byte + bytes > byteOffset) break;
      this.byte += bytes;
      this.char += units;
    }
    return this.char;
  }
}

/**
 * UTF-16 offset of a code point offset. PostgreSQL reports error positions in characters (code
 * points), which differ from JavaScript string offsets after characters outside the BMP (emoji).
 */
export function codePointsToUtf16(text: string, codePoints: number): number {
  let units = 0;
  for (let cp = 0; cp < codePoints && units < text.length; cp++) {
    const code = text.charCodeAt(units);
    units += code >= 0xd800 && code <= 0xdbff && units + 1 < text.length ? 2 : 1;
  }
  return units;
}
