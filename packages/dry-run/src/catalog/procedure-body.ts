import { analyzePlpgsql } from '../classify/plpgsql.js';

/**
 * Whether a PL/pgSQL procedure (its `pg_get_functiondef` text) contains COMMIT or ROLLBACK.
 * Null when the body cannot be read.
 */
export function procedureCommits(definition: string): boolean | null {
  const start = definition.indexOf('$procedure$');
  const end = definition.lastIndexOf('$procedure$');
  const body = start >= 0 && end > start ? definition.slice(start + '$procedure$'.length, end) : definition;
  try {
    return analyzePlpgsql(definition, body, { calls: false }).transactionControl.length > 0;
  } catch {
    return null;
  }
}
