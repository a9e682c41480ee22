import { DatabaseError } from './database.errors';
import type { Queryable, Row, Transaction } from './database';

/** The connection a transaction runs on; `control` runs transaction-control SQL (no params, no statement cache). */
export interface TransactionConnection extends Queryable {
  control(sql: string): Promise<void>;
}

/**
 * A `Transaction` over one connection already inside BEGIN. Shared by both dialects, since
 * SAVEPOINT / RELEASE / ROLLBACK TO mean the same in SQLite and PostgreSQL.
 * Invariant: a handle refuses work once its transaction or savepoint has ended, so a stray
 * un-awaited promise cannot write outside the unit of work it was written for.
 */
export class TransactionHandle implements Transaction {
  private open = true;

  constructor(
    private readonly connection: TransactionConnection,
    private readonly depth = 0,
  ) {}

  /** False once the transaction or savepoint this handle belongs to has ended. */
  get isOpen(): boolean {
    return this.open;
  }

  async query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    this.assertOpen(sql);
    return this.connection.query<T>(sql, params);
  }

  async run(sql: string, params?: readonly unknown[]): Promise<number> {
    this.assertOpen(sql);
    return this.connection.run(sql, params);
  }

  async savepoint<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertOpen('SAVEPOINT');
    // Named by depth: a nested savepoint never shadows its parent, and siblings reuse the name of one
    // already released, so the SQL text repeats and its prepared statement is reused. Savepoints form a
    // stack on the one connection, so callers must not run two of them concurrently on the same handle.
    const name = `lt_sp_${this.depth + 1}`;
    await this.connection.control(`SAVEPOINT ${name}`);
    const inner = new TransactionHandle(this.connection, this.depth + 1);
    try {
      const result = await fn(inner);
      await this.connection.control(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      // ROLLBACK TO keeps the savepoint on the stack; RELEASE pops it so the stack does not grow.
      await this.connection.control(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.connection.control(`RELEASE SAVEPOINT ${name}`);
      throw err;
    } finally {
      inner.close();
    }
  }

  /** Marks the handle as finished; later calls fail with `DB.TRANSACTION_MISUSE`. */
  close(): void {
    this.open = false;
  }

  private assertOpen(sql: string): void {
    if (!this.open) {
      throw new DatabaseError(
        'DB.TRANSACTION_MISUSE',
        `Transaction already ended; a promise outlived its transaction() or savepoint() callback (await all work inside it). SQL: ${sql.slice(0, 200)}`,
      );
    }
  }
}
