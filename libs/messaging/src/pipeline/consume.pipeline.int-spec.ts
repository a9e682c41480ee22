import { randomUUID } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import { EXCHANGE } from '@lienthong/contracts';
import { sampleDossierReceived } from '@lienthong/contracts/testing/samples';
import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { AmqpConnection } from '../amqp/amqp.connection';
import { ConfirmPublisher } from '../amqp/confirm.publisher';
import type { BusContext } from '../bus.context';
import { DeadLetterStore } from '../dead-letter/dead-letter.store';
import { TransientFailure } from '../errors';
import { MESSAGING_MIGRATIONS } from '../messaging.migrations';
import { OutboxRelay } from '../outbox/outbox.relay';
import { OutboxWriter } from '../outbox/outbox.writer';
import { TEST_AMQP_URL } from '../testing/test-broker';
import { ConsumePipeline } from './consume.pipeline';

const QUEUE = 'lienthong.pipeline-test';

/** A delivery of `onestop.dossier.received` as amqplib hands it over. */
function delivery(messageId: string, dossierCode: string): ConsumeMessage {
  return {
    content: Buffer.from(JSON.stringify({ ...sampleDossierReceived(), dossierCode })),
    fields: { deliveryTag: 1, redelivered: false, exchange: EXCHANGE, routingKey: 'onestop.dossier.received', consumerTag: 't' },
    properties: { messageId, type: 'onestop.dossier.received', contentType: 'application/json', headers: { 'x-schema-version': 1 } },
  } as unknown as ConsumeMessage;
}

/** Counts its kicks instead of publishing: what the transport asks of the relay after a batch. */
class CountingRelay extends OutboxRelay {
  kicks = 0;
  override kick(): void {
    this.kicks++;
  }
}

describe.each(testDatabaseUrls())('consume pipeline on $name', ({ url }) => {
  let databaseUrl: string;
  let db: Database;
  let connection: AmqpConnection;
  const runs: string[] = [];
  let failOnce: Set<string>;

  const pipeline = (writer = new OutboxWriter('pipeline-test')): ConsumePipeline =>
    new ConsumePipeline(
      db,
      writer,
      new DeadLetterStore(db, new ConfirmPublisher(connection)),
      new Map([
        [
          'onestop.dossier.received',
          async (body: Record<string, unknown>, ctx: BusContext) => {
            const code = String(body.dossierCode);
            if (failOnce.delete(code)) throw new TransientFailure('TEST.FLAKY', `${code} fails once`);
            runs.push(code);
            await ctx.tx.run('INSERT INTO test_effects (message_id, dossier_code) VALUES ($1, $2)', [ctx.message.messageId, code]);
          },
        ],
      ]),
      { queue: QUEUE, maxMessageBytes: 1024 * 1024, retryLevels: 3 },
    );

  beforeEach(async () => {
    databaseUrl = url();
    db = createDatabase(databaseUrl);
    await db.migrate([
      ...MESSAGING_MIGRATIONS,
      { id: 'test-001-effects', sql: 'CREATE TABLE test_effects (message_id TEXT NOT NULL, dossier_code TEXT NOT NULL)' },
    ]);
    connection = new AmqpConnection({ urls: [TEST_AMQP_URL], name: 'pipeline-test', reconnectDelayMs: 100, reconnectMaxDelayMs: 100 });
    runs.length = 0;
    failOnce = new Set();
  });
  afterEach(async () => {
    await db.close();
    await dropTestSchema(databaseUrl);
  });

  const effects = async (): Promise<number> => Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM test_effects'))[0].n);

  it('claims a batch’s inbox rows together, and has a message_id that comes twice in one batch handled once', async () => {
    const id = randomUUID();
    const other = randomUUID();
    const settlements = await pipeline().run([delivery(id, 'HS-1'), delivery(other, 'HS-2'), delivery(id, 'HS-1')]);
    expect(settlements).toEqual([
      { action: 'ack', outcome: 'handled' },
      { action: 'ack', outcome: 'handled' },
      { action: 'ack', outcome: 'duplicate' },
    ]);
    expect(runs).toEqual(['HS-1', 'HS-2']);
    expect(await effects()).toBe(2);
    const inbox = await db.query<{ message_id: string }>('SELECT message_id FROM inbox WHERE consumer = $1 ORDER BY message_id', [QUEUE]);
    expect(inbox.map((r) => r.message_id)).toEqual([id, other].sort());
  });

  it('claims message ids exactly, whatever characters they hold (on PostgreSQL they go as one array literal)', async () => {
    const ids = ['NULL', 'a,b', '{x}', 'say "hi"', "it's", 'back\\slash', ' spaced ', 'Mã-hồ-sơ-01', `${randomUUID()}\\"}`];
    const settlements = await pipeline().run(ids.map((id, i) => delivery(id, `HS-${i}`)));
    expect(settlements.every((s) => s.action === 'ack' && s.outcome === 'handled')).toBe(true);
    const inbox = await db.query<{ message_id: string }>('SELECT message_id FROM inbox WHERE consumer = $1', [QUEUE]);
    expect(inbox.map((r) => r.message_id).sort()).toEqual([...ids].sort());
    const again = await pipeline().run(ids.map((id, i) => delivery(id, `HS-${i}`)));
    expect(again.every((s) => s.action === 'ack' && s.outcome === 'duplicate')).toBe(true);
  });

  it('has a message already in the inbox, arriving in a batch, settled as a duplicate without running its handler', async () => {
    const seen = randomUUID();
    await pipeline().run([delivery(seen, 'HS-1')]);
    const settlements = await pipeline().run([delivery(randomUUID(), 'HS-2'), delivery(seen, 'HS-1')]);
    expect(settlements.map((s) => s.action === 'ack' && s.outcome)).toEqual(['handled', 'duplicate']);
    expect(runs).toEqual(['HS-1', 'HS-2']);
  });

  it('rolls a batch’s claims back with it when a handler throws, and claims each message again in the careful pass', async () => {
    failOnce.add('HS-2');
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const settlements = await pipeline().run([delivery(ids[0], 'HS-1'), delivery(ids[1], 'HS-2'), delivery(ids[2], 'HS-3')]);
    expect(settlements.map((s) => s.action)).toEqual(['ack', 'retry', 'ack']);
    expect(await effects()).toBe(2);
    const inbox = await db.query<{ message_id: string }>('SELECT message_id FROM inbox ORDER BY message_id');
    expect(inbox.map((r) => r.message_id)).toEqual([ids[0], ids[2]].sort());
    // The retried message is not in the inbox: its retry is handled, once.
    expect((await pipeline().run([delivery(ids[1], 'HS-2')]))[0]).toEqual({ action: 'ack', outcome: 'handled' });
  });

  it('asks the relay for a flush after a batch only when an outbox row was written', async () => {
    const writer = new OutboxWriter('pipeline-test');
    const relay = new CountingRelay(db, new ConfirmPublisher(connection), 'pipeline-test', 60_000);
    writer.onWrite(() => relay.noteWritten());
    await pipeline(writer).run([delivery(randomUUID(), 'HS-1')]);
    relay.kickIfWritten();
    expect(relay.kicks).toBe(0);
    await db.transaction((tx) =>
      writer.write(tx, 'lienthong.message-rejected', {
        rejectedMessageId: 'x',
        routingKey: 'onestop.dossier.received',
        producer: 'onestop',
        reasons: [{ field: 'body', problem: 'is broken' }],
        rejectedAt: '2026-11-28T10:00:00.000+07:00',
      }),
    );
    relay.kickIfWritten();
    relay.kickIfWritten();
    expect(relay.kicks).toBe(1);
  });
});
