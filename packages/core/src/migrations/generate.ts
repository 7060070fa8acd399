import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { displayPath } from '../build/schema-files.js';
import { ConfitureError } from '../errors.js';
import type { MigrationsDirOptions } from './migration-files.js';

/** Options for {@link generateMigration}. */
export interface GenerateMigrationOptions extends MigrationsDirOptions {
  /** What the migration does, in any case or spacing: `add orders status`, `AddOrdersStatus`. */
  readonly name: string;
  /** The clock, for tests (default: now). The version is its UTC time. */
  readonly now?: Date;
}

/** The files {@link generateMigration} created. */
export interface GeneratedMigration {
  readonly version: string;
  /** The name as used in the file names (snake_case). */
  readonly name: string;
  /** Path of the .up.sql, relative to the root. */
  readonly up: string;
  /** Path of the .down.sql, relative to the root. */
  readonly down: string;
}

/**
 * Turns a description into the snake_case name part of a migration file:
 * accents dropped, camelCase split, anything else than letters and digits becomes `_`.
 *
 * @example
 * ```ts
 * slugifyMigrationName('Add ordersStatus (v2)'); // 'add_orders_status_v2'
 * ```
 */
export function slugifyMigrationName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80)
    .replace(/_+$/, '');
}

/** `YYYYMMDDHHMMSS` of a date, in UTC. */
export function utcVersion(date: Date): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    pad(date.getUTCFullYear(), 4) + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) + pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds())
  );
}

/**
 * Creates `<UTC YYYYMMDDHHMMSS>_<name>.up.sql` and `.down.sql` in the migrations directory
 * (created when missing), each with a header saying how it runs. When another migration already
 * has that version, the time moves on by one second until it is free. Existing files are never
 * overwritten.
 *
 * @example
 * ```ts
 * const created = await generateMigration({ migrationsDir: 'db/migrations', name: 'add orders status' });
 * created.up; // 'db/migrations/20240101120000_add_orders_status.up.sql'
 * ```
 */
export async function generateMigration(options: GenerateMigrationOptions): Promise<GeneratedMigration> {
  const name = slugifyMigrationName(options.name);
  if (name === '') {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `The migration name ${JSON.stringify(options.name)} has no letters or digits to build a file name from.`,
      hint: 'Describe what the migration does with words, e.g. `confiture migrate generate add_orders_status`.',
    });
  }
  const root = resolve(options.root ?? process.cwd());
  const dir = resolve(root, options.migrationsDir);
  await mkdir(dir, { recursive: true });
  const taken = new Set(
    (await readdir(dir)).flatMap((file) => {
      const match = /^(\d+)_/.exec(file);
      return match ? [BigInt(match[1]!)] : [];
    }),
  );
  let time = (options.now ?? new Date()).getTime();
  let version = utcVersion(new Date(time));
  while (taken.has(BigInt(version))) {
    time += 1000;
    version = utcVersion(new Date(time));
  }
  const base = `${version}_${name}`;
  const upPath = join(dir, `${base}.up.sql`);
  const downPath = join(dir, `${base}.down.sql`);
  await writeFile(upPath, upHeader(base), { flag: 'wx' });
  await writeFile(downPath, downHeader(base), { flag: 'wx' });
  return { version, name, up: displayPath(root, upPath), down: displayPath(root, downPath) };
}

function upHeader(base: string): string {
  return [
    `-- ${base}.up.sql`,
    '-- Applied by `confiture migrate up` in one transaction together with its tracking row,',
    '-- so a failure leaves nothing behind. Never edit it once applied: add a new migration.',
    '-- For statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM),',
    '-- make the very first line of this file: -- confiture:no-transaction',
    '',
    '',
  ].join('\n');
}

function downHeader(base: string): string {
  return [
    `-- ${base}.down.sql`,
    '-- Undoes the .up.sql of the same name, for `confiture migrate down` (one transaction).',
    '-- If the migration cannot be undone, delete this file: `migrate down` then refuses to revert it.',
    '',
    '',
  ].join('\n');
}
