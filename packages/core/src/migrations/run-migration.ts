import { isPgError } from '../connection/pg-error.js';
import { ConfitureError, formatLocation } from '../errors.js';
import type { MigrationFile } from './migration-files.js';
import { phaseError, type MigrationPhaseContext, type MigrationRun, type OnPhase } from './phases.js';
import {
  describeServerError,
  failureOfScript,
  findTransactionControl,
  locateByReplay,
  locationAt,
  rollbackQuietly,
  runStatements,
  serverErrorDetails,
  type ScriptFailure,
  type ScriptSession,
} from './script-errors.js';
import { splitStatements } from './split-statements.js';

/** A session the migrator can use: statements, scripts, and a label for messages. */
export type MigrationSession = ScriptSession & { readonly label?: string };

/** One migration to run in one direction. */
export interface MigrationStep {
  readonly direction: 'up' | 'down';
  readonly migration: MigrationFile;
  /** Path of the script for messages (the .up.sql or the .down.sql). */
  readonly file: string;
  readonly text: string;
  readonly noTransaction: boolean;
  /** The tracking-table write that makes the step count, given the SQL's duration: one statement, values inlined. */
  readonly record: (durationMs: number) => string;
}

/** The run a step belongs to, for phase callbacks and messages. */
export interface StepRun {
  readonly direction: 'up' | 'down';
  readonly session: MigrationSession;
  readonly planned: MigrationPhaseContext['planned'];
  readonly applied: readonly MigrationRun[];
  readonly onPhase: OnPhase | undefined;
  readonly trackingTable: string;
}

type Stage = 'begin' | 'hook' | 'sql' | 'record' | 'finish';

/** The phase context of a step. */
export function stepContext(run: StepRun, step: MigrationStep | undefined, error?: ConfitureError): MigrationPhaseContext {
  return {
    direction: run.direction,
    connection: run.session.label ?? 'database',
    migration: step ? { version: step.migration.version, name: step.migration.name, file: step.file, noTransaction: step.noTransaction } : undefined,
    planned: run.planned,
    applied: [...run.applied],
    queryable: run.session,
    error,
  };
}

/**
 * Refuses a transactional script that would end the transaction it runs in: its later
 * statements and its tracking row would then be committed separately.
 */
export function checkTransactionControl(step: MigrationStep): void {
  if (step.noTransaction) return;
  const control = findTransactionControl(splitStatements(step.text));
  if (!control) return;
  const location = locationAt(step.file, step.text, control.start);
  throw new ConfitureError({
    code: 'CONFITURE_MIGRATION_FAILED',
    message: `${formatLocation(location)}: "${control.text.slice(0, 40).trim()}" would end the transaction Confiture runs migration ${id(step)} in. Nothing was run.`,
    hint: 'Remove BEGIN/COMMIT/ROLLBACK from the migration: each migration already runs in its own transaction. To manage transactions yourself, make `-- confiture:no-transaction` its first line.',
    location,
    details: { version: step.migration.version, name: step.migration.name, file: step.file },
  });
}

/**
 * Runs one migration step: in its own transaction (BEGIN; script; tracking row; COMMIT), or,
 * for no-transaction scripts, statement by statement followed by the tracking row. On failure
 * the transaction is rolled back and a located `CONFITURE_MIGRATION_FAILED` is thrown.
 * Returns the duration of the SQL in milliseconds.
 */
export async function runStep(run: StepRun, step: MigrationStep): Promise<number> {
  return step.noTransaction ? runWithoutTransaction(run, step) : runInTransaction(run, step);
}

async function runInTransaction(run: StepRun, step: MigrationStep): Promise<number> {
  const { session, onPhase } = run;
  // Round trips are most of a small migration's cost: without a before-migration callback the
  // BEGIN travels with the script, and the tracking row always travels with the COMMIT.
  const prefix = onPhase ? '' : 'begin;\n';
  let stage: Stage = 'begin';
  let durationMs = 0;
  try {
    if (onPhase) {
      await session.query('begin');
      stage = 'hook';
      await onPhase('before-migration', stepContext(run, step));
    }
    stage = 'sql';
    const t0 = performance.now();
    await session.exec(prefix + step.text);
    durationMs = performance.now() - t0;
    stage = 'finish';
    await session.exec(`${step.record(durationMs)};\ncommit`);
    return durationMs;
  } catch (error) {
    await rollbackQuietly(session);
    if (stage === 'hook') throw phaseError('before-migration', error, `Migration ${id(step)} was rolled back; nothing of it was applied.`, step.migration, run.applied);
    if (stage !== 'sql') throw stageError(run, step, stage, failureOfScript('', error));
    let failure = failureOfScript(step.text, error, prefix.length);
    if (failure.index === undefined) failure = await locateByReplay(session, failure, splitStatements(step.text));
    throw sqlError(run, step, failure);
  }
}

async function runWithoutTransaction(run: StepRun, step: MigrationStep): Promise<number> {
  const { session } = run;
  try {
    await run.onPhase?.('before-migration', stepContext(run, step));
  } catch (error) {
    throw phaseError('before-migration', error, `Migration ${id(step)} was not run.`, step.migration, run.applied);
  }
  const statements = splitStatements(step.text);
  const t0 = performance.now();
  const failure = await runStatements(session, statements);
  if (failure) {
    // The script may have opened a transaction of its own: never leave the session inside it.
    await rollbackQuietly(session);
    throw sqlError(run, step, failure);
  }
  const durationMs = performance.now() - t0;
  try {
    await session.exec(step.record(durationMs));
  } catch (error) {
    throw stageError(run, step, 'record', failureOfScript('', error));
  }
  return durationMs;
}

