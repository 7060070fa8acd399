/**
 * The fields of a PostgreSQL error response, as node-postgres and PGlite expose them.
 * `position` is a 1-based character offset into the statement text.
 */
export interface PgErrorInfo {
  readonly code: string | undefined;
  readonly message: string;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: number | undefined;
  readonly internalPosition: number | undefined;
  readonly internalQuery: string | undefined;
  readonly where: string | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly constraint: string | undefined;
}

/** True when the value carries a SQLSTATE, i.e. it came from the server. */
export function isPgError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((error as { code: string }).code);
}

/**
 * Extracts the server's error fields from a driver error (node-postgres `DatabaseError` or
 * PGlite's), whatever the driver.
 */
export function pgErrorInfo(error: unknown): PgErrorInfo {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const num = (v: unknown): number | undefined => {
    const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  return {
    code: str(e.code),
    message: str(e.message) ?? String(error),
    detail: str(e.detail),
    hint: str(e.hint),
    position: num(e.position),
    internalPosition: num(e.internalPosition),
    internalQuery: str(e.internalQuery),
    where: str(e.where),
    schema: str(e.schema),
    table: str(e.table),
    column: str(e.column),
    constraint: str(e.constraint),
  };
}
