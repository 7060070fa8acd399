import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { buildSchema, buildSchemaThen, type BuildResult } from './build/build-schema.js';
import { displayPath } from './build/schema-files.js';
import { openEmbedded } from './connection/embedded.js';
import { ConfitureError } from './errors.js';
import { migrateUp, type MigrateUpResult } from './migrations/migrate-up.js';
import { quoteIdent } from './migrations/tracking-table.js';
import type { Connection } from './queryable.js';

/** Options for {@link openEmbeddedProject}. */
export interface OpenEmbeddedProjectOptions {
  /** Project root; the other paths are relative to it. */
  readonly root: string;
  /** Directories of the baseline schema (e.g. `['db/schema']`), see `listSchemaFiles`. */
  readonly schemaDirs: readonly string[];
  /** `persistent`: the database kept in `dataDir`; `fresh`: a new in-memory one. */
  readonly mode: 'persistent' | 'fresh';
  /** Where the persistent database lives (e.g. `.confiture/embedded`). Required in `persistent` mode. */
  readonly dataDir?: string;
  /** Apply pending migrations after opening (lint and dry-run use it to see the final state). Default false. */
  readonly applyMigrations?: boolean;
  /** Migrations directory, needed with `applyMigrations` (e.g. `db/migrations`). */
  readonly migrationsDir?: string;
  /** Tracking table of the migrations (default `confiture_migrations`). */
  readonly trackingTable?: string;
}

/** The embedded database of a project, opened. Close `connection` when done. */
export interface EmbeddedProject {
  readonly connection: Connection;
  /** True when the database was created (and built) by this call. */
  readonly created: boolean;
  /** The build, when the database was created by this call; null otherwise. */
  readonly built: BuildResult | null;
  /** The migrations applied, with `applyMigrations`; null otherwise. */
  readonly migrations: MigrateUpResult | null;
}

const MARKER = 'confiture:embedded-project';

/**
 * Opens the embedded (PGlite) database of a project.
 *
 * The model: the schema directories (`db/schema`) hold the baseline schema; migrations
 * (`db/migrations`) evolve it from there; the embedded database is a persistent local database
 * built from the baseline the first time it is opened and then kept in `dataDir` between runs, the
 * way a development database would be. `mode: 'fresh'` builds a throw-away in-memory copy instead.
 * With `applyMigrations`, pending migrations are applied after opening, so the database shows the
 * final state (and, in persistent mode, they are recorded as applied there).
 *
 * A database is known to be built by a marker the build writes in its own transaction (a comment
 * on the database): a persistent directory without it (an interrupted build, a foreign directory)
 * is refused with `CONFITURE_EMBEDDED_INCOMPLETE`; {@link resetEmbeddedProject} clears it.
 *
 * @example
 * ```ts
 * const project = await openEmbeddedProject({
 *   root: process.cwd(), schemaDirs: ['db/schema'], migrationsDir: 'db/migrations',
 *   mode: 'persistent', dataDir: '.confiture/embedded', applyMigrations: true,
 * });
 * try {
 *   const { rows } = await project.connection.query('select count(*) from pg_tables');
 * } finally {
 *   await project.connection.close();
 * }
 * ```
 */
export async function openEmbeddedProject(options: OpenEmbeddedProjectOptions): Promise<EmbeddedProject> {
  const root = resolve(options.root);
  if (options.applyMigrations && options.migrationsDir === undefined) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: 'Applying migrations to the embedded database needs the migrations directory.',
      hint: 'Pass migrationsDir (e.g. db/migrations) along with applyMigrations.',
    });
  }
  let opened: { connection: Connection; created: boolean; built: BuildResult | null };
  if (options.mode === 'fresh') {
    const connection = await openEmbedded();
    opened = { connection, created: true, built: await closeOnError(connection, () => buildSchema(connection, { root, schemaDirs: options.schemaDirs })) };
  } else {
    opened = await openPersistent(root, options);
  }
  const { connection } = opened;
  const migrations = options.applyMigrations
    ? await closeOnError(connection, () =>
        migrateUp(connection, { root, migrationsDir: options.migrationsDir!, ...(options.trackingTable === undefined ? {} : { trackingTable: options.trackingTable }) }),
      )
    : null;
  return { ...opened, migrations };
}

