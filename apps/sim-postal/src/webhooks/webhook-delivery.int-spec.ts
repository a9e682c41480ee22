import { PostalSimulator, startPostalSimulator } from '../postal.simulator';
import { PostalSimulatorOptions } from '../simulator.options';
import { eventually } from '../testing/eventually';
import { call, fetchToken, orderBody } from '../testing/raw-postal.client';
import { ReceivedCall, WebhookReceiver } from '../testing/webhook.receiver';

const SECRET = 'test-webhook-secret';
const HAPPY = [1, 2, 4, 6, 7, 10, 11, 12, 14, 19];
const FAILED = [1, 2, 4, 6, 7, 10, 11, 12, 15, 20];
const OCCURRED_AT = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/** `dd/MM/yyyy HH:mm:ss` at +07:00 → epoch ms, parsed here independently of the simulator. */
function parseOccurredAt(text: string): number {
  const [, dd, mm, yyyy, hh, mi, ss] = OCCURRED_AT.exec(text)!;
  return Date.parse(`${yyyy}-${mm}-${dd}T${hh}:${mi}:${ss}+07:00`);
}

const statuses = (calls: ReceivedCall[]): number[] => calls.map((c) => c.body.statusCode as number);

// Tracking callbacks over real sockets into a receiver that checks signatures on its own.
describe('postal simulator webhooks', () => {
  const receiver = new WebhookReceiver(SECRET);
  let sim: PostalSimulator | undefined;
  let seq = 0;

  async function start(options: PostalSimulatorOptions = {}): Promise<PostalSimulator> {
    sim = await startPostalSimulator({
      port: 0,
      env: {},
      seed: 7,
      webhookUrl: receiver.url,
      webhookSecret: SECRET,
      stepIntervalMs: 10,
      webhookRetry: { initialDelayMs: 20, maxDelayMs: 200 },
      ...options,
    });
    return sim;
  }

  async function createOrder(s: PostalSimulator): Promise<{ orderNumber: string; trackingCode: string }> {
    const orderNumber = `KQ-HOOK-${++seq}`;
    const created = await call(s.url, 'POST', '/v1/orders', { token: await fetchToken(s.url), json: orderBody(orderNumber) });
    expect(created.status).toBe(201);
    return { orderNumber, trackingCode: created.body.trackingCode };
  }

  beforeAll(() => receiver.start());
  afterAll(() => receiver.close());
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('reports every step to delivered, signed, timestamped and in order', async () => {
    const s = await start();
    const { orderNumber, trackingCode } = await createOrder(s);
    const calls = await eventually('status 19 at the receiver', () => {
      const got = receiver.forOrder(orderNumber);
      return got.some((c) => c.body.statusCode === 19) && got;
    });
    expect(statuses(calls)).toEqual(HAPPY);
    expect(new Set(calls.map((c) => c.transaction)).size).toBe(HAPPY.length);
    for (const c of calls) {
      expect([c.signatureValid, c.answeredStatus]).toEqual([true, 200]);
      expect(Math.abs(c.timestamp - Date.now() / 1000)).toBeLessThan(60);
      expect(c.body).toMatchObject({
        orderNumber,
        trackingCode,
        statusName: expect.any(String),
        occurredAt: expect.stringMatching(OCCURRED_AT),
      });
    }
    expect(calls.find((c) => c.body.statusCode === 14)!.body.statusName).toBe('Phát thành công');
    const instants = calls.map((c) => parseOccurredAt(c.body.occurredAt as string));
    expect(instants.every((t, i) => i === 0 || t > instants[i - 1])).toBe(true);
    expect(Math.abs(instants[0] - Date.now())).toBeLessThan(60_000); // Vietnam time, whatever this machine's TZ

    const order = await call(s.url, 'GET', `/v1/orders/${orderNumber}`, { token: await fetchToken(s.url) });
    expect(order.body.history.map((h: { occurredAt: string }) => h.occurredAt)).toEqual(calls.map((c) => c.body.occurredAt));
  });

  it('takes the failure path 12 → 15 → 20 for an order configured to fail', async () => {
    const s = await start();
    s.setFaults({ delivery: { failOrderNumbers: [`KQ-HOOK-${seq + 1}`] } });
    const { orderNumber } = await createOrder(s);
    await eventually('status 20 at the receiver', () => receiver.forOrder(orderNumber).some((c) => c.body.statusCode === 20));
    expect(statuses(receiver.forOrder(orderNumber))).toEqual(FAILED);
    expect(s.orders()[0]).toMatchObject({ status: 20, statusName: 'Đã chuyển hoàn về người gửi' });
  });

  it('sends duplicates with the same transaction id, which the receiver answers 409', async () => {
    const s = await start({ faults: { webhook: { duplicateProbability: 1 } } });
    const { orderNumber } = await createOrder(s);
    await eventually('both copies of status 19', () => receiver.forOrder(orderNumber).filter((c) => c.body.statusCode === 19).length === 2);
    const calls = receiver.forOrder(orderNumber);
    for (const status of HAPPY) {
      const copies = calls.filter((c) => c.body.statusCode === status);
      expect(copies.map((c) => c.answeredStatus)).toEqual([200, 409]);
      expect(copies[1].transaction).toBe(copies[0].transaction);
      expect(copies[1].rawBody).toBe(copies[0].rawBody);
    }
    expect(s.webhookLog().filter((a) => a.kind === 'duplicate' && a.outcome === 'delivered')).toHaveLength(HAPPY.length);
  });

  it('retries after the receiver fails, with the same transaction id, re-signed', async () => {
    const s = await start({ autoAdvance: false });
    receiver.failNext(2, 500);
    const { orderNumber } = await createOrder(s);
    await eventually('the retried event to be taken', () => receiver.forOrder(orderNumber).some((c) => c.answeredStatus === 200));
    // The receiver records its answer before the simulator has read it: wait for the simulator's own record too.
    await eventually('the delivery logged', () => s.webhookLog().some((a) => a.outcome === 'delivered'));
    const calls = receiver.forOrder(orderNumber);
    expect(calls.map((c) => c.answeredStatus)).toEqual([500, 500, 200]);
    expect(new Set(calls.map((c) => c.transaction)).size).toBe(1);
    expect(calls.every((c) => c.signatureValid)).toBe(true);
    expect(s.webhookLog().map((a) => [a.attempt, a.kind, a.outcome, a.httpStatus])).toEqual([
      [1, 'first', 'rejected', 500],
      [2, 'retry', 'rejected', 500],
      [3, 'retry', 'delivered', 200],
    ]);
    s.advance(orderNumber);
    await eventually('status 2 after recovery', () => receiver.forOrder(orderNumber).some((c) => c.body.statusCode === 2));
  });

  it('delivers out of order when configured: each held event follows its successor', async () => {
    const s = await start({ faults: { webhook: { outOfOrderProbability: 1, outOfOrderHoldMs: 5000 } } });
    const { orderNumber } = await createOrder(s);
    await eventually('all ten events', () => receiver.forOrder(orderNumber).length === HAPPY.length, 10_000);
    expect(statuses(receiver.forOrder(orderNumber))).toEqual([2, 1, 6, 4, 10, 7, 12, 11, 19, 14]);
    expect(s.orders()[0].status).toBe(19);
  });

  it('releases a held event with no successor after outOfOrderHoldMs', async () => {
    const s = await start({ autoAdvance: false, faults: { webhook: { outOfOrderProbability: 1, outOfOrderHoldMs: 50 } } });
    const { orderNumber } = await createOrder(s);
    await eventually('the held status 1', () => receiver.forOrder(orderNumber).length === 1);
  });

  it('drops a first attempt and delivers it on retry', async () => {
    const s = await start({ autoAdvance: false, faults: { webhook: { dropFirstAttemptProbability: 1 } } });
    const { orderNumber } = await createOrder(s);
    await eventually('the event after its dropped first attempt', () => receiver.forOrder(orderNumber).length === 1);
    // The simulator logs an attempt once the receiver's answer is back, a moment after the receiver saw it.
    await eventually('both attempts logged', () => s.webhookLog().length === 2);
    expect(s.webhookLog().map((a) => [a.attempt, a.kind, a.outcome])).toEqual([
      [1, 'first', 'dropped'],
      [2, 'retry', 'delivered'],
    ]);
  });

  it('can lose an event entirely (the bus must poll), logging it as lost', async () => {
    const s = await start({ autoAdvance: false, faults: { webhook: { lostProbability: 1 } } });
    const { orderNumber } = await createOrder(s);
    s.setFaults({});
    s.advance(orderNumber);
    await eventually('status 2', () => receiver.forOrder(orderNumber).length === 1);
    expect(statuses(receiver.forOrder(orderNumber))).toEqual([2]);
    expect(s.webhookLog().map((a) => [a.statusCode, a.outcome])).toEqual([
      [1, 'lost'],
      [2, 'delivered'],
    ]);
  });
});
