/**
 * Is this error the database being unreachable (stopped, restarting, locked,
 * out of connections) rather than a bug? Such a request answers 503 with
 * Retry-After: the client may simply try again.
 */
const pgUnavailable = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const messages = [
  /connection is not open/i, // better-sqlite3 after close
  /driver has already been destroyed/i, // Kysely after destroy
  /cannot use a pool after calling end/i, // pg after end
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /database is locked/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (pgUnavailable.has(code) || networkCodes.has(code)) return true;
    if (/^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|NOTADB|CORRUPT|FULL|READONLY)/.test(code)) return true;
  }
  return messages.some((pattern) => pattern.test(error.message));
}

/** Seconds a client should wait before trying again while the database is away. */
export const databaseRetryAfterSeconds = 5;
