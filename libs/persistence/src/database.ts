/** SQL dialects the data-access layer speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** A row as returned by the driver: column name → value. */
export type Row = Record<string, unknown>;

/**
 * Something SQL can be run against: the database itself or an open transaction.
 * SQL is written once with PostgreSQL-style positional parameters (`$1`, `$2`, …); the SQLite
 * driver rewrites them. Portable SQL only: `INSERT … ON CONFLICT DO NOTHING`, `RETURNING`,
 * integers for epoch-millisecond timestamps, TEXT for JSON.
 */
export interface Queryable {
  /** Runs a statement and returns its rows (empty for statements without RETURNING). */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/** An open transaction. */
export interface Transaction extends Queryable {
  /**
   * Runs `fn` inside a savepoint: if it throws, only its own writes are rolled back and the
   * error is rethrown; the enclosing transaction stays usable.
   */
  savepoint<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
}

/** A schema change. `sql` may differ per dialect; statements are separated by `;` at line ends. */
export interface Migration {
  /** Unique, sortable id, e.g. `messaging-001-inbox`. Applied in id order, each exactly once. */
  readonly id: string;
  readonly sql: string | Readonly<Record<Dialect, string>>;
}

/** The data-access layer: one instance per process, chosen by `DATABASE_URL`. */
export abstract class Database implements Queryable {
  abstract readonly dialect: Dialect;
  abstract query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  abstract run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  abstract transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Applies the migrations not applied yet (recorded in `schema_migrations`). Safe to call concurrently from several processes. */
  abstract migrate(migrations: readonly Migration[]): Promise<void>;
  /** Checks the database answers (for readiness). */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
