import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { MESSAGING_MIGRATIONS } from '../messaging.migrations';
import { MessagingRetention } from './messaging.retention';

const MINUTE = 60_000;

/** The inbox and the published outbox rows are pruned once older than their retention; nothing else is. */
describe.each(testDatabaseUrls())('messaging retention on $name', ({ url: makeUrl }) => {
  let url: string;
  let db: Database;
  const now = 1_800_000_000_000;
  const retention = (): MessagingRetention => new MessagingRetention(db, { inboxRetentionMs: 10 * MINUTE, outboxRetentionMs: 5 * MINUTE });

  beforeEach(async () => {
    url = makeUrl();
    db = createDatabase(url);
    await db.migrate(MESSAGING_MIGRATIONS);
  });
  afterEach(async () => {
    await db.close();
    await dropTestSchema(url);
  });

  const inbox = (id: string, consumer: string, receivedAt: number) =>
    db.run('INSERT INTO inbox (message_id, consumer, received_at) VALUES ($1, $2, $3)', [id, consumer, receivedAt]);
  const outbox = (id: string, createdAt: number, sentAt: number | null, unroutable = 0) =>
    db.run(
      "INSERT INTO outbox (producer, message_id, exchange, routing_key, body, properties, created_at, sent_at, unroutable) VALUES ('p', $1, 'x', 'k', '{}', '{}', $2, $3, $4)",
      [id, createdAt, sentAt, unroutable],
    );
  const ids = async (table: 'inbox' | 'outbox') =>
    (await db.query<{ message_id: string }>(`SELECT message_id FROM ${table} ORDER BY message_id`)).map((r) => r.message_id);

  it('prunes inbox rows handled before the retention, for every consumer, and keeps the newer ones', async () => {
    await inbox('a-old', 'orchestrator', now - 11 * MINUTE);
    await inbox('a-old', 'postal-adapter', now - 11 * MINUTE);
    await inbox('b-edge', 'orchestrator', now - 10 * MINUTE);
    await inbox('c-new', 'orchestrator', now - MINUTE);
    expect(await retention().pruneOnce(now)).toEqual({ inbox: 2, outbox: 0 });
    expect(await ids('inbox')).toEqual(['b-edge', 'c-new']);
  });

  it('prunes published outbox rows written before the retention; pending and unroutable rows stay', async () => {
    await outbox('o1-sent-old', now - 9 * MINUTE, now - 9 * MINUTE);
    await outbox('o2-pending-old', now - 8 * MINUTE, null);
    await outbox('o3-unroutable-old', now - 7 * MINUTE, now - 7 * MINUTE, 1);
    await outbox('o4-sent-old', now - 6 * MINUTE, now - 6 * MINUTE);
    await outbox('o5-sent-new', now - 4 * MINUTE, now - 4 * MINUTE);
    await outbox('o6-pending-new', now - MINUTE, null);
    expect(await retention().pruneOnce(now)).toEqual({ inbox: 0, outbox: 2 });
    expect(await ids('outbox')).toEqual(['o2-pending-old', 'o3-unroutable-old', 'o5-sent-new', 'o6-pending-new']);
    // Once the pending row is sent and old enough, it goes too.
    await db.run("UPDATE outbox SET sent_at = $1 WHERE message_id = 'o2-pending-old'", [now]);
    expect(await retention().pruneOnce(now)).toEqual({ inbox: 0, outbox: 1 });
  });

  it('prunes a backlog larger than one statement in chunks, and an outbox whose rows are all old', async () => {
    const n = 12_000;
    await db.transaction(async (tx) => {
      for (let i = 0; i < n; i += 500) {
        const chunk = Array.from({ length: Math.min(500, n - i) }, (_, j) => i + j);
        await tx.run(
          `INSERT INTO inbox (message_id, consumer, received_at) VALUES ${chunk.map((_, j) => `($${j * 2 + 1}, 'c', $${j * 2 + 2})`).join(', ')}`,
          chunk.flatMap((k) => [`m${k}`, now - 20 * MINUTE + k]),
        );
        await tx.run(
          `INSERT INTO outbox (producer, message_id, exchange, routing_key, body, properties, created_at, sent_at) VALUES ${chunk.map((_, j) => `('p', $${j * 2 + 1}, 'x', 'k', '{}', '{}', $${j * 2 + 2}, $${j * 2 + 2})`).join(', ')}`,
          chunk.flatMap((k) => [`m${k}`, now - 20 * MINUTE + k]),
        );
      }
    });
    expect(await retention().pruneOnce(now)).toEqual({ inbox: n, outbox: n });
    expect(await ids('inbox')).toEqual([]);
    expect(await ids('outbox')).toEqual([]);
    expect(await retention().pruneOnce(now)).toEqual({ inbox: 0, outbox: 0 });
  });

  it('prunes on its timer from start to stop', async () => {
    await inbox('old', 'c', Date.now() - 11 * MINUTE);
    const r = retention();
    expect(r.intervalMs).toBe(60_000);
    r.start();
    await r.stop();
    expect(await ids('inbox')).toEqual([]);
  });
});
