import { Logger } from '@nestjs/common';
import { ContractViolation, PermanentFailure, TransientFailure } from '@lienthong/messaging';
import { eventually } from '@lienthong/messaging/testing/test-broker';
// A test may drive the simulator (dependency-cruiser skips *.int-spec.ts); the adapter's code never imports it.
import { type PostalSimulator, startPostalSimulator } from '../../../sim-postal/src';
import { PostalNotCancellable } from './postal.errors';
import type { PostalOrderRequest } from './postal.port';
import { VnpostHttpAdapter, type VnpostHttpOptions } from './postal.http-client';

/** The HTTP adapter against the postal simulator (an independent reading of postal-rest v1), over real sockets. */
describe('VnpostHttpAdapter against the postal simulator', () => {
  let sim: PostalSimulator;
  let seq = 0;
  const orderNumber = () => `KQ-T${Date.now().toString(36)}-${++seq}`;
  const order = (n = orderNumber()): PostalOrderRequest => ({
    orderNumber: n,
    serviceCode: 'BCCI-KQ',
    sender: {
      name: 'Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn',
      phone: '02053812345',
      line: 'Số 2 đường Hùng Vương',
      province: 'Lạng Sơn',
      provinceCode: '20',
    },
    receiver: { name: 'Nguyễn Thị Hoa', phone: '0912345678', line: 'Số 15 ngõ 3 Bà Triệu', ward: 'Phường Chi Lăng', province: 'Lạng Sơn' },
    parcel: { itemCount: 1, weightGrams: 250, contentNote: 'Giấy phép xây dựng' },
  });
  const adapter = (overrides: Partial<VnpostHttpOptions> = {}) =>
    new VnpostHttpAdapter({
      baseUrl: sim.url,
      clientId: 'lienthong',
      clientSecret: 'lienthong-secret',
      timeoutMs: 1000,
      maxAttempts: 3,
      backoffBaseMs: 10,
      backoffMaxMs: 50,
      maxRetryAfterMs: 3000,
      breaker: { failureThreshold: 5, cooldownMs: 60_000 },
      ...overrides,
    });
  const ordersAt = (n: string) => sim.orders().filter((o) => o.orderNumber === n).length;

  beforeAll(async () => {
    Logger.overrideLogger(process.env.TEST_LOGS ? ['log', 'warn', 'error'] : ['error']);
    sim = await startPostalSimulator({ port: 0, webhookUrl: null, autoAdvance: false, env: {} });
  });
  afterEach(() => sim.setFaults({}));
  afterAll(async () => {
    await sim.close();
  });

  it('creates an order (201) and reads it back with its history', async () => {
    const postal = adapter();
    const created = await postal.createOrder(order());
    expect(created).toMatchObject({ existed: false, order: { status: 1, trackingCode: expect.stringMatching(/^[A-Z]{2}\d{9}[A-Z]{2}$/) } });
    const view = await postal.getOrder(created.order.orderNumber);
    expect(view).toMatchObject({
      trackingCode: created.order.trackingCode,
      status: 1,
      history: [{ statusCode: 1, occurredAt: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/) }],
    });
    expect(await postal.getOrder('KQ-NOBODY')).toBeUndefined();
  });

  it('treats a repeated orderNumber (409 ORDER_EXISTS) as success with the existing order; nothing is created twice', async () => {
    const postal = adapter();
    const body = order();
    const first = await postal.createOrder(body);
    const again = await postal.createOrder(body);
    expect(again).toMatchObject({ existed: true, order: { orderNumber: body.orderNumber, trackingCode: first.order.trackingCode } });
    // What the operator shows of the existing order, for the caller to check it is the one meant.
    expect(again.existing).toEqual({
      details: { serviceCode: body.serviceCode, receiver: body.receiver, parcel: body.parcel, codAmount: 0 },
      history: [expect.objectContaining({ statusCode: 1, statusName: expect.any(String) })],
    });
    expect(ordersAt(body.orderNumber)).toBe(1);
  });

  it('renews an access token that expired mid-run (401) once and retries, without it counting as a failure', async () => {
    const postal = adapter({ maxAttempts: 1 });
    await postal.createOrder(order());
    sim.expireTokens();
    await postal.createOrder(order());
    sim.setFaults({ tokenExpiry: { probability: 1, times: 1, endpoints: ['createOrder'] } });
    await postal.createOrder(order());
    expect(postal.tokens.issued).toBe(3);
    expect(postal.availability()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    const postal = adapter();
    sim.setFaults({ rateLimit: { probability: 1, times: 1, retryAfterSeconds: 1, endpoints: ['createOrder'] } });
    const started = Date.now();
    const created = await postal.createOrder(order());
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(created.existed).toBe(false);
    expect(sim.faults().rateLimit.times).toBe(0);
  });

  it('leaves a Retry-After longer than it may wait to the bus retry queue (TransientFailure)', async () => {
    const postal = adapter({ maxRetryAfterMs: 500 });
    sim.setFaults({ rateLimit: { probability: 1, times: 1, retryAfterSeconds: 30, endpoints: ['createOrder'] } });
    await expect(postal.createOrder(order())).rejects.toMatchObject({
      code: 'POSTAL.RATE_LIMITED',
      message: expect.stringContaining('30 s'),
    });
  });

  it('retries 503 and 500 with backoff, then succeeds', async () => {
    const postal = adapter({ maxAttempts: 3 });
    sim.setFaults({
      unavailable: { probability: 1, times: 1, endpoints: ['createOrder'] },
      serverError: { probability: 1, times: 1, endpoints: ['createOrder'] },
    });
    const body = order();
    expect((await postal.createOrder(body)).existed).toBe(false);
    expect(sim.faults()).toMatchObject({ unavailable: { times: 0 }, serverError: { times: 0 } });
    expect(postal.availability().consecutiveFailures).toBe(0);
  });

  it('times out a call that gets no answer and retries it; the order created by the lost attempt is found (409)', async () => {
    const postal = adapter({ timeoutMs: 300 });
    sim.setFaults({ hang: { probability: 1, times: 1, endpoints: ['createOrder'], afterCommit: true } });
    const body = order();
    const created = await postal.createOrder(body);
    expect(created.existed).toBe(true);
    expect(ordersAt(body.orderNumber)).toBe(1);
  });

  it('opens the circuit under sustained 503, fails fast while open, and closes after a successful probe', async () => {
    const postal = adapter({ maxAttempts: 2, breaker: { failureThreshold: 3, cooldownMs: 300 } });
    sim.setFaults({ unavailable: { probability: 1, times: 100 } });
    await expect(postal.createOrder(order())).rejects.toMatchObject({ code: 'POSTAL.UNAVAILABLE' });
    await expect(postal.createOrder(order())).rejects.toMatchObject({ code: 'POSTAL.CIRCUIT_OPEN' });
    expect(postal.availability()).toMatchObject({ state: 'open', lastFailure: expect.stringContaining('503') });
    const left = sim.faults().unavailable.times;
    await expect(postal.getOrder('KQ-ANY')).rejects.toBeInstanceOf(TransientFailure);
    expect(sim.faults().unavailable.times).toBe(left); // nothing reached the operator while open

    sim.setFaults({});
    await eventually('the cooldown over', () => postal.availability().state === 'half-open', 5000);
    expect((await postal.createOrder(order())).existed).toBe(false);
    expect(postal.availability().state).toBe('closed');
  });

  it("surfaces the operator's 400 VALIDATION as a ContractViolation naming the fields", async () => {
    const postal = adapter();
    const bad = { ...order(), receiver: { ...order().receiver, name: '' }, parcel: { itemCount: 0, weightGrams: 250 } };
    const error = await postal.createOrder(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractViolation);
    expect((error as ContractViolation).code).toBe('POSTAL.VALIDATION');
    expect((error as ContractViolation).reasons.map((r) => r.field).sort()).toEqual(['parcel.itemCount', 'receiver.name']);
  });

  it('cancels an order at status 1, and reports NOT_CANCELLABLE clearly once the parcel is collected', async () => {
    const postal = adapter();
    const first = await postal.createOrder(order());
    expect(await postal.cancelOrder(first.order.orderNumber, 'công dân nhận tại quầy')).toMatchObject({ status: 22 });
    expect(await postal.cancelOrder(first.order.orderNumber)).toMatchObject({ status: 22 }); // a repeated cancel is success

    const second = await postal.createOrder(order());
    for (let i = 0; i < 3; i++) sim.advance(second.order.orderNumber); // 1 → 2 → 4 → 6
    const error = await postal.cancelOrder(second.order.orderNumber).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PostalNotCancellable);
    expect(error).toMatchObject({ code: 'POSTAL.NOT_CANCELLABLE', status: 6, message: expect.stringContaining('status 6') });
  });

  it('refuses wrong client credentials with a message naming the variables', async () => {
    const postal = adapter({ clientSecret: 'wrong' });
    const error = await postal.createOrder(order()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PermanentFailure);
    expect(error).toMatchObject({ code: 'POSTAL.BAD_CREDENTIALS', message: expect.stringContaining('POSTAL_CLIENT_SECRET') });
  });
});
