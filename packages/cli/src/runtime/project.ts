import type { Connection, Project } from '@confiture/core';
import pc from 'picocolors';
import type { CliContext, GlobalArgs } from './context.js';
import { note, useColor } from './io.js';

/** Loads confiture.yaml (and the environment file) the way every command does. */
export async function loadProjectFor(args: GlobalArgs, ctx: CliContext): Promise<Project> {
  const { loadProject } = await import('@confiture/core');
  const project = await loadProject({ cwd: args.cwd, configFile: args.config, env: args.env, databaseUrl: args.databaseUrl, processEnv: ctx.io.env });
  const c = pc.createColors(useColor(ctx.io, args.color));
  for (const warning of project.warnings) note(ctx.io, `${c.yellow('warning')} ${warning.message}`);
  return project;
}

/** How a command wants the embedded database when no URL is configured. */
export type EmbeddedMode =
  /** The project's persistent database, built from db/schema the first time. */
  | 'persistent'
  /** The persistent database, deleted and rebuilt (confiture build). */
  | 'rebuild'
  /** A throw-away in-memory database built from db/schema plus every migration (lint). */
  | 'fresh-with-migrations';

/** An open database: the configured server, or the project's embedded one. */
export interface OpenDatabase {
  readonly connection: Connection;
  readonly embedded: boolean;
  /** The embedded build this call did, if any (so `build` does not build twice). */
  readonly built: import('@confiture/core').BuildResult | null;
}

/**
 * Opens the configured database, or the embedded one when no URL is configured, and says
 * so in one line on stderr (stdout stays machine-readable).
 */
export async function openDatabase(project: Project, args: GlobalArgs, ctx: CliContext, mode: EmbeddedMode): Promise<OpenDatabase> {
  const core = await import('@confiture/core');
  const database = project.database;
  if (database) {
    const connection = await core.connectPostgres(database.url);
    return { connection, embedded: false, built: null };
  }
  const c = pc.createColors(useColor(ctx.io, args.color));
  const dataDir = project.displayPath(project.embeddedDataDir);
  const where = mode === 'fresh-with-migrations' ? 'an in-memory copy built from the schema and migrations' : dataDir;
  note(ctx.io, c.dim(`No database URL configured: using the embedded PostgreSQL (PGlite), ${where}.`));
  if (mode === 'rebuild') await core.resetEmbeddedProject({ root: project.root, dataDir: project.embeddedDataDir });
  const opened = await core.openEmbeddedProject({
    ...migrationFiles(project),
    schemaDirs: project.schemaDirs,
    ...(mode === 'fresh-with-migrations' ? { mode: 'fresh' as const, applyMigrations: true } : { mode: 'persistent' as const, dataDir: project.embeddedDataDir }),
  });
  return { connection: opened.connection, embedded: true, built: opened.built };
}

/** Runs `fn` with an open database and closes it whatever happens. */
export async function withDatabase<T>(project: Project, args: GlobalArgs, ctx: CliContext, mode: EmbeddedMode, fn: (db: OpenDatabase) => Promise<T>): Promise<T> {
  const db = await openDatabase(project, args, ctx, mode);
  try {
    return await fn(db);
  } finally {
    await db.connection.close();
  }
}

/** Where the project's migrations are and how they are tracked: the options every migrator call shares. */
export function migrationFiles(project: Project): { root: string; migrationsDir: string; trackingTable: string } {
  return { root: project.root, migrationsDir: project.migrationsDir, trackingTable: project.trackingTable };
}

/**
 * Runs `fn` on the project's database set up to apply migrations: the configured timeouts on the
 * session, and the migrator options with the advisory lock's wait.
 */
export function withMigrationSession<T>(
  project: Project,
  args: GlobalArgs,
  ctx: CliContext,
  fn: (connection: Connection, options: ReturnType<typeof migrationFiles> & { lockWaitTimeoutMs: number }) => Promise<T>,
): Promise<T> {
  return withDatabase(project, args, ctx, 'persistent', async (db) => {
    await applyMigrationTimeouts(project, db.connection);
    return fn(db.connection, { ...migrationFiles(project), lockWaitTimeoutMs: project.lockWaitTimeoutMs });
  });
}

/** Milliseconds for people. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * Applies `migrate.lock_timeout` and `migrate.statement_timeout` to the migration session, so
 * every migration (transactional or not) runs under them.
 */
async function applyMigrationTimeouts(project: Project, connection: Connection): Promise<void> {
  if (project.lockTimeoutMs !== null) await connection.exec(`set lock_timeout = ${Math.trunc(project.lockTimeoutMs)}`);
  if (project.statementTimeoutMs !== null) await connection.exec(`set statement_timeout = ${Math.trunc(project.statementTimeoutMs)}`);
}
