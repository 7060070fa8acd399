import { offsetToLineColumn } from '@confiture/core';
import type { ParsedStatement } from '../types.js';

/**
 * Where in its file an error points: `file` is null for inline SQL.
 *
 * @example
 * ```ts
 * const { file, line, column } = statement.error!.location; // where the server's error position falls in the file
 * ```
 */export interface StatementLocation {
  readonly file: string | null;
  readonly line: number;
  readonly column: number;
}

/**
 * Maps PostgreSQL's error position (a 1-based count of characters, i.e. code points, in the
 * statement text) to a file position, starting from where the statement begins in its file.
 * Without a position the statement's own start is returned.
 */
export function errorLocation(statement: Pick<ParsedStatement, 'file' | 'line' | 'column' | 'sql'>, position: number | undefined): StatementLocation {
  if (position === undefined || position < 1) return { file: statement.file, line: statement.line, column: statement.column };
  // Code points to UTF-16 units: a character outside the BMP counts once for PostgreSQL, twice here.
  let units = 0;
  let seen = 0;
  for (const ch of statement.sql) {
    if (seen === position - 1) break;
    units += ch.length;
    seen++;
  }
  const within = offsetToLineColumn(statement.sql, units);
  return within.line === 1
    ? { file: statement.file, line: statement.line, column: statement.column + within.column - 1 }
    : { file: statement.file, line: statement.line + within.line - 1, column: within.column };
}
