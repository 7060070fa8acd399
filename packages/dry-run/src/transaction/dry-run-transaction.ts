import { ConfitureError, type Queryable } from '@confiture/core';
import { type AdvisoryLock, listAdvisoryLocks, releaseNewAdvisoryLocks } from './advisory-locks.js';
import { isConnectionLoss } from './connection-loss.js';
import { assertOutsideTransaction } from './in-transaction.js';
import { deallocateNewPreparedStatements, listPreparedStatements } from './prepared-statements.js';
import { captureSequences, readSequences, restoreSequences, type SequenceRestoreResult, type SequenceState } from './sequences.js';
import { installSignalGuard, type SignalGuard } from './signal-guard.js';

/** Settings of the rolled-back transaction. */
export interface DryRunTransactionOptions {
  /** `SET LOCAL lock_timeout`, in milliseconds. */
  readonly lockTimeoutMs: number;
  /** `SET LOCAL statement_timeout`, in milliseconds. */
  readonly statementTimeoutMs: number;
  /** Stops the run between two statements. */
  readonly signal?: AbortSignal;
  /** Install SIGINT/SIGTERM handlers for the duration of the run (default true). */
  readonly handleSignals?: boolean;
}

/**
 * What the guard undid after the ROLLBACK, beyond what the ROLLBACK itself undoes.
 *
 * @example
 * ```ts
 * const cleanup = report.cleanup;
 * if (cleanup && cleanup.sequencesNotRestored.length > 0) console.warn(cleanup.sequencesNotRestored);
 * ```
 */export interface CleanupReport {
  /** Always true once the transaction was opened: every path ends with ROLLBACK (or with the session gone, which the server rolls back). */
  readonly rolledBack: boolean;
  readonly sequencesRestored: readonly string[];
  readonly sequencesNotRestored: ReadonlyArray<{ readonly sequence: string; readonly reason: string }>;
  readonly advisoryLocksReleased: readonly string[];
  /** PREPAREd statements the run created (PREPARE is not transactional), deallocated. */
  readonly preparedStatementsDeallocated: readonly string[];
}

const SAVEPOINT = 'confiture_dry_run';
// A client that stalls (suspended, network cut) must not keep its locks on the server forever.
const IDLE_IN_TRANSACTION_MS = 60_000;

function ms(value: number): number {
  return Math.max(1, Math.round(value));
}

/**
 * The open, always-rolled-back transaction of a dry-run: one savepoint per statement so that a
 * failing statement is reported and the next ones still run.
 */
export class DryRunTransaction {
  #abortReason: string | null = null;

  /** @internal Created by {@link withDryRunTransaction}. */
  constructor(
    readonly queryable: Queryable,
    /** pg_backend_pid() of the session, to find our own rows in pg_locks. */
    readonly backendPid: number,
  ) {}

  /** Why the run must stop (a signal or the caller's AbortSignal), or null. */
  get abortReason(): string | null {
    return this.#abortReason;
  }

  /** @internal */
  abort(reason: string): void {
    this.#abortReason ??= reason;
  }

  async savepoint(): Promise<void> {
    await this.queryable.query(`savepoint ${SAVEPOINT}`);
  }

  /** Keeps what the statement did (its locks stay held: they belong to the transaction). */
  async release(): Promise<void> {
    await this.queryable.query(`release savepoint ${SAVEPOINT}`);
  }

  /** Undoes the failed statement and releases the locks it took, then pops the savepoint. */
  async rollbackToSavepoint(): Promise<void> {
    await this.queryable.query(`rollback to savepoint ${SAVEPOINT}`);
    await this.queryable.query(`release savepoint ${SAVEPOINT}`);
  }
}

/** The result of {@link withDryRunTransaction}. */
export interface DryRunTransactionOutcome<T> {
  readonly result: T;
  readonly cleanup: CleanupReport;
}

async function quietly(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch {
    // Cleanup after a failure: the first error is the one to report.
  }
}

/**
 * Runs `body` inside BEGIN ... ROLLBACK with the dry-run's timeouts, and undoes what a rollback
 * does not: sequence positions, session advisory locks and PREPAREd statements. ROLLBACK happens in every path:
 * success, an exception in `body`, SIGINT/SIGTERM (handled only while the run lasts, then
 * re-raised) and the caller's AbortSignal. When the connection itself is lost the server rolls
 * back on its own; the error then says so.
 */
