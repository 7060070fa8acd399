import { pgErrorInfo, type Queryable } from '@confiture/core';
import type { ParsedStatement } from '../types.js';
import { isConnectionLoss } from '../transaction/connection-loss.js';
import { errorLocation, type StatementLocation } from './error-location.js';
import type { LockHolder } from './lock-holders.js';

/**
 * The server's error for a statement, located in its file (the JSON's `error`).
 *
 * @example
 * ```ts
 * const failed = report.statements.find((s) => s.error !== null);
 * if (failed?.error) console.log(failed.error.code, failed.error.message, failed.error.location); // '42703', ..., { file, line, column }
 * ```
 */export interface StatementError {
  /** SQLSTATE, e.g. `23505`; null when the driver gave none. */
  readonly code: string | null;
  readonly message: string;
  readonly detail: string | null;
  readonly hint: string | null;
  readonly location: StatementLocation;
  /** PostgreSQL's context line (e.g. the PL/pgSQL line of a DO block). */
  readonly where: string | null;
  /** For a lock timeout: the sessions holding locks on the relations the statement needed. */
  readonly lockHolders?: readonly LockHolder[];
}

/** Outcome of running one statement. */
export type StatementRun =
  | { readonly ok: true; readonly durationMs: number; readonly rowCount: number | null }
  | { readonly ok: false; readonly durationMs: number; readonly error: StatementError };

/** A monotonic clock in milliseconds; injectable so that reports in tests are stable. */
export type Clock = () => number;

/** process.hrtime based clock. */
export const hrClock: Clock = () => Number(process.hrtime.bigint()) / 1e6;

// Microseconds are plenty, and keep the JSON readable.
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function rowCountOf(result: unknown): number | null {
  const r = result as { rowCount?: unknown; affectedRows?: unknown };
  // PGlite reports affectedRows; node-postgres rowCount (null for most utility statements).
  const value = typeof r.rowCount === 'number' ? r.rowCount : typeof r.affectedRows === 'number' ? r.affectedRows : null;
  return value;
}

/** Advice for the errors a dry-run typically meets. */
function hintFor(code: string | null, serverHint: string | null): string | null {
  if (serverHint) return serverHint;
  switch (code) {
    case '55P03':
      return 'Another session holds a conflicting lock (see lockHolders). Retry when it is done, or raise lockTimeoutMs; in production this statement would queue behind it and block every session queued after it.';
    case '57014':
      return 'The statement ran longer than statementTimeoutMs. Raise it for a dry-run on a large database, or make the statement cheaper (batches, CONCURRENTLY, NOT VALID then VALIDATE).';
    case '2D000':
      return 'Transaction control inside a procedure or DO block cannot run in the dry-run transaction; such a migration also cannot run inside a migration transaction.';
    default:
      return null;
  }
}

/**
 * Runs one statement (a single statement: `query` uses the extended protocol on PGlite, which
 * refuses several at once) and measures it. SQL errors are returned; a lost connection is thrown.
 */
export async function executeStatement(queryable: Queryable, statement: ParsedStatement, clock: Clock): Promise<StatementRun> {
  const start = clock();
  try {
    const result = await queryable.query(statement.sql);
    return { ok: true, durationMs: round(clock() - start), rowCount: rowCountOf(result) };
  } catch (error) {
    const durationMs = round(clock() - start);
    if (isConnectionLoss(error)) throw error;
    const info = pgErrorInfo(error);
    const code = info.code ?? null;
    return {
      ok: false,
      durationMs,
      error: {
        code,
        message: info.message,
        detail: info.detail ?? null,
        hint: hintFor(code, info.hint ?? null),
        location: errorLocation(statement, info.position),
        where: info.where ?? null,
      },
    };
  }
}
