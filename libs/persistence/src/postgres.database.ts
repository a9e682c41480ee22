import { Logger } from '@nestjs/common';
import { Pool, escapeLiteral, types, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import { Database, type Migration, type Row, type Transaction } from './database';
import { DatabaseError, isUniqueViolation, wrapDriverError } from './database.errors';
import { parseDatabaseUrl } from './database.url';
import { MIGRATIONS_TABLE_SQL, RECORD_MIGRATION_SQL, migrationFailed, planMigrations } from './migration.plan';
import { replacePlaceholders } from './placeholders';
import { TransactionHandle, type TransactionConnection } from './transaction.handle';

const DEFAULT_POOL_SIZE = 10;
// A server that does not answer, or a pool with no free connection, becomes a transient error
// (retried by the caller's policy) instead of a request that hangs forever.
const CONNECT_TIMEOUT_MS = 10_000;

// Per pool, not pg's global registry: int8 (COUNT(*), BIGINT epoch-ms columns) as a JS number, like
// SQLite returns it. Exact up to 2^53; numeric stays a string so money-like values keep their digits.
const TYPE_PARSERS = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8 && format !== 'binary' ? Number : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

// Two-key advisory lock: a fixed class ('LT' in ASCII) plus the schema, so tests in separate
// schemas of one database do not wait for each other's migrations.
const MIGRATION_LOCK_KEY = `19540, hashtext(current_schema())`;

/** Options for {@link PostgresDatabase}; `poolSize` here wins over the URL's `pool_size` (default 10). */
export interface PostgresOptions {
  readonly poolSize?: number;
}

/** PostgreSQL through a node-postgres pool. A `?schema=` in the URL confines every connection to that schema. */
export class PostgresDatabase extends Database {
  readonly dialect = 'postgres' as const;
  private readonly logger = new Logger(PostgresDatabase.name);
  private readonly pool: Pool;
  private readonly schema?: string;
  private schemaReady?: Promise<void>;
  private closed = false;

  constructor(url: string, options: PostgresOptions = {}) {
    super();
    const config = parseDatabaseUrl(url);
    if (config.dialect !== 'postgres') {
      throw new DatabaseError(
        'CONFIG.DATABASE_URL',
        'PostgresDatabase needs a postgres:// URL; use createDatabase() to pick the driver from DATABASE_URL.',
      );
    }
    this.schema = config.schema;
    this.pool = new Pool({
      connectionString: withSearchPath(config.connectionString, config.schema),
      max: options.poolSize ?? config.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true, // notice a silently dropped connection (NAT, failover) instead of waiting on it
      types: TYPE_PARSERS,
    });
    // An idle pooled connection that dies (server restart) is dropped by the pool; without a
    // listener the 'error' event would crash the process.
    this.pool.on('error', (err) => this.logger.warn(`Idle PostgreSQL connection lost: ${err.message}`));
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    await this.ready(sql);
    return rowsOf<T>(await execute(this.pool, sql, params));
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    await this.ready(sql);
    return (await execute(this.pool, sql, params)).rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    await this.ready('BEGIN');
    return this.withClient('BEGIN', async (client, markBroken) => {
      // BEGIN leaves with the transaction's first statement: one round trip fewer per transaction. A transaction
      // that ran no statement sends nothing at all.
      const connection = new LazyBeginConnection(client);
      const tx = new TransactionHandle(connection);
      try {
        const result = await fn(tx);
        if (connection.begun) await execute(client, 'COMMIT');
        return result;
      } catch (err) {
        if (connection.begun) await execute(client, 'ROLLBACK').catch(markBroken); // the caller's error matters more than this one
        throw err;
      } finally {
        tx.close();
      }
    });
  }

  async migrate(migrations: readonly Migration[]): Promise<void> {
    const plan = planMigrations(migrations, this.dialect);
    await this.ready('migrate');
    await this.withClient(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`, async (client, markBroken) => {
      // A session lock, held across the per-migration transactions below; the server drops it
      // if this process dies. Other processes wait here, then find the records and skip.
      await execute(client, `SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      try {
        await execute(client, MIGRATIONS_TABLE_SQL);
        const applied = new Set(rowsOf<{ id: string }>(await execute(client, 'SELECT id FROM schema_migrations')).map((row) => row.id));
        for (const migration of plan.filter((m) => !applied.has(m.id))) {
          await execute(client, 'BEGIN').catch((err: unknown) => markBroken(err, true));
          try {
            await execute(client, migration.sql); // no parameters: the simple protocol runs every statement of a script
            await execute(client, RECORD_MIGRATION_SQL, [migration.id, Date.now()]);
            await execute(client, 'COMMIT');
          } catch (err) {
            await execute(client, 'ROLLBACK').catch(markBroken);
            throw migrationFailed(migration.id, err);
          }
        }
      } finally {
        // If unlocking fails the connection is destroyed, which releases the lock too.
        await execute(client, `SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(markBroken);
      }
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  /** Ends the pool once checked-out connections come back. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * Runs `fn` on a checked-out connection. `fn` calls `markBroken` when transaction control failed
   * (state unknown); such a connection, or one whose socket failed, is destroyed instead of reused.
   */
  private async withClient<T>(purpose: string, fn: (client: PoolClient, markBroken: MarkBroken) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw wrapDriverError(err, purpose);
    }
    let broken: Error | undefined;
    const markBroken: MarkBroken = (err, rethrow) => {
      broken = err instanceof Error ? err : new Error(String(err));
      if (rethrow) throw err;
    };
    // The pool stops listening while a connection is checked out; a socket lost while the caller
    // awaits something else would otherwise be an unhandled 'error' event and crash the process.
    const onError = (err: Error): void => {
      broken = err;
    };
    client.on('error', onError);
    try {
      return await fn(client, markBroken);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  private async ready(sql: string): Promise<void> {
    if (this.closed) throw new DatabaseError('DB.CLOSED', `Database is closed; cannot run: ${sql.slice(0, 200)}`);
    if (this.schema === undefined) return;
    this.schemaReady ??= this.createSchema(this.schema).catch((err: unknown) => {
      this.schemaReady = undefined; // let the next call retry, e.g. once the server is back
      throw err;
    });
    await this.schemaReady;
  }

  private async createSchema(schema: string): Promise<void> {
    const sql = `CREATE SCHEMA IF NOT EXISTS "${schema}"`;
    try {
      await this.pool.query(sql);
    } catch (err) {
      // Two processes racing on IF NOT EXISTS: the loser gets a unique violation on pg_namespace.
      if (!isUniqueViolation(err)) throw wrapDriverError(err, sql);
    }
  }
}

/** Records that a connection's state is unknown; rethrows `err` when asked (else the failure is swallowed). */
type MarkBroken = (err: unknown, rethrow?: boolean) => void;

/** Adds `-c search_path=<schema>` to the startup options, so every pooled connection starts in the schema. */
function withSearchPath(connectionString: string, schema: string | undefined): string {
  if (schema === undefined) return connectionString;
  const url = new URL(connectionString);
  // node-postgres lets the URL's parameters override the config object, so the option must go in the URL.
  const existing = url.searchParams.get('options');
  url.searchParams.set('options', `${existing ? `${existing} ` : ''}-c search_path=${schema}`);
  return url.toString();
}

/**
 * A transaction's connection that sends `BEGIN` together with the first statement, in one simple-protocol query
 * (`BEGIN; <statement>`): node-postgres waits for each query's answer before sending the next, so a separate BEGIN
 * costs a round trip. The simple protocol takes no parameters, so the first statement's are written into it as
 * quoted literals, which the server types from their context as it types the untyped text parameters node-postgres
 * sends (one difference: where no context gives a type, e.g. `$1 IS NULL`, a literal is taken as text where a
 * parameter is refused). Only plain scalars and flat arrays of them are written in; with any other parameter (a Buffer,
 * a Date, an object), or SQL with dollar-quoted or `E'…'` strings, BEGIN goes on its own first.
 */
class LazyBeginConnection implements TransactionConnection {
  /** Whether BEGIN was sent (then the transaction must end with COMMIT or ROLLBACK). */
  begun = false;

  constructor(private readonly client: PoolClient) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return rowsOf<T>(await this.send(sql, params));
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.send(sql, params)).rowCount ?? 0;
  }

  async control(sql: string): Promise<void> {
    await this.send(sql, []);
  }

  private async send(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    if (this.begun) return execute(this.client, sql, params);
    this.begun = true; // from here on the connection may be inside a transaction block, even if this query fails
    const inlined = params.length === 0 ? sql : withLiterals(sql, params);
    if (inlined === undefined) {
      await execute(this.client, 'BEGIN');
      return execute(this.client, sql, params);
    }
    return execute(this.client, `BEGIN; ${inlined}`, [], sql);
  }
}

/** `sql` with its `$n` written in as literals, or undefined when a parameter or the SQL is not one this can write in safely. */
export function withLiterals(sql: string, params: readonly unknown[]): string | undefined {
  if (/\$(?!\d)|(^|[^A-Za-z0-9_])[Ee]'/.test(sql)) return undefined; // dollar quotes, E'…' strings: not parsed by replacePlaceholders
  const literals: string[] = [];
  for (const param of params) {
    const literal = literalOf(param);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  let arity = 0;
  const out = replacePlaceholders(sql, (index) => {
    arity = Math.max(arity, index + 1);
    return literals[index] ?? '';
  });
  // A count that does not match goes to the server as parameters, which reports it as it always did.
  return arity === params.length ? out : undefined;
}

/**
 * A parameter as an SQL literal: the text node-postgres would send for it, quoted (so untyped, like that text), or
 * undefined if it is neither a plain scalar nor a flat array of them.
 */
function literalOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) {
    // node-postgres's array text: every element double-quoted, `"` and `\` escaped with a backslash, NULL bare.
    const elements: string[] = [];
    for (const element of value as unknown[]) {
      if (element === null || element === undefined) elements.push('NULL');
      else {
        const text = scalarText(element);
        if (text === undefined) return undefined;
        elements.push(`"${text.replace(/[\\"]/g, '\\$&')}"`);
      }
    }
    return quoted(`{${elements.join(',')}}`);
  }
  const text = scalarText(value);
  return text === undefined ? undefined : quoted(text);
}

/** `escapeLiteral`, whose character-by-character copy costs ~150 µs for a batch's ids, skipped when nothing needs escaping. */
function quoted(text: string): string {
  return text.includes("'") || text.includes('\\') ? escapeLiteral(text) : `'${text}'`;
}

function scalarText(value: unknown): string | undefined {
  // A NUL would end the query text the server reads (a C string); as a parameter it is refused with its own error.
  if (typeof value === 'string') return value.includes('\0') ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

async function execute(target: Pool | PoolClient, sql: string, params: readonly unknown[] = [], shownSql = sql): Promise<QueryResult> {
  try {
    // Without values node-postgres uses the simple protocol, which also runs multi-statement scripts.
    const result: unknown = params.length === 0 ? await target.query(sql) : await target.query(sql, params.map(toPgValue));
    // A multi-statement script yields one result per statement; the last one is the answer.
    return (Array.isArray(result) ? result[result.length - 1] : result) as QueryResult;
  } catch (err) {
    throw wrapDriverError(err, shownSql);
  }
}

function rowsOf<T>(result: QueryResult<QueryResultRow>): T[] {
  return (result.rows ?? []) as T[];
}

function toPgValue(value: unknown): unknown {
  return value === undefined ? null : value;
}
