import { randomBytes } from 'node:crypto';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { samplePostalOrderRequested } from '@lienthong/contracts';
import { DeadLetterStore, OutboxRelay, messagingOptionsFromEnv, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { TEST_AMQP_URL, TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { Database } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { ServiceAuth, bootstrapService } from '@lienthong/runtime';
// A test may drive the simulator (dependency-cruiser skips *.int-spec.ts); the adapter's code never imports it.
import { type PostalSimulator, startPostalSimulator } from '../../sim-postal/src';
import { type PostalAdapterConfig, postalAdapterConfigFromEnv } from './postal-adapter.config';
import { postalAdapterModule } from './postal-adapter.module';
import { freePort, operatorTime, postCallback } from './testing/webhook.client';

const SECRET = 'test-webhook-secret';
const DELIVERED_PATH = [1, 2, 4, 6, 7, 10, 11, 12, 14, 19];
const RETRY_DELAYS_MS = [200, 400, 800, 1600];
/** Refused callbacks recorded per source address per minute in these tests (the console forwards from loopback, so X-Forwarded-For names the source). */
const REJECTIONS_PER_SOURCE = 8;

/** The service's log, kept in memory for the tests to read (TEST_LOGS=1 prints it instead). */
class KeptLog implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(String(message));
  }
  warn(message: unknown): void {
    this.lines.push(String(message));
  }
  error(message: unknown): void {
    this.lines.push(String(message));
  }
}

/**
 * The postal adapter as deployed (its module, bootstrapService, raw-body webhook, health, metrics) against
 * the real broker, each database, and the postal simulator started in-process, over real sockets.
 */
