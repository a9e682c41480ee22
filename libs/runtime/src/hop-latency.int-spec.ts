import { randomBytes } from 'node:crypto';
import { type INestApplication, Module } from '@nestjs/common';
import { CONTRACT_MESSAGE_TYPES, EXCHANGE } from '@lienthong/contracts';
import { sampleDossierReceived } from '@lienthong/contracts/testing/samples';
import {
  BusPublisher,
  MESSAGING_MIGRATIONS,
  MessagingModule,
  SENT_AT_HEADER,
  messagingOptionsFromEnv,
  queueNameOf,
  retryQueueName,
} from '@lienthong/messaging';
import { HandlerScript, TEST_MIGRATIONS, TestHandlers } from '@lienthong/messaging/testing/test-handlers';
import { TEST_AMQP_URL, TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { PersistenceModule } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { bootstrapService } from './bootstrap';
import { HEARTBEAT_ROUTING_PREFIX, type HeartbeatHop, OPS_EXCHANGE, parseHeartbeat } from './heartbeat.message';
import { RuntimeModule } from './runtime.module';
import { ServiceAuth } from './http/service-auth';

const RECEIVED = 'onestop.dossier.received';

/**
 * Hop latency end to end on the real broker: a bus service (transport, runtime, heartbeat) consumes
 * `onestop.dossier.received`; what it handles shows as the hop `onestop.dossier.received → <service>` in
 * its `/metrics` histogram and in the histogram its heartbeats carry.
 */
describe('hop latency through a bus service', () => {
  const service = `hops-${randomBytes(4).toString('hex')}`;
  const hopName = `${RECEIVED} → ${service}`;
  const [sqlite] = testDatabaseUrls();
  const databaseUrl = sqlite.url();
  const messaging = messagingOptionsFromEnv(
    service,
    { AMQP_URL: TEST_AMQP_URL },
    { retryDelaysMs: [100], relayIntervalMs: 200, reconnectDelayMs: 100 },
  );
  let app: INestApplication;
  let broker: TestBroker;
  let heartbeats: Observed[];
  /** Everything on the contract's exchange, as a subscriber bound to `#` sees it. */
  let contract: Observed[];
  let baseUrl: string;

  const metrics = async (): Promise<string> => (await fetch(`${baseUrl}/metrics`, { headers: ServiceAuth.fromEnv().headers() })).text();
  /** The value of one series of this hop in the `/metrics` text (labels other than `hop` given as `le="2.5"`…), or undefined. */
  const series = (text: string, name: string, extra = ''): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{hop="${hopName}",${extra}`));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const latestHop = (): HeartbeatHop | undefined => {
    const last = heartbeats[heartbeats.length - 1];
    return last && parseHeartbeat(Buffer.from(JSON.stringify(last.body)))?.hops?.hops.find((h) => h.hop === hopName);
  };

  beforeAll(async () => {
    process.env.HEARTBEAT_INTERVAL_MS = '200';
    broker = await TestBroker.connect();
    heartbeats = await broker.observeOn(OPS_EXCHANGE, `${HEARTBEAT_ROUTING_PREFIX}${service}`);
    contract = await broker.observeOn(EXCHANGE, '#');
    @Module({
      imports: [
        PersistenceModule.forRoot({ url: databaseUrl, migrations: [...MESSAGING_MIGRATIONS, ...TEST_MIGRATIONS] }),
        MessagingModule.forRoot(messaging),
        RuntimeModule.forService(service),
      ],
      providers: [HandlerScript, TestHandlers],
    })
    class HopTestModule {}
    app = await bootstrapService({ service, module: HopTestModule, httpPort: 0, httpOptions: { logger: ['error'] } });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    const queue = queueNameOf(service);
    await broker?.deleteQueues([queue, ...messaging.retryDelaysMs.map((d, i) => retryQueueName(queue, i, d))]);
    await broker?.close();
    await dropTestSchema(databaseUrl);
  });

  it('times a message the bus produced (outbox header) from its send to its effect committed', async () => {
    // The service publishes through its own outbox and consumes the message itself: one real hop.
    const before = Date.now();
    await app.get(BusPublisher).publishConfirmed(RECEIVED, sampleDossierReceived({ dossierCode: `H-${randomBytes(4).toString('hex')}` }));
    await eventually('the hop in /metrics', async () => series(await metrics(), 'lienthong_hop_latency_seconds_count') === 1);
    const text = await metrics();
    const seconds = series(text, 'lienthong_hop_latency_seconds_sum')!;
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(seconds * 1000).toBeLessThanOrEqual(Date.now() - before);
    expect(series(text, 'lienthong_hop_processing_seconds_count')).toBe(1);
    expect(series(text, 'lienthong_hop_messages_total', 'outcome="handled"')).toBe(1);
  });

  it('puts a message sent 1.5 s ago in the (1 s, 2.5 s] bucket, in /metrics and in the heartbeat', async () => {
    await broker.publish(RECEIVED, sampleDossierReceived({ dossierCode: `H-${randomBytes(4).toString('hex')}` }), {
      headers: { [SENT_AT_HEADER]: Date.now() - 1_500 },
    });
    await eventually('the second message timed', async () => series(await metrics(), 'lienthong_hop_latency_seconds_count') === 2);
    const text = await metrics();
    const bucket = (le: string): number | undefined => series(text, 'lienthong_hop_latency_seconds_bucket', `le="${le}"`);
    expect(bucket('1')).toBe(1); // the first message, well under a second
    expect(bucket('2.5')).toBe(2);
    expect(bucket('+Inf')).toBe(2);
    expect(series(text, 'lienthong_hop_latency_seconds_sum')).toBeGreaterThanOrEqual(1.5);

    await eventually('a heartbeat with both messages', () => latestHop()?.ok === 2);
    const hop = latestHop()!;
    const bounds = parseHeartbeat(Buffer.from(JSON.stringify(heartbeats[heartbeats.length - 1].body)))!.hops!.boundsMs;
    expect(hop).toMatchObject({ kind: 'message', failed: 0 });
    expect(hop.buckets.reduce((a, b) => a + b, 0)).toBe(2);
    expect(hop.buckets[bounds.indexOf(2_500)]).toBe(1);
    expect(hop.sumMs).toBeGreaterThanOrEqual(1_500);
  });

  it('counts a message it rejects as a failure of the hop, without timing it', async () => {
    await broker.publish(RECEIVED, { dossierCode: 'H-BROKEN' });
    await eventually(
      'the rejection in /metrics',
      async () => series(await metrics(), 'lienthong_hop_messages_total', 'outcome="rejected"') === 1,
    );
    expect(series(await metrics(), 'lienthong_hop_latency_seconds_count')).toBe(2);
    await eventually('the rejection in a heartbeat', () => latestHop()?.failed === 1);
  });

  it('heartbeats on lienthong.ops with an envelope of their own, and puts nothing but contract messages on lienthong.events', async () => {
    await eventually('a few heartbeats', () => heartbeats.length >= 3);
    for (const beat of heartbeats) {
      expect(beat).toMatchObject({ exchange: 'lienthong.ops', routingKey: `heartbeat.${service}` });
      expect(beat.properties).toMatchObject({
        type: `heartbeat.${service}`,
        appId: 'lienthong',
        contentType: 'application/json',
        deliveryMode: 1,
        expiration: '600',
      });
      expect(typeof beat.properties.timestamp).toBe('number');
    }
    expect(new Set(heartbeats.map((beat) => beat.properties.messageId)).size).toBe(heartbeats.length);
    // The earlier tests put contract messages on lienthong.events (received, rejected): only those are there.
    expect(contract.length).toBeGreaterThan(0);
    expect(contract.map((m) => m.routingKey).filter((key) => !(CONTRACT_MESSAGE_TYPES as readonly string[]).includes(key))).toEqual([]);
  });
});
