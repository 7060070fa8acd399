import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { displayPath } from '../build/schema-files.js';
import { readSqlFile } from '../build/sql-file.js';
import { ConfitureError } from '../errors.js';

/** Where the migrations are. */
export interface MigrationsDirOptions {
  /** The migrations directory, relative to `root` (e.g. `db/migrations`) or absolute. */
  readonly migrationsDir: string;
  /** Project root: `migrationsDir` is resolved against it and paths in results and errors are relative to it. Default: the current directory. */
  readonly root?: string;
}

/** A migration found in the migrations directory. */
export interface MigrationFile {
  /** The version as written in the file name (`20240101120000`, `001`). */
  readonly version: string;
  /** The version as a number: versions compare numerically. */
  readonly order: bigint;
  readonly name: string;
  /** Path of the `.up.sql` file for messages (relative to the root). */
  readonly file: string;
  readonly absolutePath: string;
  /** Path of the `.down.sql` file for messages, or null when there is none. */
  readonly downFile: string | null;
  readonly downAbsolutePath: string | null;
  /** SHA-256 (hex) of the bytes of the `.up.sql` file. */
  readonly checksum: string;
  /** True when the first line is `-- confiture:no-transaction`. */
  readonly noTransaction: boolean;
  /** The `.up.sql` text (without byte-order mark). */
  readonly text: string;
}

const MIGRATION_NAME = /^(\d+)_([A-Za-z0-9][A-Za-z0-9_-]*)\.(up|down)\.sql$/;
const NO_TRANSACTION = /^--\s*confiture:no-transaction\s*$/i;
const EXPECTED =
  'Expected <version>_<name>.up.sql and optionally <version>_<name>.down.sql, e.g. 20240101120000_create_users.up.sql ' +
  '(version: digits, a UTC timestamp YYYYMMDDHHMMSS or 001; name: letters, digits, _ or -).';

/** True when the script's first line is the `-- confiture:no-transaction` marker. */
export function hasNoTransactionMarker(text: string): boolean {
  const firstLine = text.split('\n', 1)[0] ?? '';
  return NO_TRANSACTION.test(firstLine.replace(/\r$/, ''));
}

/**
 * SHA-256 hex of a file's bytes: the checksum recorded in the tracking table.
 *
 * @example
 * ```ts
 * checksumOf(await readFile('db/migrations/20240101120000_create_users.up.sql')); // '9f86d0...'
 * ```
 */
export function checksumOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Compares versions numerically. */
export function compareVersions(a: { readonly order: bigint }, b: { readonly order: bigint }): number {
  return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
}

/** A version string as a number, or null when it is not made of digits. */
export function versionOrder(version: string): bigint | null {
  return /^\d+$/.test(version) ? BigInt(version) : null;
}

interface Found {
  version: string;
  name: string;
  fileName: string;
  path: string;
}

/**
 * Reads the migrations directory: every `<version>_<name>.up.sql` with its optional
 * `.down.sql`, sorted by version (numerically). Files not ending in `.sql` and subdirectories
 * are ignored; a `.sql` file with another name is an error (`CONFITURE_MIGRATION_INVALID_NAME`),
 * and so are two migrations with the same version (`CONFITURE_MIGRATION_DUPLICATE_VERSION`).
 *
 * @example
 * ```ts
 * const migrations = await loadMigrations({ root: process.cwd(), migrationsDir: 'db/migrations' });
 * migrations.map((m) => `${m.version}_${m.name}`); // ['20240101120000_create_users', ...]
 * ```
 */
export async function loadMigrations(options: MigrationsDirOptions): Promise<MigrationFile[]> {
  const root = resolve(options.root ?? process.cwd());
  const dir = resolve(root, options.migrationsDir);
  const shownDir = displayPath(root, dir);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new ConfitureError({
      code: 'CONFITURE_DIRECTORY_MISSING',
      message: `Migrations directory ${shownDir} ${info ? 'is not a directory' : 'does not exist'}.`,
      hint: 'Create your first migration with `confiture migrate generate <name>` (it creates the directory), or fix the migrations directory in the configuration.',
      details: { directory: shownDir },
    });
  }

  const ups = new Map<bigint, Found[]>();
  const downs = new Map<bigint, Found[]>();
  const invalid: string[] = [];
  for (const fileName of (await readdir(dir)).sort()) {
    if (!fileName.toLowerCase().endsWith('.sql')) continue;
    const path = join(dir, fileName);
    if (!(await stat(path).catch(() => null))?.isFile()) continue;
    const match = MIGRATION_NAME.exec(fileName);
    if (!match) {
      invalid.push(fileName);
      continue;
    }
    const [, version, name, direction] = match as unknown as [string, string, string, 'up' | 'down'];
    const bucket = direction === 'up' ? ups : downs;
    const order = BigInt(version);
    bucket.set(order, [...(bucket.get(order) ?? []), { version, name, fileName, path }]);
  }

  for (const [order, list] of downs) {
    const up = ups.get(order);
    if (list.length > 1) invalid.push(...list.map((d) => `${d.fileName} (another .down.sql has the same version)`));
    else if (!up) invalid.push(`${list[0]!.fileName} (no .up.sql with this version)`);
    else if (up.length === 1 && (up[0]!.name !== list[0]!.name || up[0]!.version !== list[0]!.version)) {
      invalid.push(`${list[0]!.fileName} (its .up.sql is ${up[0]!.fileName}: the names must match)`);
    }
  }
  if (invalid.length > 0) {
    throw new ConfitureError({
      code: 'CONFITURE_MIGRATION_INVALID_NAME',
      message: `${shownDir} contains .sql files that are not migrations: ${invalid.join(', ')}. ${EXPECTED}`,
      hint: 'Rename these files, or move files that are not migrations out of the directory (files not ending in .sql are ignored).',
      details: { directory: shownDir, files: invalid },
    });
  }

  const duplicates = [...ups.values()].filter((list) => list.length > 1);
  if (duplicates.length > 0) {
    const groups = duplicates.map((list) => list.map((f) => f.fileName).join(' and '));
    throw new ConfitureError({
      code: 'CONFITURE_MIGRATION_DUPLICATE_VERSION',
      message: `${shownDir} has several migrations with the same version: ${groups.join('; ')}. Versions compare as numbers, so 001 and 1 are the same.`,
      hint: 'Give one of them a new version (e.g. recreate it with `confiture migrate generate <name>`), keeping the version of the one already applied.',
      details: { directory: shownDir, duplicates: duplicates.map((list) => list.map((f) => f.fileName)) },
    });
  }

  const migrations = await Promise.all(
    [...ups.entries()].map(async ([order, [up]]): Promise<MigrationFile> => {
      const content = await readSqlFile(up!.path);
      const down = downs.get(order)?.[0];
      return {
        version: up!.version,
        order,
        name: up!.name,
        file: displayPath(root, up!.path),
        absolutePath: up!.path,
        downFile: down ? displayPath(root, down.path) : null,
        downAbsolutePath: down ? down.path : null,
        checksum: checksumOf(content.bytes),
        noTransaction: hasNoTransactionMarker(content.text),
        text: content.text,
      };
    }),
  );
  return migrations.sort(compareVersions);
}
