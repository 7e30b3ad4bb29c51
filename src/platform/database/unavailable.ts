/**
 * Whether an error means the database cannot be reached right now (refused, terminated, timed out,
 * shutting down, too many connections), as opposed to a fault in a query. Such requests get 503.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
    // SQLSTATE classes 08 (connection exception), 57P (operator intervention), 53300 (too many connections), 3D000 (no database).
    if (/^08|^57P0[1-4]$|^53300$|^3D000$/.test(code)) return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not (currently )?accepting connections|the database system is (starting up|shutting down)/i.test(
    error.message,
  );
}