export async function withDryRunTransaction<T>(
  queryable: Queryable,
  options: DryRunTransactionOptions,
  body: (tx: DryRunTransaction) => Promise<T>,
): Promise<DryRunTransactionOutcome<T>> {
  await assertOutsideTransaction(queryable);
  const advisoryBefore: AdvisoryLock[] = await listAdvisoryLocks(queryable);
  const preparedBefore = await listPreparedStatements(queryable);

  let tx: DryRunTransaction | undefined;
  const guard: SignalGuard | null = options.handleSignals === false ? null : installSignalGuard((signal) => tx?.abort(`received ${signal}`));
  const onAbort = (): void => tx?.abort('the AbortSignal was triggered');
  options.signal?.addEventListener('abort', onAbort);

  let sequencesBefore: SequenceState[] = [];
  let sequencesAtEnd: SequenceState[] | null = null;
  let open = false;
  let failure: { error: unknown } | null = null;
  let sessionLost = false;
  let result: T | undefined;
  try {
    await queryable.query('begin isolation level read committed');
    open = true;
    await queryable.query(`set local lock_timeout = ${ms(options.lockTimeoutMs)}`);
    await queryable.query(`set local statement_timeout = ${ms(options.statementTimeoutMs)}`);
    await queryable.query(`set local idle_in_transaction_session_timeout = ${Math.max(IDLE_IN_TRANSACTION_MS, ms(options.statementTimeoutMs) * 2)}`);
    const { rows } = await queryable.query<{ pid: number; xid: string }>('select pg_backend_pid() as pid, pg_current_xact_id()::text as xid');
    await assertSameSession(queryable, String(rows[0]?.xid));
    tx = new DryRunTransaction(queryable, Number(rows[0]?.pid));
    if (options.signal?.aborted) tx.abort('the AbortSignal was triggered');
    // Captured inside the transaction, under its lock_timeout: reading a sequence waits for
    // another session's ALTER SEQUENCE.
    sequencesBefore = await captureSequences(queryable);
    result = await body(tx);
    sequencesAtEnd = await readSequences(queryable, sequencesBefore);
  } catch (error) {
    failure = { error };
    sessionLost = open && (await sessionIsGone(queryable, error));
    // Read where the run left the sequences while the transaction still answers (it does not
    // after a SQL error outside a savepoint: then they are read after the ROLLBACK).
    if (open && !sessionLost) {
      await quietly(async () => {
        sequencesAtEnd = await readSequences(queryable, sequencesBefore);
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }

  let rolledBack = false;
  let sequences: SequenceRestoreResult = { restored: [], notRestored: [] };
  let advisoryLocksReleased: string[] = [];
  let preparedStatementsDeallocated: string[] = [];
  if (open && !sessionLost) {
    try {
      await queryable.query('rollback');
      rolledBack = true;
      sequencesAtEnd ??= await readSequences(queryable, sequencesBefore);
      sequences = await restoreSequences(queryable, sequencesBefore, sequencesAtEnd);
      advisoryLocksReleased = await releaseNewAdvisoryLocks(queryable, advisoryBefore);
      preparedStatementsDeallocated = await deallocateNewPreparedStatements(queryable, preparedBefore);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (sessionLost) rolledBack = true; // By the server, when the session ended.

  const cleanup: CleanupReport = {
    rolledBack,
    sequencesRestored: sequences.restored,
    sequencesNotRestored: sequences.notRestored,
    advisoryLocksReleased,
    preparedStatementsDeallocated,
  };

  const abortReason = tx?.abortReason ?? null;
  if (guard) {
    if (guard.received !== null) guard.reraise();
    else guard.dispose();
  }
  if (failure) {
    if (sessionLost) throw connectionLostError(failure.error, sequencesBefore.length > 0);
    throw failure.error;
  }
  if (abortReason !== null) {
    throw new ConfitureError({
      code: 'CONFITURE_DRY_RUN_ABORTED',
      message: `The dry-run was stopped (${abortReason}); everything it did was rolled back.`,
      hint: 'Run it again to completion to get a report.',
      details: { cleanup },
    });
  }
  return { result: result as T, cleanup };
}

// An exception may come from our own code or from a session that died under it: ask the session.
async function sessionIsGone(queryable: Queryable, error: unknown): Promise<boolean> {
  if (!isConnectionLoss(error)) return false;
  try {
    await queryable.query('select 1');
    return false;
  } catch (probe) {
    return isConnectionLoss(probe);
  }
}

// A pool hands each query to whichever client is free: BEGIN, the statements and ROLLBACK could
// land on different sessions, and the "rollback" would protect nothing.
async function assertSameSession(queryable: Queryable, xid: string): Promise<void> {
  const { rows } = await queryable.query<{ same: boolean }>('select coalesce(pg_current_xact_id_if_assigned()::text = $1, false) as same', [xid]);
  if (rows[0]?.same === true) return;
  throw new ConfitureError({
    code: 'CONFITURE_DRY_RUN_FAILED',
    message: 'The queryable given to the dry-run does not keep one session: two statements ran in different transactions.',
    hint: 'Pass a single connection (a pg Client, a client checked out of a pool with pool.connect(), or a PGlite instance), not a pool.',
  });
}

function connectionLostError(cause: unknown, hadSequences: boolean): ConfitureError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ConfitureError({
    code: 'CONFITURE_CONNECTION_FAILED',
    message: `The database connection was lost during the dry-run: ${reason}. Nothing was committed: the server rolls back the open transaction when its session ends.`,
    hint: hadSequences
      ? 'Check the server and run the dry-run again. Sequences the run had advanced could not be put back (nextval is not transactional).'
      : 'Check the server and run the dry-run again.',
    cause,
  });
}
