import { ConfitureError, parseDuration, type Connection, type Project } from '@confiture/core';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pc from 'picocolors';
import type { DryRunFlags } from '../commands/dry-run-options.js';
import type { DryRunArgs } from '../commands/dry-run.js';
import type { MigrateUpArgs } from '../commands/migrate.js';
import type { CliContext, GlobalArgs } from '../runtime/context.js';
import { EXIT } from '../runtime/exit-codes.js';
import { note, out, useColor } from '../runtime/io.js';
import { loadProjectFor, migrationFiles, openDatabase } from '../runtime/project.js';

function duration(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(/^\d+$/.test(value) ? Number(value) : value);
  if (ms === undefined) throw new ConfitureError({ code: 'CONFITURE_USAGE', message: `${flag} ${value} is not a duration.`, hint: `Write it like 2s, 500ms or 1min (${flag} 5s).` });
  return ms;
}

async function tableSizes(path: string | undefined, cwd: string): Promise<Record<string, { rows: number; bytes?: number }> | undefined> {
  if (path === undefined) return undefined;
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ConfitureError({ code: 'CONFITURE_FILE_NOT_FOUND', message: `--table-sizes file not found: ${path}.`, hint: 'Give a JSON file like {"public.orders": {"rows": 50000000}}.' });
  }
  try {
    return JSON.parse(text) as Record<string, { rows: number; bytes?: number }>;
  } catch (error) {
    throw new ConfitureError({ code: 'CONFITURE_USAGE', message: `--table-sizes ${path} is not valid JSON: ${(error as Error).message}.`, hint: 'Give a JSON file like {"public.orders": {"rows": 50000000}}.' });
  }
}

async function options(flags: DryRunFlags, cwd: string) {
  const lockTimeoutMs = duration(flags.lockTimeout, '--lock-timeout');
  const statementTimeoutMs = duration(flags.statementTimeout, '--statement-timeout');
  const sizes = await tableSizes(flags.tableSizes, cwd);
  return {
    static: flags.static,
    verify: flags.verify,
    ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }),
    ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }),
    ...(flags.rowsScale === undefined ? {} : { rowsScale: flags.rowsScale }),
    ...(sizes === undefined ? {} : { tableSizes: sizes }),
  };
}

async function projectOrNull(args: GlobalArgs, ctx: CliContext): Promise<Project | null> {
  try {
    return await loadProjectFor(args, ctx);
  } catch (error) {
    // Any SQL file can be dry-run, project or not.
    if ((error as { code?: string }).code === 'CONFITURE_CONFIG_NOT_FOUND' && args.config === undefined) return null;
    throw error;
  }
}

/** The database a dry-run runs on: configured, the project's embedded one, or an empty embedded one. */
async function openFor(args: GlobalArgs & DryRunFlags, ctx: CliContext, project: Project | null): Promise<Connection | null> {
  if (project) return (await openDatabase(project, args, ctx, 'persistent')).connection;
  const core = await import('@confiture/core');
  const resolved = core.resolveDatabaseUrl({ flag: args.databaseUrl, processEnv: ctx.io.env });
  if (resolved) return core.connectPostgres(resolved.url);
  if (args.static) return null;
  note(ctx.io, pc.createColors(useColor(ctx.io, args.color)).dim('No project and no database URL: dry-running on an empty embedded PostgreSQL (PGlite).'));
  return core.openEmbedded();
}

type ReportFormat = 'text' | 'json' | 'markdown';

/** Runs the dry-run on an open connection (or none, static), prints the report, sets the exit code. */
async function runAndReport(
  args: GlobalArgs & DryRunFlags & { format: ReportFormat },
  ctx: CliContext,
  connection: Connection | null,
  files: string[],
  cwd: string,
): Promise<void> {
  const dryRunLib = await import('@confiture/dry-run');
  const report = await dryRunLib.dryRun(connection, { files }, { ...(await options(args, args.cwd)), cwd });
  out(ctx.io, dryRunLib.renderReport(report, args.format, { color: useColor(ctx.io, args.color) }));
  if (report.summary.failed > 0) ctx.exit(EXIT.failed);
  if (args.failOn && dryRunLib.reportExceedsRisk(report, args.failOn)) ctx.exit(EXIT.failed);
}

export async function dryRunFiles(args: DryRunArgs, ctx: CliContext): Promise<void> {
  const project = await projectOrNull(args, ctx);
  const connection = await openFor(args, ctx, project);
  try {
    // Paths stay as the user typed them (relative to --cwd), so report locations read the same.
    await runAndReport(args, ctx, connection, args.files, resolve(args.cwd));
  } finally {
    await connection?.close();
  }
}

export async function dryRunPending(args: MigrateUpArgs, ctx: CliContext): Promise<void> {
  const project = await loadProjectFor(args, ctx);
  const core = await import('@confiture/core');
  // Pending is judged on the database the run targets: the configured one or the project's embedded one.
  const { connection } = await openDatabase(project, args, ctx, 'persistent');
  try {
    const status = await core.migrationStatus(connection, migrationFiles(project));
    const pending = status.migrations.filter((m) => !m.applied && (args.target === undefined || BigInt(m.version) <= BigInt(args.target))).map((m) => m.file);
    if (pending.length === 0) {
      if (args.format === 'json') out(ctx.io, JSON.stringify({ version: 1, statements: [], summary: { statements: 0, failed: 0 }, note: 'no pending migrations' }, null, 2));
      else out(ctx.io, 'No pending migrations: nothing to dry-run.');
      return;
    }
    note(ctx.io, `Dry-running ${pending.length} pending migration(s) in a transaction that always rolls back.`);
    await runAndReport(args, ctx, connection, pending, project.root);
  } finally {
    await connection.close();
  }
}
