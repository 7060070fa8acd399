import { buildSchema } from '@confiture/core';
import type { BuildArgs } from '../commands/build.js';
import type { CliContext } from '../runtime/context.js';
import { out } from '../runtime/io.js';
import { formatMs, loadProjectFor, withDatabase } from '../runtime/project.js';

export async function build(args: BuildArgs, ctx: CliContext): Promise<void> {
  const project = await loadProjectFor(args, ctx);
  const result = await withDatabase(project, args, ctx, 'rebuild', async (db) => ({
    label: db.connection.label,
    // Opening the embedded database after a reset builds it; a server is built here.
    build: db.built ?? (await buildSchema(db.connection, { root: project.root, schemaDirs: project.schemaDirs })),
  }));
  if (args.format === 'json') {
    out(ctx.io, JSON.stringify({ database: result.label, files: result.build.files, durationMs: result.build.durationMs }, null, 2));
    return;
  }
  out(ctx.io, `Built ${result.build.files.length} schema file(s) into ${result.label} in ${formatMs(result.build.durationMs)}.`);
}
