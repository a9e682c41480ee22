import { statSync } from 'node:fs';
import { Client } from 'pg';
import type { Database, Migration, Transaction } from './database';
import { DatabaseError, isTransientDbError, isUniqueViolation } from './database.errors';
import { createDatabase } from './database.factory';
import { dropTestSchema, testDatabaseUrls } from './testing';
import { SqliteDatabase } from './sqlite.database';

const ITEMS: Migration = {
  id: 'test-001-item',
  sql: 'CREATE TABLE item (id TEXT PRIMARY KEY, n BIGINT NOT NULL, label TEXT);\nCREATE INDEX item_label ON item (label);',
};

/** Resolves when `fn` rejects, returning the error (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

/** A promise the test settles by hand. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A new, empty database of the given kind (a fresh SQLite file or PostgreSQL schema); drop it with `dropTestSchema(url)`. */
function freshDatabase(kind: 'sqlite' | 'postgres'): { url: string; db: Database } {
  const url = testDatabaseUrls()
    .find((t) => t.name === kind)!
    .url();
  return { url, db: createDatabase(url) };
}

describe.each(testDatabaseUrls())('Database on $name', ({ name, url }) => {
  let dbUrl: string;
  let db: Database;
  const extra: Database[] = [];

  const count = async (sql = 'SELECT COUNT(*) AS c FROM item', params: unknown[] = []): Promise<number> =>
    (await db.query<{ c: number }>(sql, params))[0].c;

  beforeEach(async () => {
    dbUrl = url();
    db = createDatabase(dbUrl);
    await db.migrate([ITEMS]);
  });

  afterEach(async () => {
    await Promise.all([db, ...extra.splice(0)].map((d) => d.close()));
    await dropTestSchema(dbUrl);
  });

  it('reports its dialect and answers ping', async () => {
    expect(db.dialect).toBe(name);
    await expect(db.ping()).resolves.toBeUndefined();
  });

  describe('statements', () => {
    it('inserts, reads, updates and deletes with $n parameters', async () => {
      expect(await db.run('INSERT INTO item (id, n, label) VALUES ($1, $2, $3)', ['a', 1, 'first'])).toBe(1);
      expect(await db.query('SELECT id, n, label FROM item WHERE id = $1', ['a'])).toEqual([{ id: 'a', n: 1, label: 'first' }]);
      expect(await db.run('UPDATE item SET label = $2 WHERE id = $1', ['a', 'changed'])).toBe(1);
      expect(await db.run('UPDATE item SET label = $2 WHERE id = $1', ['missing', 'x'])).toBe(0);
      expect(await db.run('DELETE FROM item WHERE id = $1', ['a'])).toBe(1);
      expect(await count()).toBe(0);
    });

    it('binds reordered and repeated placeholders, and leaves $n in literals alone', async () => {
      await db.run('INSERT INTO item (label, id, n) VALUES ($3, $1, $2)', ['b', 2, 'second']);
      expect(await db.query('SELECT id, n, label FROM item')).toEqual([{ id: 'b', n: 2, label: 'second' }]);
      const rows = await db.query("SELECT id, '$1 stays' AS note FROM item WHERE id = $1 OR label = $1 OR n = $2", ['b', 99]);
      expect(rows).toEqual([{ id: 'b', note: '$1 stays' }]);
    });

    it('stores undefined as NULL', async () => {
      await db.run('INSERT INTO item (id, n, label) VALUES ($1, $2, $3)', ['u', 1, undefined]);
      expect(await db.query('SELECT label FROM item WHERE id = $1', ['u'])).toEqual([{ label: null }]);
    });

    it('returns rows from RETURNING through query and counts them through run', async () => {
      expect(await db.query('INSERT INTO item (id, n) VALUES ($1, $2) RETURNING id, n', ['r', 7])).toEqual([{ id: 'r', n: 7 }]);
      expect(await db.run('UPDATE item SET n = n + 1 RETURNING id')).toBe(1);
    });

    it('reports 0 changed rows for INSERT … ON CONFLICT DO NOTHING on a duplicate', async () => {
      const insert = 'INSERT INTO item (id, n) VALUES ($1, $2) ON CONFLICT DO NOTHING';
      expect(await db.run(insert, ['d', 1])).toBe(1);
      expect(await db.run(insert, ['d', 2])).toBe(0);
      expect(await db.query(`${insert} RETURNING id`, ['d', 3])).toEqual([]);
      expect(await count()).toBe(1);
    });

    it('returns BIGINT columns and COUNT(*) as JS numbers', async () => {
      const epochMs = 1_767_225_600_000;
      await db.run('INSERT INTO item (id, n) VALUES ($1, $2), ($3, $4)', ['t', epochMs, 'max', Number.MAX_SAFE_INTEGER]);
      const rows = await db.query<{ id: string; n: unknown }>('SELECT id, n FROM item ORDER BY id');
      expect(rows).toEqual([
        { id: 'max', n: Number.MAX_SAFE_INTEGER },
        { id: 't', n: epochMs },
      ]);
      expect(typeof (await count())).toBe('number');
    });

    it('detects unique violations and keeps the SQL in the message', async () => {
      await db.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['dup', 1]);
      const err = await rejection(db.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['dup', 2]));
      expect(err).toBeInstanceOf(DatabaseError);
      expect(err).toMatchObject({ code: 'DB.QUERY_FAILED' });
      expect((err as Error).message).toContain('(SQL: INSERT INTO item (id, n) VALUES ($1, $2))');
      expect(isUniqueViolation(err)).toBe(true);
      expect(isTransientDbError(err)).toBe(false);

      const syntax = await rejection(db.query('SELEC nonsense'));
      expect(isUniqueViolation(syntax)).toBe(false);
      expect((syntax as Error).message).toContain('SELEC nonsense');
    });

    it('rejects a parameter count that does not match the placeholders', async () => {
      await expect(db.query('SELECT id FROM item WHERE id = $1 AND n = $2', ['x'])).rejects.toBeInstanceOf(DatabaseError);
      await expect(db.query('SELECT id FROM item WHERE id = $1', ['x', 'extra'])).rejects.toBeInstanceOf(DatabaseError);
    });
  });

  describe('transactions', () => {
    it('commits when the callback resolves and returns its value', async () => {
      const result = await db.transaction(async (tx) => {
        await tx.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['c1', 1]);
        await tx.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['c2', 2]);
        return (await tx.query<{ c: number }>('SELECT COUNT(*) AS c FROM item'))[0].c;
      });
      expect(result).toBe(2);
      expect(await count()).toBe(2);
    });

    it('rolls back everything and rethrows when the callback throws', async () => {
      const boom = new Error('boom');
      const err = await rejection(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['x1', 1]);
          throw boom;
        }),
      );
      expect(err).toBe(boom);
      expect(await count()).toBe(0);
      // The connection is usable afterwards.
      await db.transaction((tx) => tx.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['x2', 1]));
      expect(await count()).toBe(1);
    });

    it('rolls back a failed savepoint only, keeping the outer transaction (even after a SQL error)', async () => {
      await db.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['taken', 0]);
      await db.transaction(async (tx) => {
        await tx.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['outer', 1]);
        const err = await rejection(
          tx.savepoint(async (sp) => {
            await sp.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['inner', 2]);
            await sp.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['taken', 3]); // unique violation
          }),
        );
        expect(isUniqueViolation(err)).toBe(true);
        // On PostgreSQL this only works because ROLLBACK TO cleared the aborted state.
        await tx.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['after', 4]);
      });
      const ids = (await db.query<{ id: string }>('SELECT id FROM item ORDER BY id')).map((r) => r.id);
      expect(ids).toEqual(['after', 'outer', 'taken']);
    });

    it('nests savepoints: an inner rollback keeps the middle, a middle rollback drops both', async () => {
      const insert = (tx: Transaction, id: string): Promise<number> => tx.run('INSERT INTO item (id, n) VALUES ($1, 0)', [id]);
      await db.transaction(async (tx) => {
        await insert(tx, 'top');
        const value = await tx.savepoint(async (middle) => {
          await insert(middle, 'middle');
          await rejection(
            middle.savepoint(async (inner) => {
              await insert(inner, 'inner-dropped');
              throw new Error('inner fails');
            }),
          );
          return middle.savepoint(async (inner) => {
            await insert(inner, 'inner-kept');
            return 'released';
          });
        });
        expect(value).toBe('released');
        await rejection(
          tx.savepoint(async (middle) => {
            await insert(middle, 'middle-dropped');
            await middle.savepoint((inner) => insert(inner, 'inner-of-dropped'));
            throw new Error('middle fails');
          }),
        );
      });
      const ids = (await db.query<{ id: string }>('SELECT id FROM item ORDER BY id')).map((r) => r.id);
      expect(ids).toEqual(['inner-kept', 'middle', 'top']);
    });

    // On PostgreSQL the first statement leaves with BEGIN, its parameters written in as literals: these must mean
    // exactly what they mean as parameters.
    it('stores the first statement of a transaction exactly, whatever its values hold', async () => {
      const labels = ["it's", "back\\slash \\' mixed", '$1 and $2; DROP TABLE item; --', 'Tiếng Việt: Sở Tư pháp 🏛', '', "E'x'"];
      for (const [i, label] of labels.entries()) {
        const rows = await db.transaction((tx) =>
          tx.query<{ id: string; n: number; label: string }>('INSERT INTO item (id, n, label) VALUES ($1, $2, $3) RETURNING id, n, label', [
            `first-${i}`,
            (1 - i) * 1e12,
            label,
          ]),
        );
        expect(rows).toEqual([{ id: `first-${i}`, n: (1 - i) * 1e12, label }]);
      }
      await db.transaction((tx) => tx.run('INSERT INTO item (id, n, label) VALUES ($1, $2, $3)', ['nulls', 0, null]));
      const stored = await db.query<{ id: string; label: string | null }>('SELECT id, label FROM item ORDER BY id');
      expect(stored).toEqual([...labels.map((label, i) => ({ id: `first-${i}`, label })), { id: 'nulls', label: null }]);
      // A count that does not match is still refused.
      const err = await rejection(db.transaction((tx) => tx.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['short'])));
      expect(err).toBeInstanceOf(DatabaseError);
    });

    it('rolls back when the first statement fails, reporting its SQL without its values, and stays usable', async () => {
      await db.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['taken', 0]);
      const err = await rejection(
        db.transaction((tx) => tx.run('INSERT INTO item (id, n, label) VALUES ($1, $2, $3)', ['taken', 1, 'secret'])),
      );
      expect(isUniqueViolation(err)).toBe(true);
      expect((err as Error).message).toContain('VALUES ($1, $2, $3)');
      expect((err as Error).message).not.toContain('secret');
      // A transaction that runs nothing commits nothing; then the next one works on the same connection(s).
      await expect(db.transaction(async () => 'nothing ran')).resolves.toBe('nothing ran');
      await db.transaction(async (tx) => {
        await tx.savepoint((sp) => sp.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['after', 1]));
      });
      expect(await count()).toBe(2);
    });

    it('refuses a transaction handle used after its transaction ended', async () => {
      let leaked: Transaction | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      const err = await rejection(leaked!.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['late', 1]));
      expect(err).toMatchObject({ code: 'DB.TRANSACTION_MISUSE' });
      expect(await count()).toBe(0);
    });

    it('keeps a write made outside a transaction out of it, even when it rolls back', async () => {
      const started = gate();
      const release = gate();
      const failing = db.transaction(async (tx) => {
        await tx.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['in-tx', 1]);
        started.open();
        await release.opened;
        throw new Error('roll back');
      });
      await started.opened;
      const outside = db.run('INSERT INTO item (id, n) VALUES ($1, $2)', ['outside', 1]);
      release.open();
      await expect(failing).rejects.toThrow('roll back');
      await expect(outside).resolves.toBe(1);
      const ids = (await db.query<{ id: string }>('SELECT id FROM item')).map((r) => r.id);
      expect(ids).toEqual(['outside']);
    });
  });

  describe('migrations', () => {
    const withSeed: Migration[] = [
      // Given out of order on purpose: 002 needs the table 001 creates.
      {
        id: 'test-003-seed',
        sql: "INSERT INTO thing (id, kind) VALUES (1, 'seeded');\nINSERT INTO thing (id, kind) VALUES (2, 'seeded');",
      },
      {
        id: 'test-002-thing',
        sql: {
          sqlite: 'CREATE TABLE thing (id INTEGER PRIMARY KEY, kind TEXT NOT NULL);',
          postgres: 'CREATE TABLE thing (id BIGINT PRIMARY KEY, kind TEXT NOT NULL);',
        },
      },
    ];
    const things = (): Promise<number> => count('SELECT COUNT(*) AS c FROM thing');

    it('applies each migration once, in id order, and records it', async () => {
      await db.migrate([ITEMS, ...withSeed]);
      await db.migrate([ITEMS, ...withSeed]);
      expect(await things()).toBe(2);
      const applied = await db.query<{ id: string; applied_at: number }>('SELECT id, applied_at FROM schema_migrations ORDER BY id');
      expect(applied.map((m) => m.id)).toEqual(['test-001-item', 'test-002-thing', 'test-003-seed']);
      expect(typeof applied[0].applied_at).toBe('number');
    });

    it('is safe when two instances migrate the same database at once', async () => {
      const other = createDatabase(dbUrl);
      extra.push(other);
      await Promise.all([db.migrate(withSeed), other.migrate(withSeed)]);
      expect(await things()).toBe(2);
      expect(await count("SELECT COUNT(*) AS c FROM schema_migrations WHERE id LIKE 'test-00%'")).toBe(3);
    });

    it('starts fresh databases concurrently (schema creation race included)', async () => {
      const freshUrl = url();
      const [a, b] = [createDatabase(freshUrl), createDatabase(freshUrl)];
      try {
        await Promise.all([a.migrate(withSeed), b.migrate(withSeed)]);
        expect((await a.query<{ c: number }>('SELECT COUNT(*) AS c FROM thing'))[0].c).toBe(2);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await dropTestSchema(freshUrl);
      }
    });

    it('rolls back a failing migration with its record, keeping the ones before it', async () => {
      const broken: Migration = {
        id: 'test-004-broken',
        sql: "INSERT INTO thing (id, kind) VALUES (3, 'half');\nINSERT INTO nowhere VALUES (1);",
      };
      const err = await rejection(db.migrate([...withSeed, broken]));
      expect(err).toMatchObject({ code: 'DB.MIGRATION_FAILED' });
      expect((err as Error).message).toContain('test-004-broken');
      expect(await things()).toBe(2);
      expect(await count('SELECT COUNT(*) AS c FROM schema_migrations WHERE id = $1', ['test-004-broken'])).toBe(0);
    });

    it('rejects duplicate ids before touching the database', async () => {
      const err = await rejection(db.migrate([...withSeed, { id: 'test-002-thing', sql: 'SELECT 1' }]));
      expect(err).toMatchObject({ code: 'DB.MIGRATION_INVALID' });
      expect(await count("SELECT COUNT(*) AS c FROM schema_migrations WHERE id = 'test-002-thing'")).toBe(0);
    });
  });

  it('refuses work after close, and close is idempotent', async () => {
    await db.close();
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'DB.CLOSED' });
  });
});

