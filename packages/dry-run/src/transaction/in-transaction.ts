import { ConfitureError, isPgError, pgErrorInfo, type Queryable } from '@confiture/core';

/**
 * True when the session is inside a transaction block (possibly a failed one).
 *
 * Forcing a transaction id and asking in the next statement whether one is assigned works the
 * same on a server and on PGlite (timestamp comparisons do not: PGlite's clock is too coarse),
 * and it leaves no error in the server log.
 */
export async function insideTransaction(queryable: Queryable): Promise<boolean> {
  try {
    await queryable.query('select pg_current_xact_id()::text as xid');
    const { rows } = await queryable.query<{ inside: boolean }>('select pg_current_xact_id_if_assigned() is not null as inside');
    return rows[0]?.inside === true;
  } catch (error) {
    // 25P02: the caller's transaction already failed and waits for its ROLLBACK.
    if (isPgError(error) && pgErrorInfo(error).code === '25P02') return true;
    throw error;
  }
}

/**
 * Refuses a session that is already inside a transaction block: the dry-run ends with ROLLBACK,
 * which would silently discard the caller's uncommitted work.
 */
export async function assertOutsideTransaction(queryable: Queryable): Promise<void> {
  if (await insideTransaction(queryable)) {
    throw new ConfitureError({
      code: 'CONFITURE_DRY_RUN_IN_TRANSACTION',
      message: 'The connection given to the dry-run is inside an open transaction: the dry-run ends with ROLLBACK, which would discard that transaction.',
      hint: 'Commit or roll back the open transaction first, or give the dry-run a connection of its own (a pg Client or a PGlite instance, not a pool).',
    });
  }
}
