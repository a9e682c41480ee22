import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import { type Database, createDatabase } from '@lienthong/persistence';
import { TEST_POSTGRES_URL, dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { AmqpConnection } from '../amqp/amqp.connection';
import { ConfirmPublisher } from '../amqp/confirm.publisher';
import { MESSAGING_MIGRATIONS } from '../messaging.migrations';
import { TEST_AMQP_URL } from '../testing/test-broker';
import { OutboxRelay } from './outbox.relay';

/**
 * Two instances of one service on one database: each has its relay, and whichever holds the producer's lock publishes
 * both instances' rows. A caller waiting for the confirm of its own row (the iOffice adapter acknowledges a package to
 * iOffice only then) must learn of it when the other instance's relay published it, not wait for its timeout
 * (the iOffice adapter's "not confirmed by the broker within 30000 ms").
 */
describe.each(testDatabaseUrls())('outbox relays of two instances on $name', ({ name, url: makeUrl }) => {
  const ROUTING_KEY = `relay-test.${randomUUID()}`;
  let url: string;
  let db: Database;
  let watcher: amqp.ChannelModel;
  let queue: string;
  const connections = [1, 2].map(
    (i) => new AmqpConnection({ urls: [TEST_AMQP_URL], name: `outbox-relay-spec-${i}`, reconnectDelayMs: 100, reconnectMaxDelayMs: 500 }),
  );
  const publishers = connections.map((c) => new ConfirmPublisher(c));
  let relays: OutboxRelay[];

  beforeAll(async () => {
    url = makeUrl();
    db = createDatabase(url);
    await db.migrate(MESSAGING_MIGRATIONS);
    // Neither relay runs its timer: every publish below is the flush the test asks for.
    relays = publishers.map((p) => new OutboxRelay(db, p, 'relay-test-service', 3_600_000));
    watcher = await amqp.connect(TEST_AMQP_URL);
    const channel = await watcher.createChannel();
    queue = (await channel.assertQueue('', { exclusive: true })).queue;
    await channel.bindQueue(queue, 'amq.topic', ROUTING_KEY);
  });
  afterAll(async () => {
    for (const r of relays) await r.stop();
    for (const p of publishers) await p.close();
    for (const c of connections) await c.close();
    await watcher.close();
    await db.close();
    await dropTestSchema(url);
  });

  const addRow = async (): Promise<string> => {
    const messageId = randomUUID();
    const properties = {
      messageId,
      type: 'relay-test',
      timestamp: Math.floor(Date.now() / 1000),
      appId: 'lienthong',
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      persistent: true,
      headers: {},
    };
    await db.run(
      'INSERT INTO outbox (producer, message_id, exchange, routing_key, body, properties, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      ['relay-test-service', messageId, 'amq.topic', ROUTING_KEY, '{}', JSON.stringify(properties), Date.now()],
    );
    return messageId;
  };

  const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), ms)));
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };

  it("resolves a wait on one instance when the other instance's relay published the row", async () => {
    const messageId = await addRow();
    await relays[1].flush(); // instance 2 publishes instance 1's row (it held the lock first)
    const [row] = await db.query<{ sent_at: unknown }>('SELECT sent_at FROM outbox WHERE message_id = $1', [messageId]);
    expect(row.sent_at).not.toBeNull();
    // Instance 1 waits for its row now: its own flush finds nothing left to publish.
    await expect(within(relays[0].confirmed(messageId), 5_000)).resolves.toBeUndefined();
  });

  // The producer's lock exists on PostgreSQL only, the database several instances need.
  if (name !== 'postgres') return;
  it('resolves a wait registered while the other instance holds the lock, once that one publishes', async () => {
    const messageId = await addRow();
    // The other instance is mid-flush: it holds the producer's lock, so instance 1's own flush does nothing.
    const holder = new Client({ connectionString: TEST_POSTGRES_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['outbox:relay-test-service']);
      const waiting = relays[0].confirmed(messageId);
      await relays[0].flush(); // instance 1's own flush finds the lock taken and publishes nothing
      await holder.query('COMMIT');
      await relays[1].flush();
      await expect(within(waiting, 5_000)).resolves.toBeUndefined();
    } finally {
      await holder.end();
    }
  });
});