describe('SQLite: one connection shared by async transactions', () => {
  let dbUrl: string;
  let db: Database;
  const sqlite = testDatabaseUrls().find((t) => t.name === 'sqlite')!;

  beforeEach(async () => {
    dbUrl = sqlite.url();
    db = createDatabase(dbUrl);
    await db.migrate([
      {
        id: 'test-001-counter',
        sql: 'CREATE TABLE counter (id INTEGER PRIMARY KEY, value BIGINT NOT NULL); INSERT INTO counter VALUES (1, 0);',
      },
    ]);
  });

  afterEach(async () => {
    await db.close();
    await dropTestSchema(dbUrl);
  });

  it('serializes concurrent transactions: no interleaving, no lost update', async () => {
    const events: string[] = [];
    const increment = (name: string) =>
      db.transaction(async (tx) => {
        events.push(`${name}:begin`);
        const [{ value }] = await tx.query<{ value: number }>('SELECT value FROM counter WHERE id = 1');
        // Several awaits between read and write give any other transaction every chance to interleave.
        for (let i = 0; i < 3; i++) await tx.query('SELECT 1');
        await tx.run('UPDATE counter SET value = $1 WHERE id = 1', [value + 1]);
        events.push(`${name}:commit`);
      });
    const names = ['a', 'b', 'c', 'd', 'e'];
    await Promise.all(names.map(increment));
    expect(events).toEqual(names.flatMap((n) => [`${n}:begin`, `${n}:commit`]));
    expect((await db.query<{ value: number }>('SELECT value FROM counter'))[0].value).toBe(names.length);
  });

  it('makes a query outside the transaction wait until it commits', async () => {
    const started = gate();
    const outsideIssued = gate();
    let outsideSettled = false;
    let settledWhileTransactionRan: boolean | undefined;
    const tx = db.transaction(async (t) => {
      await t.run('UPDATE counter SET value = 42');
      started.open();
      await outsideIssued.opened;
      // Keep the transaction busy across several event-loop turns: an outside query that did not
      // wait would run (and settle) in between.
      for (let i = 0; i < 5; i++) {
        await t.query('SELECT 1');
        await new Promise((resolve) => setImmediate(resolve));
      }
      settledWhileTransactionRan = outsideSettled;
    });
    await started.opened;
    const outside = db.query<{ value: number }>('SELECT value FROM counter').finally(() => (outsideSettled = true));
    outsideIssued.open();
    await tx;
    expect(settledWhileTransactionRan).toBe(false);
    await expect(outside).resolves.toEqual([{ value: 42 }]);
  });

  it('refuses db.* inside a transaction callback instead of deadlocking', async () => {
    const err = await rejection(db.transaction(async () => db.query('SELECT 1')));
    expect(err).toMatchObject({ code: 'DB.TRANSACTION_MISUSE' });
    const nested = await rejection(db.transaction(async () => db.transaction(async () => undefined)));
    expect(nested).toMatchObject({ code: 'DB.TRANSACTION_MISUSE' });
  });

  it('catches that misuse under the test runner, and leaves it to the tests elsewhere (the check slows every promise)', async () => {
    const previous = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      const production = new SqliteDatabase(':memory:');
      expect(production.checksMisuse).toBe(false);
      await production.run('CREATE TABLE t (n INTEGER)');
      await Promise.all([1, 2, 3].map((n) => production.transaction((tx) => tx.run('INSERT INTO t (n) VALUES ($1)', [n]))));
      expect(await production.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      await production.close();
      expect(new SqliteDatabase(':memory:', { checkMisuse: true }).checksMisuse).toBe(true);
      process.env.NODE_ENV = 'development';
      expect(new SqliteDatabase(':memory:').checksMisuse).toBe(false);
      process.env.NODE_ENV = 'test';
      expect(new SqliteDatabase(':memory:').checksMisuse).toBe(true);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('stores booleans as 1/0', async () => {
    await db.run('UPDATE counter SET value = $1', [true]);
    expect(await db.query('SELECT value FROM counter')).toEqual([{ value: 1 }]);
  });

  it('creates the parent directories of the file', async () => {
    const nested = sqlite.url().replace(/test\.db$/, 'a/b/c/test.db');
    const other = createDatabase(nested);
    try {
      await other.ping();
      expect(await other.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await other.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await other.query('PRAGMA busy_timeout')).toEqual([{ timeout: 10 }]);
    } finally {
      await other.close();
      await dropTestSchema(nested);
    }
  });
});

describe('SQLite: the write-ahead log', () => {
  it('is checkpointed by the writer, so the -wal file stays bounded however much is written', async () => {
    const { url, db } = freshDatabase('sqlite');
    try {
      await db.migrate([ITEMS]);
      expect(await db.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 1000 }]);
      // 24 MiB in 240 transactions of 100 KiB: without checkpoints the WAL would hold all of it.
      const label = 'đ'.repeat(1024);
      for (let t = 0; t < 240; t++) {
        await db.transaction(async (tx) => {
          for (let i = 0; i < 50; i++) await tx.run('INSERT INTO item (id, n, label) VALUES ($1, $2, $3)', [`${t}-${i}`, i, label]);
        });
      }
      expect(statSync(`${(db as SqliteDatabase).file}-wal`).size).toBeLessThan(8 * 1024 * 1024);
      expect(await db.query('SELECT COUNT(*) AS n FROM item')).toEqual([{ n: 12_000 }]);
    } finally {
      await db.close();
      await dropTestSchema(url);
    }
  });
});

describe('PostgreSQL: round trips of a transaction', () => {
  it('sends BEGIN with the first statement: two queries for one statement and its COMMIT, none for an empty transaction', async () => {
    const { url, db } = freshDatabase('postgres');
    // Counts what node-postgres is asked to send (each query is a round trip: it waits for one answer before the next).
    const sent = jest.spyOn(Client.prototype, 'query');
    try {
      await db.migrate([ITEMS]);
      sent.mockClear();
      await db.transaction((tx) => tx.run('INSERT INTO item (id, n, label) VALUES ($1, $2, $3)', ['a', 1, "it's"]));
      expect(sent.mock.calls.map((call) => String(call[0]).split(' ')[0])).toEqual(['BEGIN;', 'COMMIT']);
      sent.mockClear();
      await db.transaction(async () => undefined);
      expect(sent).not.toHaveBeenCalled();
      // A parameter that is not a plain scalar: BEGIN on its own first, as before.
      sent.mockClear();
      await db.transaction((tx) => tx.query('SELECT length($1::bytea) AS n', [Buffer.from('abc')]));
      expect(sent.mock.calls.map((call) => String(call[0]).split(' ')[0])).toEqual(['BEGIN', 'SELECT', 'COMMIT']);
      expect(await db.query('SELECT label FROM item')).toEqual([{ label: "it's" }]);
    } finally {
      sent.mockRestore();
      await db.close();
      await dropTestSchema(url);
    }
  });
});

describe('PostgreSQL: connection failures', () => {
  it('reports an unreachable server as a transient error', async () => {
    const db = createDatabase('postgres://postgres@127.0.0.1:1/test');
    try {
      const err = await rejection(db.query('SELECT 1'));
      expect(isTransientDbError(err)).toBe(true);
      expect((err as Error).message).toContain('ECONNREFUSED');
    } finally {
      await db.close();
    }
  });
});

describe('SQLite shared by several processes (two connections to one file)', () => {
  it("waits for the other connection's write lock without blocking the event loop", async () => {
    const url = testDatabaseUrls()[0].url();
    const first = createDatabase(url);
    const second = createDatabase(url);
    try {
      await first.run('CREATE TABLE shared (n INTEGER NOT NULL)');
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      let release!: () => void;
      const held = first.transaction(async (tx) => {
        await tx.run('INSERT INTO shared (n) VALUES (1)');
        await new Promise<void>((resolve) => (release = resolve)); // a long transaction: e.g. a SOAP call inside a handler
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const waiting = second.transaction((tx) => tx.run('INSERT INTO shared (n) VALUES (2)'));
      const ticksBefore = ticks;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ticks - ticksBefore).toBeGreaterThan(20); // the loop kept running while `second` waited
      release();
      await held;
      await waiting;
      clearInterval(ticker);
      expect(await second.query('SELECT n FROM shared ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await first.close();
      await second.close();
      await dropTestSchema(url);
    }
  });
});
