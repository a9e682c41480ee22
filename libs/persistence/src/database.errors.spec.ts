import { DatabaseError, isTransientDbError, isUniqueViolation, wrapDriverError } from './database.errors';

const driverError = (code: string, message = 'driver says no'): Error => Object.assign(new Error(message), { code });

describe('wrapDriverError', () => {
  it("keeps the driver's text and code and adds the start of the SQL", () => {
    const wrapped = wrapDriverError(
      driverError('23505', 'duplicate key value'),
      `INSERT INTO t VALUES (1)${' '.repeat(10)}${'x'.repeat(300)}`,
    );
    expect(wrapped).toBeInstanceOf(DatabaseError);
    expect(wrapped.code).toBe('DB.QUERY_FAILED');
    expect(wrapped.driverCode).toBe('23505');
    expect(wrapped.message).toMatch(/^duplicate key value \(SQL: INSERT INTO t VALUES \(1\) x+…\)$/);
    expect(wrapped.message.length).toBeLessThan(260);
  });

  it('names the SQLite file when the disk is full or the file cannot be written, and only then', () => {
    const full = wrapDriverError(
      driverError('SQLITE_FULL', 'database or disk is full'),
      'INSERT INTO t VALUES (1)',
      '/srv/lienthong/data/orchestrator.db',
    );
    expect(full.message).toBe('database or disk is full (SQLite file /srv/lienthong/data/orchestrator.db) (SQL: INSERT INTO t VALUES (1))');
    expect(wrapDriverError(driverError('SQLITE_IOERR_WRITE', 'disk I/O error'), 'COMMIT', '/d/x.db').message).toContain(
      '(SQLite file /d/x.db)',
    );
    expect(wrapDriverError(driverError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed'), 'INSERT', '/d/x.db').message).not.toContain(
      '/d/x.db',
    );
  });

  it('does not wrap twice', () => {
    const once = wrapDriverError(driverError('X'), 'SELECT 1');
    expect(wrapDriverError(once, 'SELECT 2')).toBe(once);
  });
});

describe('error classification', () => {
  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505'])('%s is a unique violation', (code) => {
    expect(isUniqueViolation(driverError(code))).toBe(true);
    expect(isUniqueViolation(wrapDriverError(driverError(code), 'INSERT'))).toBe(true);
    expect(isTransientDbError(driverError(code))).toBe(false);
  });

  it.each(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503', '42601'])('%s is neither unique nor transient', (code) => {
    expect(isUniqueViolation(driverError(code))).toBe(false);
    expect(isTransientDbError(driverError(code))).toBe(false);
  });

  it.each(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '40001', '40P01', '57P01', '08006', 'ECONNREFUSED', 'ECONNRESET'])(
    '%s is transient',
    (code) => {
      expect(isTransientDbError(wrapDriverError(driverError(code), 'SELECT 1'))).toBe(true);
    },
  );

  it('recognises node-postgres connection loss reported without a code', () => {
    expect(isTransientDbError(wrapDriverError(new Error('Connection terminated unexpectedly'), 'SELECT 1'))).toBe(true);
    expect(isTransientDbError(new Error('something else'))).toBe(false);
  });

  it('looks through a migration failure to the driver code', () => {
    const inner = wrapDriverError(driverError('40P01'), 'CREATE TABLE t ()');
    const outer = new DatabaseError('DB.MIGRATION_FAILED', 'Migration "x" failed', { cause: inner });
    expect(isTransientDbError(outer)).toBe(true);
  });

  it('ignores values that are not errors', () => {
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isTransientDbError('ECONNRESET')).toBe(false);
  });
});