describe.each(testDatabaseUrls())('postal adapter service on $name', ({ url }) => {
  let sim: PostalSimulator;
  let app: INestApplication;
  let broker: TestBroker;
  let databaseUrl: string;
  let baseUrl: string;
  let service: string;
  let created: Observed[];
  let tracking: Observed[];
  let seq = 0;
  const log = new KeptLog();

  beforeAll(async () => {
    service = `postal-adapter-test-${randomBytes(3).toString('hex')}`;
    databaseUrl = url();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sim = await startPostalSimulator({
      port: 0,
      env: {},
      autoAdvance: false,
      webhookUrl: `${baseUrl}/postal/webhook`,
      webhookSecret: SECRET,
      webhookRetry: { initialDelayMs: 50, maxDelayMs: 400 },
    });
    broker = await TestBroker.connect();
    created = await broker.observe('postal.order-created');
    tracking = await broker.observe('postal.tracking-received');
    const defaults = postalAdapterConfigFromEnv({});
    const config: PostalAdapterConfig = {
      ...defaults,
      service,
      databaseUrl,
      messaging: messagingOptionsFromEnv(
        service,
        { AMQP_URL: TEST_AMQP_URL },
        { retryDelaysMs: RETRY_DELAYS_MS, relayIntervalMs: 200, reconnectDelayMs: 100 },
      ),
      postal: {
        ...defaults.postal,
        baseUrl: sim.url,
        timeoutMs: 1000,
        maxAttempts: 3,
        backoffBaseMs: 10,
        backoffMaxMs: 50,
        breaker: { failureThreshold: 3, cooldownMs: 500 },
      },
      webhook: {
        ...defaults.webhook,
        secret: SECRET,
        confirmTimeoutMs: 1000,
        unknownOrderGraceMs: 300,
        rejections: { ...defaults.webhook.rejections, perSourcePerMinute: REJECTIONS_PER_SOURCE, bodyBytes: 512 },
      },
      poller: { staleMs: 1500, intervalMs: 100, batchSize: 50 },
    };
    app = await bootstrapService({
      service,
      module: postalAdapterModule(config),
      httpPort: port,
      httpOptions: { bodyParser: false, logger: process.env.TEST_LOGS ? ['log', 'warn', 'error'] : log },
    });
  });

  afterEach(() => sim.setFaults({}));

  afterAll(async () => {
    await app?.close();
    await sim?.close();
    const queue = queueNameOf(service);
    await broker?.deleteQueues([queue, ...RETRY_DELAYS_MS.map((d, i) => retryQueueName(queue, i, d))]);
    await broker?.close();
    await dropTestSchema(databaseUrl);
  });

  const db = () => app.get(Database);
  const newOrder = () => {
    const dossierCode = `000.00.12.H36-261128-${Date.now() % 100000}${++seq}`;
    return samplePostalOrderRequested({ orderNumber: `KQ-${dossierCode}`, dossierCode });
  };
  const createdFor = (n: string) => created.filter((m) => m.body.orderNumber === n);
  const trackingFor = (n: string) => tracking.filter((m) => m.body.orderNumber === n);
  const statusesOf = (n: string) => trackingFor(n).map((m) => m.body.statusCode as number);
  /** Requests an order as the orchestrator would and waits for `postal.order-created`. */
  const placeOrder = async (body = newOrder()) => {
    await broker.publish('postal.order-requested', body, { correlationId: body.dossierCode, appId: 'lienthong' });
    await eventually(`postal.order-created for ${body.orderNumber}`, () => createdFor(body.orderNumber).length > 0);
    return { body, trackingCode: createdFor(body.orderNumber)[0].body.trackingCode as string };
  };
  const advanceToEnd = (orderNumber: string) => {
    for (let i = 0; i < DELIVERED_PATH.length - 1; i++) sim.advance(orderNumber);
  };
  const ready = async () => {
    const res = await fetch(`${baseUrl}/health/ready`);
    return {
      status: res.status,
      body: (await res.json()) as { info?: Record<string, Record<string, unknown>>; error?: Record<string, Record<string, unknown>> },
    };
  };
  const event = (orderNumber: string, trackingCode: string, statusCode: number, occurredAtMs = Date.now()) => ({
    orderNumber,
    trackingCode,
    statusCode,
    statusName: `trạng thái ${statusCode}`,
    occurredAt: operatorTime(occurredAtMs),
  });

  it('places an order once and announces it, however often the request is delivered', async () => {
    const body = newOrder();
    const messageId = await broker.publish('postal.order-requested', body, { correlationId: body.dossierCode, appId: 'lienthong' });
    await broker.publish('postal.order-requested', body, { correlationId: body.dossierCode, appId: 'lienthong', messageId }); // a redelivery
    await broker.publish('postal.order-requested', body, { correlationId: body.dossierCode, appId: 'lienthong' }); // the orchestrator asking again
    await eventually('two announcements', () => createdFor(body.orderNumber).length === 2);
    expect(sim.orders().filter((o) => o.orderNumber === body.orderNumber)).toHaveLength(1);
    const [first, second] = createdFor(body.orderNumber);
    expect(first.body).toMatchObject({
      orderNumber: body.orderNumber,
      purpose: 'result-delivery',
      dossierCode: body.dossierCode,
      status: 1,
      trackingCode: expect.stringMatching(/^[A-Z]{2}\d{9}[A-Z]{2}$/),
    });
    expect(second.body.trackingCode).toBe(first.body.trackingCode);
    expect(first.properties.correlationId).toBe(body.dossierCode);
    expect(first.properties.headers?.['x-causation-id']).toBe(messageId);
  });

  it('takes an order the operator created although its answer was lost (500 after commit → 409 on retry)', async () => {
    sim.setFaults({ serverError: { probability: 1, times: 1, endpoints: ['createOrder'], afterCommit: true } });
    const { body, trackingCode } = await placeOrder();
    expect(sim.faults().serverError.times).toBe(0);
    expect(sim.orders().find((o) => o.orderNumber === body.orderNumber)?.trackingCode).toBe(trackingCode);
  });

  /** The order as the operator holds it from an earlier client: the same fields as `body`, with `changes`. */
  const operatorHas = (
    body: ReturnType<typeof newOrder>,
    status: number,
    changes: Partial<Pick<typeof body, 'serviceCode' | 'receiver' | 'parcel'>> = {},
  ) => {
    const { orderNumber, serviceCode, sender, receiver, parcel } = { ...body, ...changes };
    return sim.seedOrder({ orderNumber, serviceCode, sender, receiver, parcel }, status);
  };

  it('adopts an order the operator already had when it is the one meant (a store restored from an older backup), and applies its status at once', async () => {
    const body = newOrder();
    const theirs = operatorHas(body, 14);
    await broker.publish('postal.order-requested', body, { correlationId: body.dossierCode, appId: 'lienthong' });
    await eventually('delivered applied', () => statusesOf(body.orderNumber).includes(14));
    expect(createdFor(body.orderNumber).map((m) => m.body)).toEqual([
      expect.objectContaining({ trackingCode: theirs.trackingCode, status: 14 }),
    ]);
    // The history so far is applied in order, as a poll would take it, so a later poll finds nothing new.
    expect(statusesOf(body.orderNumber)).toEqual([1, 2, 4, 6, 7, 10, 11, 12, 14]);
    expect(trackingFor(body.orderNumber).every((m) => String(m.body.transaction).startsWith(`poll:${body.orderNumber}:`))).toBe(true);
    const [row] = await db().query<{ status_code: number; settled: number }>(
      'SELECT status_code, settled FROM postal_orders WHERE order_number = $1',
      [body.orderNumber],
    );
    expect({ status: Number(row.status_code), settled: Number(row.settled) }).toEqual({ status: 14, settled: 1 });
    expect(sim.orders().filter((o) => o.orderNumber === body.orderNumber)).toHaveLength(1);
  });

  it("adopts no stranger's order: the same order number for another receiver is dead-lettered POSTAL.ORDER_NUMBER_TAKEN, naming what differs", async () => {
    const body = {
      ...newOrder(),
      purpose: 'archive-handover' as const,
      serviceCode: 'BCCI-LT' as const,
      dossierCode: undefined,
      batchId: `SKHDT-261128-163005-${seq}AAAAA`.slice(0, 26),
    };
    const mine = { ...body, orderNumber: `LT-${body.batchId}`, receiver: { ...body.receiver, name: 'Văn thư Sở Kế hoạch và Đầu tư' } };
    const theirs = operatorHas(mine, 14, {
      receiver: { ...mine.receiver, name: 'Văn thư Sở Xây dựng' },
      parcel: { ...mine.parcel, contentNote: 'Hồ sơ lưu trữ lô SXD-261128-001' },
    });
    const messageId = await broker.publish('postal.order-requested', mine, { correlationId: mine.batchId, appId: 'lienthong' });
    const deadLetters = app.get(DeadLetterStore);
    await eventually('dead-lettered', async () => (await deadLetters.list({ correlationId: mine.batchId })).total === 1);
    const [letter] = (await deadLetters.list({ correlationId: mine.batchId })).items;
    expect(letter).toMatchObject({ messageId, errorCode: 'POSTAL.ORDER_NUMBER_TAKEN', status: 'open' });
    expect(letter.reasons[0].problem).toContain(`(${theirs.trackingCode}, status 14)`);
    expect(letter.reasons[0].problem).toContain(
      'receiver.name: the operator\'s order has "Văn thư Sở Xây dựng", this one "Văn thư Sở Kế hoạch và Đầu tư"',
    );
    expect(letter.reasons[0].problem).toContain('parcel.contentNote');
    // Nothing adopted, nothing announced, nothing recorded; the operator's order is as it was.
    expect(createdFor(mine.orderNumber)).toEqual([]);
    expect(trackingFor(mine.orderNumber)).toEqual([]);
    expect(await db().query('SELECT 1 FROM postal_orders WHERE order_number = $1', [mine.orderNumber])).toEqual([]);
    expect(sim.orders().find((o) => o.orderNumber === mine.orderNumber)).toMatchObject({
      trackingCode: theirs.trackingCode,
      status: 14,
      receiver: { name: 'Văn thư Sở Xây dựng' },
    });
  });

  it("turns the simulator's webhooks into postal.tracking-received, in order, up to delivered", async () => {
    const { body, trackingCode } = await placeOrder();
    advanceToEnd(body.orderNumber);
    await eventually('status 19', () => statusesOf(body.orderNumber).includes(19));
    expect(statusesOf(body.orderNumber)).toEqual(DELIVERED_PATH);
    const messages = trackingFor(body.orderNumber);
    const instants = messages.map((m) => Date.parse(m.body.occurredAt as string));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    expect(messages[8].body).toMatchObject({
      trackingCode,
      purpose: 'result-delivery',
      dossierCode: body.dossierCode,
      statusName: 'Phát thành công',
      source: 'webhook',
      occurredAt: expect.stringMatching(/\+07:00$/),
    });
    expect(messages[8].properties.correlationId).toBe(body.dossierCode);
    const [row] = await db().query<{ status_code: number; settled: number }>(
      'SELECT status_code, settled FROM postal_orders WHERE order_number = $1',
      [body.orderNumber],
    );
    expect({ status: Number(row.status_code), settled: Number(row.settled) }).toEqual({ status: 19, settled: 1 });
  });

  it('answers a duplicate callback 409 DUPLICATE and publishes each event once', async () => {
    sim.setFaults({ webhook: { duplicateProbability: 1 } });
    const { body } = await placeOrder();
    advanceToEnd(body.orderNumber);
    await eventually('19 and its duplicate answered', () =>
      sim.webhookLog().some((a) => a.orderNumber === body.orderNumber && a.statusCode === 19 && a.kind === 'duplicate'),
    );
    const duplicates = sim.webhookLog().filter((a) => a.orderNumber === body.orderNumber && a.kind === 'duplicate');
    expect(duplicates.map((d) => d.statusCode)).toEqual(DELIVERED_PATH);
    for (const d of duplicates) {
      expect(d.httpStatus).toBe(409);
      expect(JSON.parse(d.responseBody ?? '{}')).toEqual({ code: 'DUPLICATE', transaction: d.transaction });
    }
    expect(statusesOf(body.orderNumber)).toEqual(DELIVERED_PATH);
  });

  it('never moves a shipment backwards when callbacks arrive out of order', async () => {
    sim.setFaults({ webhook: { outOfOrderProbability: 1, outOfOrderHoldMs: 50 } });
    const { body } = await placeOrder();
    advanceToEnd(body.orderNumber);
    await eventually(
      'every callback delivered',
      () =>
        sim.webhookLog().filter((a) => a.orderNumber === body.orderNumber && a.outcome === 'delivered').length === DELIVERED_PATH.length,
    );
    await eventually('status 19', () => statusesOf(body.orderNumber).includes(19));
    const instants = trackingFor(body.orderNumber).map((m) => Date.parse(m.body.occurredAt as string));
    for (let i = 1; i < instants.length; i++) expect(instants[i]).toBeGreaterThan(instants[i - 1]);
    expect(statusesOf(body.orderNumber).at(-1)).toBe(19);
    const stale = await db().query<{ status_code: number }>(
      "SELECT status_code FROM postal_tracking_events WHERE order_number = $1 AND outcome = 'stale'",
      [body.orderNumber],
    );
    expect(stale.length).toBeGreaterThan(0); // late events were recorded, not applied
    expect(statusesOf(body.orderNumber).length + stale.length).toBe(DELIVERED_PATH.length);
  });

  it('keeps delivered final: a late "out for delivery" is acknowledged but changes nothing', async () => {
    const { body, trackingCode } = await placeOrder();
    const t0 = Date.now();
    expect((await postCallback(`${baseUrl}/postal/webhook`, SECRET, event(body.orderNumber, trackingCode, 14, t0 + 60_000))).status).toBe(
      200,
    );
    const late = await postCallback(`${baseUrl}/postal/webhook`, SECRET, event(body.orderNumber, trackingCode, 12, t0 + 120_000));
    expect(late).toMatchObject({ status: 200, body: { code: 'success', transaction: late.transaction } });
    await eventually('status 14 published', () => statusesOf(body.orderNumber).includes(14));
    const [row] = await db().query<{ status_code: number }>('SELECT status_code FROM postal_orders WHERE order_number = $1', [
      body.orderNumber,
    ]);
    expect(Number(row.status_code)).toBe(14);
    const [trace] = await db().query<{ outcome: string; message_id: string | null }>(
      'SELECT outcome, message_id FROM postal_tracking_events WHERE transaction_id = $1',
      [late.transaction],
    );
    expect(trace).toEqual({ outcome: 'after-final', message_id: null });
  });

  it('refuses forged, stale, replayed and malformed callbacks with a reason, records them, and keeps working', async () => {
    const { body, trackingCode } = await placeOrder();
    const hook = `${baseUrl}/postal/webhook`;
    const good = event(body.orderNumber, trackingCode, 2);

    const forged = await postCallback(hook, 'not-the-secret', good);
    expect(forged).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED', reason: 'POSTAL_WEBHOOK.BAD_SIGNATURE' } });
    const staleTs = await postCallback(hook, SECRET, good, { timestampSeconds: Math.floor(Date.now() / 1000) - 400 });
    expect(staleTs).toMatchObject({
      status: 401,
      body: { reason: 'POSTAL_WEBHOOK.STALE_TIMESTAMP', message: expect.stringContaining('old') },
    });
    const invalid = await postCallback(hook, SECRET, { ...good, statusCode: 13, occurredAt: '2026-11-28 10:00' });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['occurredAt', 'statusCode']);
    const unknown = await postCallback(hook, SECRET, { ...good, orderNumber: 'KQ-NOT-OURS' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'UNKNOWN_ORDER' } });

    const accepted = await postCallback(hook, SECRET, good);
    expect(accepted).toMatchObject({ status: 200, body: { code: 'success', transaction: accepted.transaction } });
    const replayed = await postCallback(hook, SECRET, good, { transaction: accepted.transaction });
    expect(replayed).toMatchObject({ status: 409, body: { code: 'DUPLICATE', transaction: accepted.transaction } });

    const rejections = await db().query<{ http_status: number; reason_code: string }>(
      'SELECT http_status, reason_code FROM postal_webhook_rejections WHERE transaction_id IN ($1, $2, $3, $4, $5) ORDER BY id',
      [forged.transaction, staleTs.transaction, invalid.transaction, unknown.transaction, replayed.transaction],
    );
    expect(rejections.map((r) => `${r.http_status} ${r.reason_code}`)).toEqual([
      '401 POSTAL_WEBHOOK.BAD_SIGNATURE',
      '401 POSTAL_WEBHOOK.STALE_TIMESTAMP',
      '400 POSTAL_WEBHOOK.INVALID_BODY',
      '404 POSTAL_WEBHOOK.UNKNOWN_ORDER',
      '409 POSTAL_WEBHOOK.DUPLICATE',
    ]);
    // Still working: the next event goes through; only the accepted events were ever published.
    expect((await postCallback(hook, SECRET, event(body.orderNumber, trackingCode, 4, Date.now() + 1000))).status).toBe(200);
    await eventually('status 4 published', () => statusesOf(body.orderNumber).includes(4));
    expect(statusesOf(body.orderNumber).filter((s) => s === 2)).toHaveLength(1);
  });

  it('answers 200 only once the broker confirmed the event, 503 while it cannot', async () => {
    const { body, trackingCode } = await placeOrder();
    const hook = `${baseUrl}/postal/webhook`;
    const sentAt = async (transaction: string) => {
      const [row] = await db().query<{ sent_at: number | string | null }>(
        'SELECT o.sent_at FROM postal_tracking_events e JOIN outbox o ON o.message_id = e.message_id WHERE e.transaction_id = $1',
        [transaction],
      );
      return row?.sent_at == null ? null : Number(row.sent_at);
    };
    const ok = await postCallback(hook, SECRET, event(body.orderNumber, trackingCode, 2));
    const answeredAt = Date.now();
    expect(ok.status).toBe(200);
    // sent_at is stamped after the broker's confirm (it may commit a moment after the relay reports the confirm).
    await eventually('the outbox row marked sent', async () => (await sentAt(ok.transaction)) !== null);
    expect(await sentAt(ok.transaction)).toBeLessThanOrEqual(answeredAt);

    const relay = app.get(OutboxRelay);
    await relay.stop(); // the broker path is out: nothing can be confirmed
    try {
      const held = await postCallback(hook, SECRET, event(body.orderNumber, trackingCode, 4, Date.now() + 1000));
      expect(held).toMatchObject({ status: 503, body: { code: 'TEMPORARILY_UNAVAILABLE', transaction: held.transaction } });
      expect(await sentAt(held.transaction)).toBeNull();
      expect(statusesOf(body.orderNumber)).not.toContain(4);
      relay.start();
      await eventually('the held event published once the relay runs', () => statusesOf(body.orderNumber).includes(4));
      // The operator's retry of the same transaction: already taken and now confirmed.
      expect(
        (await postCallback(hook, SECRET, event(body.orderNumber, trackingCode, 4, Date.now() + 1000), { transaction: held.transaction }))
          .status,
      ).toBe(409);
    } finally {
      relay.start();
    }
    expect(statusesOf(body.orderNumber).filter((s) => s === 4)).toHaveLength(1);
  });

  it('polls a shipment whose callbacks were lost and publishes what it missed, in order', async () => {
    sim.setFaults({ webhook: { lostProbability: 1 } });
    const { body } = await placeOrder();
    for (let i = 0; i < 3; i++) sim.advance(body.orderNumber); // 1 → 2 → 4 → 6, none announced
    await eventually('status 6 by polling', () => statusesOf(body.orderNumber).includes(6), 10_000);
    expect(statusesOf(body.orderNumber)).toEqual([1, 2, 4, 6]);
    for (const m of trackingFor(body.orderNumber))
      expect(m.body).toMatchObject({
        source: 'poll',
        transaction: expect.stringMatching(new RegExp(`^poll:${body.orderNumber}:${m.body.statusCode}:\\d+$`)),
      });
    expect(
      sim
        .webhookLog()
        .filter((a) => a.orderNumber === body.orderNumber)
        .every((a) => a.outcome === 'lost'),
    ).toBe(true);
  });

  it('opens the circuit under a sustained outage, shows it in readiness and metrics, and recovers', async () => {
    sim.setFaults({ unavailable: { probability: 1, endpoints: ['createOrder'] } });
    const body = newOrder();
    await broker.publish('postal.order-requested', body, { correlationId: body.dossierCode, appId: 'lienthong' });
    await eventually('readiness down on the postal circuit', async () => (await ready()).status === 503);
    const { body: health } = await ready();
    expect(health.error?.postal).toMatchObject({
      status: 'down',
      circuit: 'open',
      consecutiveFailures: expect.any(Number),
      nextProbeAt: expect.any(String),
      lastFailure: expect.stringContaining('503'),
      lastFailureAt: expect.any(String),
    });
    expect(health.error?.postal).not.toHaveProperty('retryInMs'); // readiness keeps its fields: when the next probe is, as an ISO time
    expect(health.error?.postal?.recentErrorRate).toBeGreaterThan(0);
    expect(health.info?.database).toMatchObject({ status: 'up' });
    const metrics = await (await fetch(`${baseUrl}/metrics`, { headers: ServiceAuth.fromEnv().headers() })).text();
    expect(metrics).toMatch(/lienthong_postal_circuit_state\{service="[^"]+"\} 2/);
    // The calls to the operator are a hop of their own, timed.
    expect(metrics).toMatch(/lienthong_hop_calls_total\{hop="[^"]+ → postal",outcome="failed"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/lienthong_hop_latency_seconds_count\{hop="[^"]+ → postal"[^}]*\} [1-9]/);

    sim.setFaults({});
    await eventually('the order placed once the operator is back', () => createdFor(body.orderNumber).length === 1, 10_000);
    expect((await ready()).status).toBe(200);
    expect((await ready()).body.info?.postal).toMatchObject({ status: 'up', circuit: 'closed' });
  });

  it('answers every forged callback 401, but records only so many per source a minute, and only the start of each body', async () => {
    const hook = `${baseUrl}/postal/webhook`;
    const flood = `203.0.113.${10 + (seq++ % 200)}`;
    const forged = {
      orderNumber: 'KQ-GIA-MAO',
      trackingCode: 'EJ000000000VN',
      statusCode: 14,
      statusName: 'Phát thành công (giả mạo) '.repeat(400),
      occurredAt: operatorTime(Date.now()),
    };
    const size = Buffer.byteLength(JSON.stringify(forged));
    const answers = [];
    for (let i = 0; i < REJECTIONS_PER_SOURCE + 6; i++)
      answers.push(await postCallback(hook, 'not-the-secret', forged, { headers: { 'X-Forwarded-For': flood } }));
    expect(answers.map((a) => `${a.status} ${String(a.body.reason)}`)).toEqual(answers.map(() => '401 POSTAL_WEBHOOK.BAD_SIGNATURE'));
    // Another source is recorded all the same.
    const other = await postCallback(hook, 'not-the-secret', forged, { headers: { 'X-Forwarded-For': '198.51.100.23' } });
    expect(other.status).toBe(401);

    const rows = await db().query<{ remote_address: string; body: string; body_bytes: number; transaction_id: string }>(
      'SELECT remote_address, body, body_bytes, transaction_id FROM postal_webhook_rejections WHERE remote_address IN ($1, $2) ORDER BY id',
      [flood, '198.51.100.23'],
    );
    expect(rows.filter((r) => r.remote_address === flood).map((r) => r.transaction_id)).toEqual(
      answers.slice(0, REJECTIONS_PER_SOURCE).map((a) => a.transaction),
    );
    expect(rows.filter((r) => r.remote_address === '198.51.100.23').map((r) => r.transaction_id)).toEqual([other.transaction]);
    for (const row of rows) {
      expect(Buffer.byteLength(row.body)).toBeLessThanOrEqual(512);
      expect(Number(row.body_bytes)).toBe(size);
    }
    // Logged as recorded: one line each, then one line saying the source went over its budget.
    const lines = log.lines.filter((l) => l.includes(flood));
    expect(lines.filter((l) => l.includes('webhook refused 401'))).toHaveLength(REJECTIONS_PER_SOURCE);
    expect(lines.filter((l) => l.includes('POSTAL_WEBHOOK_REJECTIONS_PER_SOURCE'))).toHaveLength(1);
    // Every refusal is still counted.
    const metrics = await (await fetch(`${baseUrl}/metrics`, { headers: ServiceAuth.fromEnv().headers() })).text();
    const counted = Number(/lienthong_postal_webhooks_total\{outcome="POSTAL_WEBHOOK.BAD_SIGNATURE"[^}]*\} (\d+)/.exec(metrics)?.[1]);
    expect(counted).toBeGreaterThanOrEqual(answers.length + 1);
  });

  it('logs what a forged callback says as one escaped line: an order number with a newline cannot forge another', async () => {
    const rawBody = '{"orderNumber":"KQ-1\n[Nest] 4242  - LOG [PostalWebhook] webhook applied 19 for KQ-1","statusCode":19}';
    expect(
      (await postCallback(`${baseUrl}/postal/webhook`, 'not-the-secret', {}, { rawBody, headers: { 'X-Forwarded-For': '192.0.2.44' } }))
        .status,
    ).toBe(401);
    const lines = log.lines.flatMap((l) => l.split(/\r\n|\r|\n|\u2028|\u2029/));
    expect(lines.filter((l) => l.startsWith('[Nest] 4242'))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringContaining('order "KQ-1\\n[Nest] 4242  - LOG [PostalWebhook] webhook applied 19 for KQ-1", from "192.0.2.44"'),
    );
  });
});
