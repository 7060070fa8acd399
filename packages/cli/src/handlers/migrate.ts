import { generateMigration, migrateDown, migrateUp, migrationStatus, type MigrationStatus } from '@confiture/core';
import pc from 'picocolors';
import type { MigrateDownArgs, MigrateGenerateArgs, MigrateStatusArgs, MigrateUpArgs } from '../commands/migrate.js';
import type { CliContext } from '../runtime/context.js';
import { out, useColor } from '../runtime/io.js';
import { formatMs, loadProjectFor, migrationFiles, withDatabase, withMigrationSession } from '../runtime/project.js';

export async function up(args: MigrateUpArgs, ctx: CliContext): Promise<void> {
  if (args.dryRun) {
    const { dryRunPending } = await import('./dry-run.js');
    return dryRunPending(args, ctx);
  }
  const project = await loadProjectFor(args, ctx);
  const c = pc.createColors(useColor(ctx.io, args.color));
  const result = await withMigrationSession(project, args, ctx, (connection, options) =>
    migrateUp(connection, { ...options, allowDrift: args.allowDrift, ...(args.target === undefined ? {} : { target: args.target }) }),
  );
  if (args.format === 'json') {
    out(ctx.io, JSON.stringify(result, null, 2));
    return;
  }
  for (const drift of result.drifted) out(ctx.io, `${c.yellow('drift')} ${drift.version} ${drift.name}: applied file changed since (allowed by --allow-drift)`);
  for (const missing of result.missingFiles) out(ctx.io, `${c.yellow('missing')} ${missing.version}: applied but its file is gone`);
  if (result.upToDate) {
    out(ctx.io, `Already up to date (${result.alreadyApplied} applied).`);
    return;
  }
  for (const m of result.applied) out(ctx.io, `${c.green('applied')} ${m.version} ${m.name} ${c.dim(formatMs(m.durationMs))}`);
  const left = result.remaining.length ? `; ${result.remaining.length} pending after the target` : '';
  out(ctx.io, `Applied ${result.applied.length} migration(s) in ${formatMs(result.durationMs)}${left}.`);
}

export async function down(args: MigrateDownArgs, ctx: CliContext): Promise<void> {
  const project = await loadProjectFor(args, ctx);
  const c = pc.createColors(useColor(ctx.io, args.color));
  const result = await withMigrationSession(project, args, ctx, (connection, options) => migrateDown(connection, { ...options, steps: args.steps }));
  if (args.format === 'json') {
    out(ctx.io, JSON.stringify(result, null, 2));
    return;
  }
  if (result.reverted.length === 0) out(ctx.io, 'Nothing to revert.');
  for (const m of result.reverted) out(ctx.io, `${c.yellow('reverted')} ${m.version} ${m.name} ${c.dim(formatMs(m.durationMs))}`);
  if (result.reverted.length) out(ctx.io, `Reverted ${result.reverted.length} migration(s); ${result.stillApplied} still applied.`);
}

export async function status(args: MigrateStatusArgs, ctx: CliContext): Promise<void> {
  const project = await loadProjectFor(args, ctx);
  const result = await withDatabase(project, args, ctx, 'persistent', (db) =>
    migrationStatus(db.connection, migrationFiles(project)),
  );
  if (args.format === 'json') {
    out(ctx.io, JSON.stringify(result, null, 2));
    return;
  }
  out(ctx.io, renderStatus(result, useColor(ctx.io, args.color)));
}

/** The status as an aligned table with a summary line. */
export function renderStatus(status: MigrationStatus, color: boolean): string {
  const c = pc.createColors(color);
  if (status.migrations.length === 0 && status.missingFiles.length === 0) return 'No migrations yet: create one with `confiture migrate generate <name>`.';
  const rows = status.migrations.map((m) => [
    m.version,
    m.name,
    m.applied ? (m.drift ? c.red('applied, file changed') : c.green('applied')) : c.yellow('pending'),
    m.appliedAt ?? '',
  ]);
  for (const missing of status.missingFiles) rows.push([missing.version, missing.name ?? '', c.red('applied, file missing'), missing.appliedAt ?? '']);
  const header = ['version', 'name', 'state', 'applied at'];
  // Width ignores ANSI codes so colored cells stay aligned.
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - visible(cell))).join('  ').trimEnd();
  const summary = `${status.applied} applied, ${status.pending} pending${status.drifted ? `, ${status.drifted} changed since applied` : ''}${status.missingFiles.length ? `, ${status.missingFiles.length} missing file(s)` : ''}.`;
  return [c.bold(line(header)), ...rows.map(line), '', summary].join('\n');
}

export async function generate(args: MigrateGenerateArgs, ctx: CliContext): Promise<void> {
  const project = await loadProjectFor(args, ctx);
  const created = await generateMigration({ root: project.root, migrationsDir: project.migrationsDir, name: args.name });
  if (args.format === 'json') {
    out(ctx.io, JSON.stringify(created, null, 2));
    return;
  }
  out(ctx.io, `Created ${created.up}\n        ${created.down}`);
}
