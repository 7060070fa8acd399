import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfitureError } from '../errors.js';

/** Options for {@link listSchemaFiles}. */
export interface ListSchemaFilesOptions {
  /** Project root; schema dirs and reported paths are relative to it. */
  readonly root: string;
  /** Directories holding the schema's `.sql` files, applied in this order (e.g. `['db/schema']`). */
  readonly schemaDirs: readonly string[];
}

/** A schema file found by {@link listSchemaFiles}. */
export interface SchemaFile {
  /** Path relative to the root with `/` separators (absolute when outside the root), for messages. */
  readonly path: string;
  readonly absolutePath: string;
}

/**
 * Compares two names in natural order, the same on every machine: runs of digits compare as
 * numbers (`2_x` before `10_x`), other text compares by UTF-16 code units after lowercasing
 * (so `B` sorts with `b`, not before `a`). Names that still tie are ordered by their exact code units.
 *
 * @example
 * ```ts
 * ['10_b.sql', '2_a.sql', 'B.sql', 'a.sql'].sort(compareNatural); // ['2_a.sql', '10_b.sql', 'a.sql', 'B.sql']
 * ```
 */
export function compareNatural(a: string, b: string): number {
  const chunks = /(\d+|\D+)/g;
  const left = a.toLowerCase().match(chunks) ?? [];
  const right = b.toLowerCase().match(chunks) ?? [];
  for (let k = 0; k < Math.min(left.length, right.length); k++) {
    const x = left[k]!;
    const y = right[k]!;
    const xDigits = /^\d/.test(x);
    const yDigits = /^\d/.test(y);
    if (xDigits && yDigits) {
      const bx = BigInt(x);
      const by = BigInt(y);
      if (bx !== by) return bx < by ? -1 : 1;
      continue;
    }
    if (x !== y) return x < y ? -1 : 1;
  }
  if (left.length !== right.length) return left.length - right.length;
  // Equal in natural order ('01' and '1', 'A' and 'a'): fall back to the exact text so the order is total.
  return a === b ? 0 : a < b ? -1 : 1;
}

/** A path for messages: relative to the root with `/` separators, or absolute when outside it. */
export function displayPath(root: string, absolutePath: string): string {
  const rel = relative(root, absolutePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolutePath;
  return rel.split(sep).join('/');
}

/**
 * Lists every `*.sql` file of the schema directories in the order the build applies them:
 * the directories in the order given; inside each, a depth-first walk where the entries of a
 * directory (files and subdirectories together) are sorted by name with {@link compareNatural}.
 * Hidden entries (names starting with `.`) are skipped; symbolic links are followed.
 * A missing directory throws `CONFITURE_DIRECTORY_MISSING`.
 *
 * @example
 * ```ts
 * // db/schema/1_extensions.sql, db/schema/2_tables/10_orders.sql, db/schema/2_tables/9_users.sql, db/schema/3_views.sql
 * const files = await listSchemaFiles({ root: process.cwd(), schemaDirs: ['db/schema'] });
 * files.map((f) => f.path);
 * // ['db/schema/1_extensions.sql', 'db/schema/2_tables/9_users.sql', 'db/schema/2_tables/10_orders.sql', 'db/schema/3_views.sql']
 * ```
 */
export async function listSchemaFiles(options: ListSchemaFilesOptions): Promise<SchemaFile[]> {
  const root = resolve(options.root);
  const out: SchemaFile[] = [];
  for (const dir of options.schemaDirs) {
    const absolute = resolve(root, dir);
    const info = await stat(absolute).catch(() => null);
    if (!info?.isDirectory()) {
      throw new ConfitureError({
        code: 'CONFITURE_DIRECTORY_MISSING',
        message: `Schema directory ${displayPath(root, absolute)} ${info ? 'is not a directory' : 'does not exist'}.`,
        hint: `Create it (e.g. mkdir -p ${displayPath(root, absolute)}) and put the schema's .sql files in it, or change the schema directories in the configuration.`,
        details: { directory: displayPath(root, absolute) },
      });
    }
    await walk(root, absolute, out);
  }
  return out;
}

async function walk(root: string, dir: string, out: SchemaFile[]): Promise<void> {
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort(compareNatural);
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) await walk(root, path, out);
    else if (info?.isFile() && name.toLowerCase().endsWith('.sql')) out.push({ path: displayPath(root, path), absolutePath: path });
  }
}
