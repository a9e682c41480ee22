/** Stable codes of the errors this library throws. */
export type DatabaseErrorCode =
  | 'CONFIG.DATABASE_URL'
  | 'DB.QUERY_FAILED'
  | 'DB.BAD_PARAMS'
  | 'DB.TRANSACTION_MISUSE'
  | 'DB.CLOSED'
  | 'DB.MIGRATION_INVALID'
  | 'DB.MIGRATION_FAILED';

/** An error from the data-access layer; `driverCode` is the driver's own code when there is one. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';

  constructor(
    readonly code: DatabaseErrorCode,
    message: string,
    readonly details: { readonly cause?: unknown; readonly driverCode?: string; readonly sql?: string } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  get driverCode(): string | undefined {
    return this.details.driverCode;
  }
}

// SQLite's codes for a file it cannot write (full disk, I/O error, read-only, cannot open): the file is then named.
const SQLITE_FILE_TROUBLE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/;

/**
 * Wraps a driver error: keeps the driver's text and code, adds the first 200 characters of the SQL, and for a
 * SQLite file that cannot be written (a full disk: "database or disk is full") the file's path.
 */
export function wrapDriverError(err: unknown, sql: string, sqliteFile?: string): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const snippet = sql.length > 200 ? `${sql.slice(0, 200)}…` : sql;
  const file = sqliteFile !== undefined && SQLITE_FILE_TROUBLE.test(codeOf(err) ?? '') ? ` (SQLite file ${sqliteFile})` : '';
  return new DatabaseError('DB.QUERY_FAILED', `${text}${file} (SQL: ${snippet.replace(/\s+/g, ' ').trim()})`, {
    cause: err,
    driverCode: codeOf(err),
    sql,
  });
}

/** True when `err` (or what it wraps) is a unique or primary-key violation, on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const code = driverCodeOf(err);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock, server going away or full.
const TRANSIENT_PG = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300']);
// Socket-level failures surfaced by node-postgres.
const TRANSIENT_NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres reports a lost connection or an exhausted pool with a message and no code.
const TRANSIENT_PG_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|not queryable/i;

/** True when retrying the same work later may succeed (busy/locked, lost connection, deadlock, serialization). */
export function isTransientDbError(err: unknown): boolean {
  const code = driverCodeOf(err);
  if (code === undefined) return TRANSIENT_PG_MESSAGE.test(driverMessageOf(err));
  return (
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    code.startsWith('08') || // PostgreSQL class 08: connection exception
    TRANSIENT_PG.has(code) ||
    TRANSIENT_NET.has(code)
  );
}

/** The driver's code, looking through our own wrappers. */
function driverCodeOf(err: unknown): string | undefined {
  if (err instanceof DatabaseError) return err.driverCode ?? driverCodeOf(err.cause);
  return codeOf(err);
}

function driverMessageOf(err: unknown): string {
  if (err instanceof DatabaseError && err.cause !== undefined) return driverMessageOf(err.cause);
  return err instanceof Error ? err.message : '';
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
