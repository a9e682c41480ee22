import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { isTestRun } from '@lienthong/config';
import { AsyncMutex } from './async-mutex';
import { Database, type Migration, type Row, type Transaction } from './database';
import { DatabaseError, isTransientDbError, wrapDriverError } from './database.errors';
import { MIGRATIONS_TABLE_SQL, RECORD_MIGRATION_SQL, migrationFailed, planMigrations } from './migration.plan';
import { rewritePlaceholders, type RewrittenSql } from './placeholders';
import { TransactionHandle, type TransactionConnection } from './transaction.handle';

interface CachedStatement {
  readonly statement: BetterSqlite3.Statement<unknown[], unknown>;
  readonly rewritten: RewrittenSql;
}

// Enough for every distinct statement a service runs; the bound only protects against SQL built from data.
const STATEMENT_CACHE_LIMIT = 1000;
// How long SQLite itself may wait (synchronously, blocking the event loop) for another process's write lock.
// Kept tiny: longer waits happen in `beginImmediate`, asynchronously, so the process keeps serving meanwhile.
const BUSY_TIMEOUT_MS = 10;
/** How long a transaction waits for the write lock held by another process before it fails as transient. */
const WRITE_LOCK_WAIT_MS = 30_000;
const CONTROL_STATEMENT = /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b[^;]*$/i;

/** Options of {@link SqliteDatabase}. */
export interface SqliteOptions {
  /**
   * Catch `db.*` called inside a transaction callback (which would wait forever for the lock its own transaction holds)
   * and fail it with `DB.TRANSACTION_MISUSE`. It needs an `AsyncLocalStorage`, whose promise hooks slow down every
   * promise of the process (about 6 µs of CPU per consumed message), so it is on under the test runner
   * (`NODE_ENV=test`), where such a mistake shows, and off otherwise.
   */
  readonly checkMisuse?: boolean;
}

/**
 * The page cache of a connection, KiB. better-sqlite3 builds SQLite with 16 MiB (`SQLITE_DEFAULT_CACHE_SIZE=-16000`),
 * which a service filled as its file grew: a tenth of its memory budget (docs/benchmarks.md, "Memory per bus service").
 * Pages not in it are read from the operating system's file cache; 4 MiB cost no CPU per lifecycle that
 * `bench:lifecycle` could tell from its noise.
 */
const SQLITE_CACHE_KIB = 4096;

/**
 * WAL pages after which the committing connection checkpoints them into the database file (SQLite's own default,
 * written here because it is a choice). A checkpoint holds the event loop for the copy and two syncs, a few
 * milliseconds every ~4 MiB written. A worker thread used to checkpoint beside the event loop instead; its isolate
 * cost ~10 MiB per service, more than its gain was worth (docs/benchmarks.md, "What changed": peak RSS at N = 5,000
 * 7-8 MiB lower without it, the same CPU, `bench:bus`'s paced p99 at 1,000 msgs/s ~2 ms higher).
 */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * SQLite through better-sqlite3: one synchronous connection per process.
 * Invariant: while a transaction runs (it spans awaits), it owns the connection; every other
 * statement and transaction waits in `lock` order, otherwise it would silently join that transaction.
 */
export class SqliteDatabase extends Database {
  readonly dialect = 'sqlite' as const;
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, CachedStatement>();
  private readonly controlStatements = new Map<string, BetterSqlite3.Statement>();
  private readonly lock = new AsyncMutex();
  // The transaction whose callback the current async context runs in, to catch `db.*` used instead of `tx.*`.
  private readonly currentTransaction: AsyncLocalStorage<TransactionHandle> | undefined;
  private closed = false;
  // What a transaction's handle runs on: no lock, since the transaction already holds it.
  private readonly connection: TransactionConnection = {
    query: async <T>(sql: string, params: readonly unknown[] = []) => this.queryNow<T>(sql, params),
    run: async (sql: string, params: readonly unknown[] = []) => this.runNow(sql, params),
    control: async (sql: string) => this.control(sql),
  };

