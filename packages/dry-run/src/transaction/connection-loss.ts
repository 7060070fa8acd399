import { isPgError, pgErrorInfo } from '@confiture/core';

/**
 * True when an error means the session is gone or unusable: no SQLSTATE at all (the driver lost
 * its socket, or the queryable is broken), a connection exception (class 08), or the server
 * terminating the backend (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
 * After such an error nothing more can be sent; the server rolls back the open transaction itself.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!isPgError(error)) return true;
  const code = pgErrorInfo(error).code ?? '';
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}
