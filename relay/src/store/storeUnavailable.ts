/**
 * Errors that mean the store cannot be reached or written right now (a database restart or failover, a full
 * disk), as opposed to a bad request or a bug. Front ends answer them 503 with Retry-After: the caller should
 * send again, and nothing it sent was acknowledged.
 */

/** PostgreSQL SQLSTATEs: connection exceptions (08…), shutdown and "cannot connect now" (57P0x), out of resources (53…), read-only after a failover. */
const postgresUnavailable = /^(08|57P0|53|25006)/;
const networkErrors = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * node-postgres reports a connection lost mid-query, or a pool that could not connect in time, by message only;
 * a database closed to connections (an operator's ALLOW_CONNECTIONS false during maintenance) is a generic 55000.
 */
const postgresClientMessages = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end|is not currently accepting connections/;
/** SQLite: disk full, I/O error, read-only file, locked for longer than the busy timeout, cannot open. */
const sqliteUnavailable = /^SQLITE_(FULL|IOERR|READONLY|BUSY|CANTOPEN|NOMEM)/;

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (networkErrors.has(code) || sqliteUnavailable.test(code))) return true;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && postgresUnavailable.test(code)) return true;
  return postgresClientMessages.test(error.message);
}

/** Seconds a client is told to wait before sending again. */
export const storeRetryAfterSeconds = 5;