async function openPersistent(root: string, options: OpenEmbeddedProjectOptions): Promise<{ connection: Connection; created: boolean; built: BuildResult | null }> {
  const dataDir = requireDataDir(root, options.dataDir);
  const shown = displayPath(root, dataDir);
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    const connection = await openEmbedded({ dataDir });
    const built = await closeOnError(connection, () => readMarker(connection));
    if (!built) {
      await connection.close();
      throw new ConfitureError({
        code: 'CONFITURE_EMBEDDED_INCOMPLETE',
        message: `The embedded database in ${shown} was not built from the schema by Confiture (its build was interrupted, or the directory holds another database).`,
        hint: `Rebuild it with \`confiture build\` (this deletes ${shown} and builds it again from the schema), or point the embedded data directory elsewhere.`,
        details: { dataDir: shown },
      });
    }
    return { connection, created: false, built: null };
  }
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    throw new ConfitureError({
      code: 'CONFITURE_EMBEDDED_INCOMPLETE',
      message: `The embedded data directory ${shown} is not empty and holds no database: Confiture will not create a database over files it does not know.`,
      hint: `Point the embedded data directory at a new or empty directory, or empty ${shown} yourself.`,
      details: { dataDir: shown },
    });
  }
  await mkdir(dataDir, { recursive: true });
  let connection: Connection | undefined;
  try {
    connection = await openEmbedded({ dataDir });
    const session = connection;
    const built = await buildSchemaThen(session, { root, schemaDirs: options.schemaDirs }, () => writeMarker(session));
    return { connection, created: true, built };
  } catch (error) {
    // Leave nothing half-made behind: the next open creates it again.
    await connection?.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Deletes the persistent embedded database of a project (its data directory), so the next
 * {@link openEmbeddedProject} builds it again from the schema. Used by `confiture build` on the
 * embedded database. Refuses a directory that contains the project root or that holds files but
 * no database. Returns whether something was deleted.
 *
 * @example
 * ```ts
 * await resetEmbeddedProject({ root: process.cwd(), dataDir: '.confiture/embedded' });
 * ```
 */
export async function resetEmbeddedProject(options: { readonly root: string; readonly dataDir: string }): Promise<{ removed: boolean }> {
  const root = resolve(options.root);
  const dataDir = requireDataDir(root, options.dataDir);
  const shown = displayPath(root, dataDir);
  const fromData = relative(dataDir, root);
  if (fromData === '' || !fromData.startsWith('..') || dirname(dataDir) === dataDir) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `Refusing to delete ${shown}: the embedded data directory must not contain the project.`,
      hint: 'Set the embedded data directory to a directory of its own, e.g. .confiture/embedded.',
      details: { dataDir: shown },
    });
  }
  if (!existsSync(dataDir)) return { removed: false };
  const entries = await readdir(dataDir);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `Refusing to delete ${shown}: it holds files but no embedded database.`,
      hint: 'Check the embedded data directory setting; delete the directory yourself if it is really meant to be reset.',
      details: { dataDir: shown },
    });
  }
  await rm(dataDir, { recursive: true, force: true });
  return { removed: true };
}

function requireDataDir(root: string, dataDir: string | undefined): string {
  if (dataDir === undefined || dataDir.trim() === '') {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: 'The persistent embedded database needs a data directory.',
      hint: 'Pass dataDir (e.g. .confiture/embedded), or use mode "fresh" for an in-memory database.',
    });
  }
  return resolve(root, dataDir);
}

async function writeMarker(connection: Connection): Promise<void> {
  const { rows } = await connection.query<{ db: string }>('select current_database() as db');
  const note = `${MARKER} ${JSON.stringify({ builtAt: new Date().toISOString() })}`;
  await connection.query(`comment on database ${quoteIdent(rows[0]?.db ?? 'postgres')} is '${note.replace(/'/g, "''")}'`);
}

async function readMarker(connection: Connection): Promise<boolean> {
  const { rows } = await connection.query<{ note: string | null }>(
    `select shobj_description(oid, 'pg_database') as note from pg_database where datname = current_database()`,
  );
  return rows[0]?.note?.startsWith(MARKER) === true;
}

async function closeOnError<T>(connection: Connection, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
}