  /** Opens (creating parent directories as needed) the file at `file`, or an in-memory database for `:memory:`. */
  constructor(
    readonly file: string,
    options: SqliteOptions = {},
  ) {
    super();
    if (options.checkMisuse ?? isTestRun()) this.currentTransaction = new AsyncLocalStorage<TransactionHandle>();
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      this.db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
      this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new DatabaseError('CONFIG.DATABASE_URL', `Cannot open SQLite database "${file}" (from DATABASE_URL): ${reason}`, {
        cause: err,
      });
    }
  }

  /** Whether `db.*` inside a transaction callback is caught (see {@link SqliteOptions.checkMisuse}). */
  get checksMisuse(): boolean {
    return this.currentTransaction !== undefined;
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    this.assertUsable(sql);
    return this.lock.run(() => this.whenUnlocked(() => this.queryNow<T>(sql, params)));
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    this.assertUsable(sql);
    return this.lock.run(() => this.whenUnlocked(() => this.runNow(sql, params)));
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.assertUsable('BEGIN');
    return this.lock.run(async () => {
      await this.beginImmediate();
      const tx = new TransactionHandle(this.connection);
      try {
        const result = await (this.currentTransaction ? this.currentTransaction.run(tx, () => fn(tx)) : fn(tx));
        await this.whenUnlocked(() => this.control('COMMIT')); // a COMMIT refused as busy leaves the transaction open: retry it
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.control('ROLLBACK');
        throw err;
      } finally {
        tx.close();
      }
    });
  }

  async migrate(migrations: readonly Migration[]): Promise<void> {
    const plan = planMigrations(migrations, this.dialect);
    this.assertUsable('migrate');
    await this.lock.run(async () => {
      await this.beginImmediate();
      this.control(MIGRATIONS_TABLE_SQL);
      this.control('COMMIT');
      for (const migration of plan) {
        // Synchronous from BEGIN to COMMIT, and IMMEDIATE: another process migrating the same file
        // waits here, then sees the record and skips the migration.
        await this.beginImmediate();
        try {
          if (this.queryNow('SELECT id FROM schema_migrations WHERE id = $1', [migration.id]).length === 0) {
            this.control(migration.sql); // exec() runs every statement of a multi-statement script
            this.runNow(RECORD_MIGRATION_SQL, [migration.id, Date.now()]);
          }
          this.control('COMMIT');
        } catch (err) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw migrationFailed(migration.id, err);
        }
      }
    });
  }

  /**
   * Takes the write lock (BEGIN IMMEDIATE). Another process may hold it (several services can share one file);
   * then this waits asynchronously with backoff, so this process's event loop keeps running, and fails as a
   * transient SQLITE_BUSY after WRITE_LOCK_WAIT_MS.
   */
  private beginImmediate(): Promise<void> {
    return this.whenUnlocked(() => this.control('BEGIN IMMEDIATE'));
  }

  /** Runs `step`; while the file is locked by another connection (SQLITE_BUSY), retries it on timers with backoff. */
  private async whenUnlocked<T>(step: () => T): Promise<T> {
    const deadline = Date.now() + WRITE_LOCK_WAIT_MS;
    for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
      try {
        return step();
      } catch (err) {
        if (!isTransientDbError(err) || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  /** Waits for running and queued work, then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lock.run(() => this.db.close());
  }

  private queryNow<T>(sql: string, params: readonly unknown[]): T[] {
    const { statement, values } = this.bind(sql, params);
    try {
      if (statement.reader) return statement.all(...values) as T[];
      statement.run(...values);
      return [];
    } catch (err) {
      throw wrapDriverError(err, sql, this.file);
    }
  }

  private runNow(sql: string, params: readonly unknown[]): number {
    const { statement, values } = this.bind(sql, params);
    try {
      return statement.run(...values).changes;
    } catch (err) {
      throw wrapDriverError(err, sql, this.file);
    }
  }

  /**
   * Runs SQL without parameters: transaction control (one statement, prepared once and cached, since
   * SAVEPOINT/RELEASE run for every message) or a migration script (several statements, exec).
   */
  private control(sql: string): void {
    try {
      if (CONTROL_STATEMENT.test(sql)) {
        let statement = this.controlStatements.get(sql);
        if (!statement) {
          statement = this.db.prepare(sql);
          this.controlStatements.set(sql, statement);
        }
        statement.run();
        return;
      }
      this.db.exec(sql);
    } catch (err) {
      throw wrapDriverError(err, sql, this.file);
    }
  }

  private bind(sql: string, params: readonly unknown[]): { statement: CachedStatement['statement']; values: unknown[] } {
    const cached = this.prepare(sql);
    const { arity, order } = cached.rewritten;
    if (params.length !== arity) {
      throw new DatabaseError(
        'DB.BAD_PARAMS',
        `SQL uses ${arity} parameter(s) ($1…$${arity}) but ${params.length} were passed (SQL: ${sql.slice(0, 200)})`,
        { sql },
      );
    }
    return { statement: cached.statement, values: order.map((index) => toSqliteValue(params[index])) };
  }

  private prepare(sql: string): CachedStatement {
    let cached = this.statements.get(sql);
    if (cached === undefined) {
      const rewritten = rewritePlaceholders(sql);
      try {
        cached = { statement: this.db.prepare(rewritten.sql), rewritten };
      } catch (err) {
        throw wrapDriverError(err, sql, this.file);
      }
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, cached);
    }
    return cached;
  }

  private assertUsable(sql: string): void {
    if (this.closed) throw new DatabaseError('DB.CLOSED', `Database is closed; cannot run: ${sql.slice(0, 200)}`);
    // Inside a transaction callback, `db.*` would wait for the lock its own transaction holds: a deadlock.
    if (this.currentTransaction?.getStore()?.isOpen) {
      throw new DatabaseError(
        'DB.TRANSACTION_MISUSE',
        `Called the database instead of the transaction inside transaction(); use the tx argument (tx.savepoint() to nest). SQL: ${sql.slice(0, 200)}`,
      );
    }
  }
}

/** SQLite has no boolean or undefined: store booleans as 1/0, undefined as NULL. */
function toSqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
