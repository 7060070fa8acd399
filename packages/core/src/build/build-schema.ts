import { isPgError } from '../connection/pg-error.js';
import { ConfitureError, formatLocation } from '../errors.js';
import {
  describeServerError,
  failureOfScript,
  findTransactionControl,
  locateByReplay,
  locationAt,
  rollbackQuietly,
  serverErrorDetails,
  type ScriptFailure,
  type ScriptSession,
} from '../migrations/script-errors.js';
import { splitStatements } from '../migrations/split-statements.js';
import { listSchemaFiles, type ListSchemaFilesOptions } from './schema-files.js';
import { readSqlFile } from './sql-file.js';

/** Options for {@link buildSchema}: where the schema files are. */
export type BuildSchemaOptions = ListSchemaFilesOptions;

/** What {@link buildSchema} applied. */
export interface BuildResult {
  /** Files in the order they were applied, with the time each took. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly durationMs: number }>;
  readonly durationMs: number;
}

interface LoadedFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Builds a database from the schema files (the order of {@link listSchemaFiles}) in ONE
 * transaction: either every file is applied or nothing is. Each file is sent whole through the
 * simple query protocol. The first failing statement rolls everything back and throws
 * `CONFITURE_BUILD_FAILED` located at its file:line:column, with the server's message,
 * SQLSTATE, detail and hint. Statements that cannot run in a transaction block
 * (`CREATE INDEX CONCURRENTLY`, `VACUUM`) and statements that would end the transaction
 * (`COMMIT`) are refused with a message saying so.
 *
 * Works the same on a server connection and on an embedded (PGlite) one.
 *
 * @example
 * ```ts
 * const connection = await connectPostgres(url);
 * try {
 *   const result = await buildSchema(connection, { root: process.cwd(), schemaDirs: ['db/schema'] });
 *   console.log(`${result.files.length} files in ${result.durationMs.toFixed(0)} ms`);
 * } finally {
 *   await connection.close();
 * }
 * ```
 */
export async function buildSchema(connection: ScriptSession, options: BuildSchemaOptions): Promise<BuildResult> {
  return buildSchemaThen(connection, options, async () => {});
}

/**
 * {@link buildSchema}, running `beforeCommit` inside the build's transaction after the last file,
 * so what it writes (a marker, say) exists exactly when the build does.
 */
export async function buildSchemaThen(connection: ScriptSession, options: BuildSchemaOptions, beforeCommit: () => Promise<void>): Promise<BuildResult> {
  const started = performance.now();
  const listed = await listSchemaFiles(options);
  const files: LoadedFile[] = await Promise.all(listed.map(async (f) => ({ path: f.path, text: (await readSqlFile(f.absolutePath)).text })));

  for (const file of files) {
    const control = findTransactionControl(splitStatements(file.text));
    if (control) {
      const location = locationAt(file.path, file.text, control.start);
      throw new ConfitureError({
        code: 'CONFITURE_BUILD_FAILED',
        message: `${formatLocation(location)}: "${control.text.slice(0, 40).trim()}" would end the transaction the build runs in. Nothing was applied.`,
        hint: 'Remove transaction control statements (BEGIN, COMMIT, ROLLBACK) from schema files: the build already applies all of them in one transaction.',
        location,
        details: { file: file.path },
      });
    }
  }

  const applied: Array<{ path: string; durationMs: number }> = [];
  await connection.query('begin');
  for (let k = 0; k < files.length; k++) {
    const file = files[k]!;
    const t0 = performance.now();
    try {
      await connection.exec(file.text);
    } catch (error) {
      await rollbackQuietly(connection);
      let failure = failureOfScript(file.text, error);
      if (failure.index === undefined) {
        // Re-create the state the file ran in (the files before it), then replay it statement by statement.
        failure = await locateByReplay(connection, failure, splitStatements(file.text), async () => {
          for (const before of files.slice(0, k)) await connection.exec(before.text);
        });
      }
      throw buildError(file, failure, applied.length);
    }
    applied.push({ path: file.path, durationMs: performance.now() - t0 });
  }
  try {
    await beforeCommit();
    await connection.query('commit');
  } catch (error) {
    await rollbackQuietly(connection);
    const info = failureOfScript('', error).info;
    throw new ConfitureError({
      code: 'CONFITURE_BUILD_FAILED',
      message: `Building the schema failed at commit (a deferred constraint or trigger, most likely): ${describeServerError(info)}. Nothing was applied.`,
      hint: info.hint ?? 'Check the deferred constraints and constraint triggers of the schema files.',
      details: serverErrorDetails(info),
      cause: error,
    });
  }
  return { files: applied, durationMs: performance.now() - started };
}

function buildError(file: LoadedFile, failure: ScriptFailure, appliedBefore: number): ConfitureError {
  const { info } = failure;
  const location = failure.index === undefined ? { file: file.path } : locationAt(file.path, file.text, failure.index);
  const where = formatLocation(location);
  const details = { file: file.path, filesAppliedBefore: appliedBefore, ...(failure.statement ? { statement: failure.statement.number } : {}) };
  if (!isPgError(failure.error)) {
    return new ConfitureError({
      code: 'CONFITURE_BUILD_FAILED',
      message: `Building the schema failed while applying ${where}: ${info.message}. The transaction was rolled back.`,
      hint: 'Check the connection to the database and run the build again.',
      location,
      details,
      cause: failure.error,
    });
  }
  if (info.code === '25001') {
    return new ConfitureError({
      code: 'CONFITURE_BUILD_FAILED',
      message: `${where}: ${info.message} (SQLSTATE 25001). The build applies all schema files in one transaction so that a failure leaves nothing half-built, and this statement cannot run in one. Nothing was applied.`,
      hint: 'Schema files build a new database where nothing needs protecting from locks: drop CONCURRENTLY from CREATE INDEX, and move statements like VACUUM, CREATE DATABASE or ALTER SYSTEM out of the schema directories.',
      location,
      details: { ...details, ...serverErrorDetails(info) },
      cause: failure.error,
    });
  }
  return new ConfitureError({
    code: 'CONFITURE_BUILD_FAILED',
    message: `Building the schema failed at ${where}: ${describeServerError(info)}. Nothing was applied: the build runs in one transaction and was rolled back.`,
    hint: info.hint ? `${info.hint} (server hint). Fix ${file.path} and build again.` : `Fix the statement in ${file.path} and build again.`,
    location,
    details: { ...details, ...serverErrorDetails(info) },
    cause: failure.error,
  });
}
