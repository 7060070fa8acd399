import { isPgError, pgErrorInfo, type PgErrorInfo } from '../connection/pg-error.js';
import type { SourceLocation } from '../errors.js';
import type { Connection } from '../queryable.js';
import { offsetToLineColumn } from '../source-position.js';
import type { SqlStatement } from './split-statements.js';

/** What the build and the migrator need from a session: run statements and whole scripts. */
export type ScriptSession = Pick<Connection, 'query' | 'exec'>;

/**
 * Converts a server error position (1-based, counted in characters, i.e. code points) into an
 * index of the JavaScript string that was sent (UTF-16 units), so text after an emoji or
 * another astral character still maps to the right column.
 */
export function positionToIndex(text: string, position: number): number {
  let index = 0;
  for (let seen = 1; seen < position && index < text.length; seen++) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}

/** file:line:column of an index in a file's text. */
export function locationAt(file: string, text: string, index: number): SourceLocation {
  return { file, ...offsetToLineColumn(text, index) };
}

/**
 * Error classes worth replaying a script for, to find the failing statement when the server gave
 * no position: they come from the SQL itself and recur on a second run. Transient failures
 * (lock timeouts, deadlocks, cancellations, lost connections) are not replayed.
 */
const REPLAYABLE_CLASSES = new Set(['0A', '21', '22', '23', '25', '27', '28', '2B', '2F', '38', '39', '3F', '42', '44', 'P0']);

/** True when a failure without position is worth a replay that locates its statement. */
export function isReplayable(info: PgErrorInfo): boolean {
  return info.position === undefined && info.code !== undefined && REPLAYABLE_CLASSES.has(info.code.slice(0, 2));
}

/** The server's error as one readable sentence: message, SQLSTATE, detail, context. */
export function describeServerError(info: PgErrorInfo): string {
  let out = info.message;
  if (info.code) out += ` (SQLSTATE ${info.code})`;
  if (info.detail) out += `. Detail: ${info.detail}`;
  if (info.where) out += `. Context: ${info.where.split('\n')[0]}`;
  return out;
}

/** Machine-readable server error fields for `ConfitureError.details`. */
export function serverErrorDetails(info: PgErrorInfo): Record<string, string> {
  const out: Record<string, string> = {};
  if (info.code) out.sqlstate = info.code;
  out.serverMessage = info.message;
  if (info.detail) out.detail = info.detail;
  if (info.hint) out.serverHint = info.hint;
  if (info.where) out.where = info.where;
  return out;
}

/** A failure located in a script: the server's fields and the index in the script where it happened. */
export interface ScriptFailure {
  readonly error: unknown;
  readonly info: PgErrorInfo;
  /** Index in the script text, when known. */
  readonly index: number | undefined;
  /** 1-based number of the failing statement and the statement count, when known. */
  readonly statement: { readonly number: number; readonly count: number } | undefined;
}

/**
 * The failure of a script sent whole: located when the server gave a position. `prefixLength`
 * is the length of ASCII text sent before the script (a `begin;`), not part of the file.
 */
export function failureOfScript(text: string, error: unknown, prefixLength = 0): ScriptFailure {
  const info = pgErrorInfo(error);
  const index = info.position === undefined || info.position <= prefixLength ? undefined : positionToIndex(text, info.position - prefixLength);
  return { error, info, index, statement: undefined };
}

/** The failure of one statement of a script sent statement by statement. */
export function failureOfStatement(statements: readonly SqlStatement[], number: number, error: unknown): ScriptFailure {
  const info = pgErrorInfo(error);
  const statement = statements[number - 1]!;
  const index = statement.start + (info.position === undefined ? 0 : positionToIndex(statement.text, info.position));
  return { error, info, index, statement: { number, count: statements.length } };
}

/**
 * Runs statements one at a time until one fails; returns that failure or null. The caller decides
 * the transaction around it (a replay is always rolled back).
 */
export async function runStatements(session: ScriptSession, statements: readonly SqlStatement[]): Promise<ScriptFailure | null> {
  for (let k = 0; k < statements.length; k++) {
    try {
      await session.exec(statements[k]!.text);
    } catch (error) {
      return failureOfStatement(statements, k + 1, error);
    }
  }
  return null;
}

/**
 * Locates a failure that came without position by running the script again statement by
 * statement inside a transaction that is rolled back, after `prelude` recreated the state the
 * script ran in. The replay's location is used only when it fails the same way.
 */
export async function locateByReplay(
  session: ScriptSession,
  original: ScriptFailure,
  statements: readonly SqlStatement[],
  prelude: () => Promise<void> = async () => {},
): Promise<ScriptFailure> {
  if (!isReplayable(original.info) || !isPgError(original.error)) return original;
  if (statements.length === 1) return { ...original, index: statements[0]!.start, statement: { number: 1, count: 1 } };
  let replayed: ScriptFailure | null = null;
  try {
    await session.query('begin');
    await prelude();
    replayed = await runStatements(session, statements);
  } catch {
    replayed = null;
  } finally {
    await rollbackQuietly(session);
  }
  if (replayed && replayed.info.code === original.info.code && replayed.info.message === original.info.message) {
    return { ...original, index: replayed.index, statement: replayed.statement };
  }
  return original;
}

/** ROLLBACK, ignoring failures: used on paths that already report an error. */
export async function rollbackQuietly(session: ScriptSession): Promise<void> {
  try {
    await session.query('rollback');
  } catch {
    // The connection may be gone; the server rolls back on its own then.
  }
}

/**
 * A string literal for SQL text sent without parameters, escaped the way libpq's
 * PQescapeLiteral does (an E'' literal when it holds backslashes, whatever standard_conforming_strings says).
 */
export function quoteLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** Statements that would end or start the transaction the build or a migration runs in. */
export function findTransactionControl(statements: readonly SqlStatement[]): SqlStatement | undefined {
  return statements.find((s) => {
    switch (s.firstWord) {
      case 'begin':
      case 'start':
      case 'commit':
      case 'end':
      case 'abort':
        return true;
      case 'rollback':
        return !/^rollback\s+(?:work\s+|transaction\s+)?to\b/i.test(s.text);
      default:
        return false;
    }
  });
}
