import { randomBytes } from 'node:crypto';
import { type Server, type Socket, createServer } from 'node:net';
import * as amqp from 'amqplib';
import type { ConsumeMessage } from 'amqplib';
import { HEADERS, SCHEMA_VERSION, sampleDossierReceived } from '@lienthong/contracts';
import { AmqpConnection, ConfirmPublisher, DeadLetterStore, MESSAGING_MIGRATIONS } from '@lienthong/messaging';
import { TEST_AMQP_URL } from '@lienthong/messaging/testing/test-broker';
import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { AuditLog } from '../audit/audit.log';
import { CONSOLE_MIGRATIONS } from '../console.migrations';
import { DeadLetterOperations } from './dead-letter.operations';

/**
 * Replay and discard against the real broker and each database: the change and its audit entry commit together
 * or not at all. The audit write is made to fail for real, by a trigger on the table that keeps audited bodies.
 */
describe.each(testDatabaseUrls())('dead-letter operations on $name', ({ name, url: makeUrl }) => {
  const queue = `lienthong.console-ops-test-${randomBytes(3).toString('hex')}`;
  let url: string;
  let db: Database;
  let connection: AmqpConnection;
  let publisher: ConfirmPublisher;
  let store: DeadLetterStore;
  let audit: AuditLog;
  let ops: DeadLetterOperations;
  let model: amqp.ChannelModel;
  let channel: amqp.Channel;

  beforeAll(async () => {
    url = makeUrl();
    db = createDatabase(url);
    await db.migrate([...MESSAGING_MIGRATIONS, ...CONSOLE_MIGRATIONS]);
    connection = new AmqpConnection({ urls: [TEST_AMQP_URL], name: 'console-ops-test', reconnectDelayMs: 100, reconnectMaxDelayMs: 100 });
    publisher = new ConfirmPublisher(connection);
    store = new DeadLetterStore(db, publisher);
    audit = new AuditLog(db);
    ops = new DeadLetterOperations(db, publisher, audit);
    model = await amqp.connect(TEST_AMQP_URL);
    channel = await model.createChannel();
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
  });
  afterAll(async () => {
    await channel.deleteQueue(queue).catch(() => undefined);
    await model.close();
    await publisher.close();
    await connection.close();
    await db.close();
    await dropTestSchema(url);
  });

  /** A message the consumer of `queue` gave up on, as the pipeline records it. */
  const deadLetter = async (body: unknown): Promise<number> => {
    const messageId = `m-${randomBytes(6).toString('hex')}`;
    const raw = {
      content: Buffer.from(JSON.stringify(body)),
      fields: {
        deliveryTag: 1,
        redelivered: false,
        exchange: 'lienthong.events',
        routingKey: 'onestop.dossier.received',
        consumerTag: 'c',
      },
      properties: {
        messageId,
        type: 'onestop.dossier.received',
        contentType: 'application/json',
        appId: 'onestop',
        headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION },
      },
    } as unknown as ConsumeMessage;
    await db.transaction((tx) =>
      store.record(tx, {
        raw,
        queue,
        errorCode: 'CONTRACT.INVALID_FIELD',
        reasons: [{ field: 'receivedAt', problem: 'must be an ISO 8601 date-time' }],
        attempts: 1,
        now: Date.now(),
      }),
    );
    return (await store.list({ queue, limit: 500 })).items.find((l) => l.messageId === messageId)!.id;
  };
  const waiting = async (): Promise<number> => (await channel.checkQueue(queue)).messageCount;
  const entriesOf = async (id: number): Promise<string[]> =>
    (await audit.list({ target: `dead-letter:${id}` })).items.map((e) => `${e.action}:${e.outcome}`);
  const failAuditWrites = (): Promise<number> =>
    name === 'sqlite'
      ? db.run("CREATE TRIGGER audit_down BEFORE INSERT ON audit_bodies BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END")
      : db.run('CREATE TRIGGER audit_down BEFORE INSERT ON audit_bodies FOR EACH ROW EXECUTE FUNCTION audit_down()');
  const restoreAuditWrites = (): Promise<number> =>
    db.run(name === 'sqlite' ? 'DROP TRIGGER audit_down' : 'DROP TRIGGER audit_down ON audit_bodies');

  beforeAll(async () => {
    if (name === 'postgres')
      await db.run(
        "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END; $$",
      );
  });

  it('sends nothing and leaves the letter open when its audit entry cannot be written; replays and audits together once it can', async () => {
    const bad = { ...sampleDossierReceived(), receivedAt: '15/04/2026 08:30' };
    const id = await deadLetter(bad);
    const fixed = JSON.stringify(sampleDossierReceived());
    await failAuditWrites();
    try {
      await expect(ops.replay(id, 'an', fixed)).rejects.toThrow(/audit store unavailable/);
    } finally {
      await restoreAuditWrites();
    }
    expect(await store.get(id)).toMatchObject({ status: 'open', resolvedBy: null });
    expect(await waiting()).toBe(0);
    expect(await entriesOf(id)).toEqual([]); // even the failure could not be written: the caller got the error

    const replayed = await ops.replay(id, 'an', fixed);
    expect(replayed).toMatchObject({ status: 'replayed', resolvedBy: 'an' });
    expect(await waiting()).toBe(1);
    expect(await entriesOf(id)).toEqual(['dead-letter.edit-and-replay:ok']);
    await channel.purgeQueue(queue);
  });

  it('discards and audits together, or neither', async () => {
    const id = await deadLetter({ dossierCode: 'X-1' });
    await failAuditWrites();
    try {
      await expect(ops.discard(id, 'an', 'rác')).rejects.toThrow(/audit store unavailable/);
    } finally {
      await restoreAuditWrites();
    }
    expect(await store.get(id)).toMatchObject({ status: 'open' });
    await ops.discard(id, 'an', 'rác');
    expect(await store.get(id)).toMatchObject({ status: 'discarded', resolvedBy: 'an' });
    expect(await entriesOf(id)).toEqual(['dead-letter.discard:ok']);
  });

  it('records a refusal on its own, with digests and no body values in the trail', async () => {
    const id = await deadLetter({ dossierCode: 'X-2', applicant: { idNumber: '020190001234' } });
    await expect(ops.replay(id, 'an', '{"dossierCode":"X-2","applicant":{"idNumber":"020190009999"}}')).rejects.toMatchObject({
      code: 'CONTRACT.INVALID_FIELD',
    });
    const [entry] = (await audit.list({ target: `dead-letter:${id}` })).items;
    expect(entry).toMatchObject({ action: 'dead-letter.edit-and-replay', outcome: 'refused' });
    expect(JSON.parse(entry.after!).changed).toEqual(['applicant.idNumber']);
    expect(`${entry.before}${entry.after}${entry.detail}`).not.toMatch(/020190001234|020190009999/);
    expect(entry.afterBody).toContain('020190009999'); // kept beside the trail, erasable
    expect(await store.get(id)).toMatchObject({ status: 'open' });
  });

  it('gives up after its deadline when the broker does not answer, leaving the letter open and the failure audited', async () => {
    // A port that accepts connections and never speaks AMQP: the publish waits for ever.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const { port } = silent.address() as { port: number };
    const deaf = new AmqpConnection({
      urls: [`amqp://guest:guest@127.0.0.1:${port}`],
      name: 'deaf',
      reconnectDelayMs: 100,
      reconnectMaxDelayMs: 100,
    });
    const id = await deadLetter({ dossierCode: 'X-3' });
    try {
      const started = Date.now();
      await expect(new DeadLetterOperations(db, new ConfirmPublisher(deaf), audit, 300).replay(id, 'an')).rejects.toMatchObject({
        code: 'DEAD_LETTER.REPLAY_TIMEOUT',
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await store.get(id)).toMatchObject({ status: 'open' });
      expect(await entriesOf(id)).toEqual(['dead-letter.replay:failed']);
      // The database is free again at once (SQLite has one writer): another change goes through.
      await ops.discard(id, 'an');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => silent.close(done));
      await deaf.close().catch(() => undefined);
    }
  });

  it('refuses to replay the kept start of an oversized body as if it were the message', async () => {
    const big = Buffer.from(JSON.stringify({ ...sampleDossierReceived(), note: 'Hồ sơ '.repeat(10_000) }));
    const messageId = `m-${randomBytes(6).toString('hex')}`;
    const raw = {
      content: big,
      fields: { deliveryTag: 1, exchange: 'lienthong.events', routingKey: 'onestop.dossier.received' },
      properties: { messageId, type: 'onestop.dossier.received', headers: {} },
    } as unknown as ConsumeMessage;
    await db.transaction((tx) =>
      store.record(tx, {
        raw,
        queue,
        errorCode: 'CONTRACT.INVALID_ENVELOPE',
        reasons: [],
        attempts: 1,
        now: Date.now(),
        maxBodyBytes: 20_000,
      }),
    );
    const id = (await store.list({ queue, limit: 500 })).items.find((l) => l.messageId === messageId)!.id;
    await expect(ops.replay(id, 'an')).rejects.toMatchObject({
      code: 'DEAD_LETTER.BODY_TRUNCATED',
      message: expect.stringContaining(`of its ${big.length} bytes`),
    });
    expect(await waiting()).toBe(0);
    expect(await entriesOf(id)).toEqual(['dead-letter.replay:refused']);
  });
});
