import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfitureError } from '@confiture/core';
import type { SqlSource } from './types.js';

/**
 * What {@link dryRun} accepts: inline SQL, sources, or files to read (in the given order).
 *
 * @example
 * ```ts
 * await dryRun(client, 'ALTER TABLE users ADD COLUMN nickname text');
 * await dryRun(client, [{ file: 'up.sql', sql }]);
 * await dryRun(client, { files: ['db/migrations/0042.sql'] }, { cwd: projectRoot });
 * ```
 */export type DryRunInput = string | readonly SqlSource[] | { readonly files: readonly string[] };

/**
 * Turns the input into sources. Files are read as UTF-8, relative to `cwd`, and keep the path
 * as given so that locations in the report read like the caller wrote them.
 */
export async function loadSources(input: DryRunInput, cwd: string): Promise<SqlSource[]> {
  if (typeof input === 'string') return [{ file: null, sql: input }];
  if (Array.isArray(input)) return input.map((s: SqlSource) => ({ file: s.file, sql: s.sql }));
  const files = (input as { files?: unknown }).files;
  if (!Array.isArray(files) || files.some((f) => typeof f !== 'string')) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: 'dryRun() input must be SQL text, an array of { file, sql } sources, or { files: string[] }.',
      hint: 'Pass the migration SQL, or { files: ["db/migrations/0042_add_email.sql"] }.',
    });
  }
  const out: SqlSource[] = [];
  for (const file of files as string[]) {
    try {
      out.push({ file, sql: await readFile(resolve(cwd, file), 'utf8') });
    } catch (cause) {
      const code = (cause as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
        throw new ConfitureError({
          code: 'CONFITURE_FILE_NOT_FOUND',
          message: `Migration file not found: ${file}${code === 'EISDIR' ? ' is a directory' : ''}.`,
          hint: `Check the path (relative to ${cwd}), or list the .sql files of the directory.`,
          location: { file },
          cause,
        });
      }
      throw cause;
    }
  }
  return out;
}
