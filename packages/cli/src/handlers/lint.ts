import { ConfitureError, resolveDatabaseUrl, type Project } from '@confiture/core';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LintArgs } from '../commands/lint.js';
import type { CliContext } from '../runtime/context.js';
import { EXIT } from '../runtime/exit-codes.js';
import { out, useColor } from '../runtime/io.js';
import { loadProjectFor, withDatabase } from '../runtime/project.js';
import { projectSqlFiles } from '../runtime/source-files.js';

const LINT_FILE = /\.lint\.ya?ml$/i;

function list(values: readonly string[] | undefined): string[] | undefined {
  return values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

async function lintConfigFor(args: LintArgs, project: Project | null) {
  const lint = await import('@confiture/lint');
  // `--config` names the project config everywhere; a *.lint.yml given there is taken as the lint config.
  const explicit = args.lintConfig ?? (args.config && LINT_FILE.test(args.config) ? args.config : undefined);
  if (explicit) return lint.loadLintConfig({ cwd: args.cwd, file: explicit });
  const root = project?.root ?? resolve(args.cwd);
  if (lint.LINT_CONFIG_FILES.some((name) => existsSync(join(root, name)))) return lint.loadLintConfig({ cwd: root });
  if (project && project.sections.lint.value !== undefined) {
    return lint.resolveLintConfig(project.sections.lint, { baseDir: project.root, file: project.configFile });
  }
  return lint.loadLintConfig({ cwd: root });
}

/** The database URL by the usual precedence when there is no project (so no files): flag, then the variables. */
function urlWithoutProject(args: LintArgs, ctx: CliContext): string | null {
  return resolveDatabaseUrl({ flag: args.databaseUrl, processEnv: ctx.io.env })?.url ?? null;
}

async function projectOrNull(args: LintArgs, ctx: CliContext): Promise<Project | null> {
  try {
    // A lint config given as --config is not the project config.
    return await loadProjectFor(args.config && LINT_FILE.test(args.config) ? { ...args, config: undefined } : args, ctx);
  } catch (error) {
    // Linting a live database needs no project.
    if ((error as { code?: string }).code === 'CONFITURE_CONFIG_NOT_FOUND' && urlWithoutProject(args, ctx) !== null) return null;
    throw error;
  }
}

export async function lint(args: LintArgs, ctx: CliContext): Promise<void> {
  const lintLib = await import('@confiture/lint');
  const color = useColor(ctx.io, args.color);
  if (args.listRules) {
    // The project's plugins are listed too; listing needs neither a project nor a database.
    const project = await loadProjectFor(args.config && LINT_FILE.test(args.config) ? { ...args, config: undefined } : args, ctx).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'CONFITURE_CONFIG_NOT_FOUND') return null;
      throw error;
    });
    const loaded = await lintConfigFor(args, project);
    const rules = lintLib.listRules(lintLib.createRegistry({ rules: loaded.plugins }));
    if (args.format === 'json') out(ctx.io, JSON.stringify({ rules }, null, 2));
    else for (const r of rules) out(ctx.io, `${r.id.padEnd(22)} ${r.severity.padEnd(8)} ${r.description}`);
    return;
  }
  // Checked before a database is built or reached: a typo should not cost an embedded build.
  if (args.sample !== undefined && !(Number.isInteger(args.sample) && args.sample >= 0)) throw sampleNotACount(args.sample);
  const project = await projectOrNull(args, ctx);
  const loaded = await lintConfigFor(args, project);
  const format = args.format ?? loaded.config.output_format;
  const select = list(args.select);
  const ignore = list(args.ignore);
  const options = {
    ...(select ? { select } : {}),
    ...(ignore ? { ignore } : {}),
    ...(args.sample === undefined ? {} : { sample: args.sample }),
  };

  let result: Awaited<ReturnType<typeof lintLib.lint>>;
  if (project) {
    result = await withDatabase(project, args, ctx, 'fresh-with-migrations', async (db) => {
      if (db.embedded && args.sample) throw sampleNeedsServer();
      // Files give findings their file:line; on a live server they are the project's view of the schema.
      const files = await projectSqlFiles(project, { migrations: true });
      return lintLib.lint(db.connection, loaded, { ...options, files, source: db.embedded ? 'embedded' : 'database' });
    });
  } else {
    const { connectPostgres } = await import('@confiture/core');
    const connection = await connectPostgres(urlWithoutProject(args, ctx) ?? '');
    try {
      result = await lintLib.lint(connection, loaded, { ...options, source: 'database' });
    } finally {
      await connection.close();
    }
  }
  const configFile = loaded.file ?? project?.configFile;
  const relativeConfig = configFile && project ? project.displayPath(configFile) : undefined;
  out(ctx.io, lintLib.formatResult(result, format, { color, ...(relativeConfig ? { configFile: relativeConfig } : {}) }));
  if (lintLib.shouldFail(result, loaded, args.failOnWarning === undefined ? {} : { failOnWarning: args.failOnWarning })) ctx.exit(EXIT.failed);
}

function sampleNotACount(value: number): ConfitureError {
  return new ConfitureError({
    code: 'CONFITURE_USAGE',
    message: `--sample takes a whole number of rows per column (0 or more), got ${Number.isNaN(value) ? 'a value that is not a number' : String(value)}.`,
    hint: 'For instance --sample 50; leave it out to read no table data.',
  });
}

function sampleNeedsServer(): ConfitureError {
  return new ConfitureError({
    code: 'CONFITURE_USAGE',
    message: '--sample reads column values from a live database; the embedded database built from files has no data.',
    hint: 'Give a --database-url (or CONFITURE_DATABASE_URL), or drop --sample.',
  });
}
