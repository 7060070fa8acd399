import { readFile } from 'node:fs/promises';

/** A SQL file as read from disk: its bytes (for checksums) and its text without a byte-order mark. */
export interface SqlFileContent {
  readonly bytes: Buffer;
  readonly text: string;
}

/** Reads a SQL file as UTF-8. The byte-order mark some editors write is dropped: editors do not count it in columns. */
export async function readSqlFile(path: string): Promise<SqlFileContent> {
  const bytes = await readFile(path);
  const text = bytes.toString('utf8');
  return { bytes, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
