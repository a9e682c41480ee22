import { Database, type Dialect, type Migration, type Row, type Transaction } from '@lienthong/persistence';

/**
 * One open transaction seen as a `Database`, for code that takes a database and must run inside the caller's unit
 * of work (the messaging library's DeadLetterStore, whose changes must commit with their audit entry). Its own
 * transactions become savepoints; it has no schema or lifecycle of its own.
 */
export class InTransaction extends Database {
  constructor(
    private readonly tx: Transaction,
    readonly dialect: Dialect,
  ) {
    super();
  }

  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.tx.query<T>(sql, params);
  }

  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.tx.run(sql, params);
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.tx.savepoint(fn);
  }

  migrate(_migrations: readonly Migration[]): Promise<void> {
    return Promise.reject(new Error('migrations run on the database, not inside a transaction'));
  }

  async ping(): Promise<void> {
    await this.tx.query('SELECT 1');
  }

  /** The transaction ends with its owner's callback; nothing to close here. */
  async close(): Promise<void> {}
}