function id(step: MigrationStep): string {
  return `${step.migration.version}_${step.migration.name}`;
}

function baseDetails(run: StepRun, step: MigrationStep): Record<string, unknown> {
  return {
    version: step.migration.version,
    name: step.migration.name,
    file: step.file,
    direction: step.direction,
    noTransaction: step.noTransaction,
    applied: run.applied.map((m) => `${m.version}_${m.name}`),
  };
}

function appliedNote(run: StepRun, step: MigrationStep): string {
  if (run.applied.length === 0) return '';
  const verb = step.direction === 'up' ? 'applied' : 'reverted';
  const list = run.applied.map((m) => `${m.version}_${m.name}`).join(', ');
  return ` The ${run.applied.length} migration${run.applied.length === 1 ? '' : 's'} ${verb} before it in this run stay${run.applied.length === 1 ? 's' : ''} ${verb}: ${list}.`;
}

function sqlError(run: StepRun, step: MigrationStep, failure: ScriptFailure): ConfitureError {
  const { info } = failure;
  const location = failure.index === undefined ? { file: step.file } : locationAt(step.file, step.text, failure.index);
  const where = formatLocation(location);
  const doing = step.direction === 'up' ? `Migration ${id(step)}` : `Reverting migration ${id(step)}`;
  const statement = failure.statement && step.noTransaction ? ` (statement ${failure.statement.number} of ${failure.statement.count})` : '';
  const reason = isPgError(failure.error) ? describeServerError(info) : info.message;
  let outcome: string;
  let hint: string;
  if (step.noTransaction) {
    const ran = (failure.statement?.number ?? 1) - 1;
    outcome =
      ran === 0
        ? ` No statement of it had run; it is not recorded as ${step.direction === 'up' ? 'applied' : 'reverted'}.`
        : ` It runs without a transaction: its first ${ran} statement${ran === 1 ? '' : 's'} ran and stay${ran === 1 ? 's' : ''}; it is not recorded as ${step.direction === 'up' ? 'applied' : 'reverted'}.`;
    hint =
      (info.hint ? `${info.hint} (server hint). ` : '') +
      'Fix the statement and make the statements before it safe to run again (IF NOT EXISTS, IF EXISTS) before running again. A failed CREATE INDEX CONCURRENTLY leaves an INVALID index behind: drop it first.';
  } else {
    outcome =
      step.direction === 'up'
        ? ' It was rolled back: nothing of it was applied and the tracking table is unchanged.'
        : ' It was rolled back: the migration is still applied.';
    hint =
      info.code === '25001'
        ? 'This statement cannot run inside a transaction block: make `-- confiture:no-transaction` the first line of the file so its statements run one by one, outside a transaction.'
        : `${info.hint ? `${info.hint} (server hint). ` : ''}Fix ${step.file} and run the command again.`;
    if (!isPgError(failure.error)) hint = 'Check the connection to the database and run the command again.';
  }
  return new ConfitureError({
    code: 'CONFITURE_MIGRATION_FAILED',
    message: `${doing} failed at ${where}${statement}: ${reason}.${outcome}${appliedNote(run, step)}`,
    hint,
    location,
    details: {
      ...baseDetails(run, step),
      ...(failure.statement ? { statement: failure.statement.number, statements: failure.statement.count } : {}),
      ...(isPgError(failure.error) ? serverErrorDetails(info) : {}),
    },
    cause: failure.error,
  });
}

function stageError(run: StepRun, step: MigrationStep, stage: Exclude<Stage, 'hook' | 'sql'>, failure: ScriptFailure): ConfitureError {
  const { info } = failure;
  const doing = step.direction === 'up' ? `Migration ${id(step)}` : `Reverting migration ${id(step)}`;
  const reason = isPgError(failure.error) ? describeServerError(info) : info.message;
  const what =
    stage === 'begin'
      ? 'could not start its transaction'
      : stage === 'finish'
        ? `failed while being recorded in the tracking table ${run.trackingTable} and committed (a deferred constraint or trigger runs at commit)`
        : `could not be recorded in the tracking table ${run.trackingTable}`;
  const outcome = step.noTransaction
    ? ` Its statements ran, but it is not recorded as ${step.direction === 'up' ? 'applied' : 'reverted'}: record it by hand once checked.`
    : ' It was rolled back.';
  return new ConfitureError({
    code: 'CONFITURE_MIGRATION_FAILED',
    message: `${doing} ${what}: ${reason}.${outcome}${appliedNote(run, step)}`,
    hint: info.hint ?? (stage === 'begin' ? 'Check the connection, then run the command again.' : `Check the migration's deferred constraints and triggers, and that it does not alter ${run.trackingTable}.`),
    location: { file: step.file },
    details: { ...baseDetails(run, step), stage, ...(isPgError(failure.error) ? serverErrorDetails(info) : {}) },
    cause: failure.error,
  });
}
