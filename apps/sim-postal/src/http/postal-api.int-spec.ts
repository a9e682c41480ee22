import { PostalSimulator, startPostalSimulator } from '../postal.simulator';
import { eventually } from '../testing/eventually';
import { basicAuth, call, fetchToken, orderBody } from '../testing/raw-postal.client';

// The contract's REST side, over real sockets with plain fetch. Shipments move only when advanced
// by hand here, and webhooks are off, so every answer is deterministic.
describe('postal simulator API (postal-rest v1)', () => {
  let sim: PostalSimulator;
  let token: string;
  let seq = 0;
  const nextOrderNumber = (): string => `KQ-API-${++seq}`;
  const admin = (method: string, path: string, json?: unknown) => call(sim.url, method, `/_admin${path}`, { json });

  beforeAll(async () => {
    sim = await startPostalSimulator({ port: 0, env: {}, seed: 1, webhookUrl: null, autoAdvance: false });
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await admin('POST', '/reset');
    token = await fetchToken(sim.url);
  });

  describe('authentication', () => {
    it('issues a bearer token for client_credentials with HTTP Basic, form or JSON body', async () => {
      const form = await call(sim.url, 'POST', '/oauth/token', {
        headers: { Authorization: basicAuth('lienthong', 'lienthong-secret'), 'Content-Type': 'application/x-www-form-urlencoded' },
        rawBody: 'grant_type=client_credentials',
      });
      expect(form.status).toBe(200);
      expect(form.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 300 });
      const json = await call(sim.url, 'POST', '/oauth/token', {
        headers: { Authorization: basicAuth('lienthong', 'lienthong-secret') },
        json: { grant_type: 'client_credentials' },
      });
      expect(json.status).toBe(200);
    });

    it('refuses bad client credentials (401) and other grant types (400)', async () => {
      const wrong = await call(sim.url, 'POST', '/oauth/token', {
        headers: { Authorization: basicAuth('lienthong', 'nope'), 'Content-Type': 'application/x-www-form-urlencoded' },
        rawBody: 'grant_type=client_credentials',
      });
      expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid_client']);
      const none = await call(sim.url, 'POST', '/oauth/token', {
        rawBody: 'grant_type=client_credentials',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(none.status).toBe(401);
      const grant = await call(sim.url, 'POST', '/oauth/token', {
        headers: { Authorization: basicAuth('lienthong', 'lienthong-secret'), 'Content-Type': 'application/x-www-form-urlencoded' },
        rawBody: 'grant_type=password',
      });
      expect([grant.status, grant.body.error]).toEqual([400, 'unsupported_grant_type']);
    });

    it('answers 401 without a token, with an unknown token, and after the tokens were expired', async () => {
      expect((await call(sim.url, 'GET', '/v1/orders/X')).status).toBe(401);
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token: 'made-up' })).status).toBe(401);
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token })).status).toBe(404);
      expect((await admin('POST', '/tokens/expire')).body).toEqual({ expired: 1 });
      const expired = await call(sim.url, 'GET', '/v1/orders/X', { token });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token: await fetchToken(sim.url) })).status).toBe(404);
    });

    it('expires tokens after their TTL', async () => {
      const shortLived = await startPostalSimulator({ port: 0, env: {}, webhookUrl: null, tokenTtlSeconds: 1 });
      try {
        const t = await fetchToken(shortLived.url);
        expect((await call(shortLived.url, 'GET', '/v1/orders/X', { token: t })).status).toBe(404);
        await eventually(
          'the token to expire',
          async () => (await call(shortLived.url, 'GET', '/v1/orders/X', { token: t })).status === 401,
        );
      } finally {
        await shortLived.close();
      }
    });

    it('expires the presented token on a tokenExpiry fault, so it must be renewed', async () => {
      await admin('PUT', '/faults', { tokenExpiry: { probability: 1, times: 1 } });
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token })).status).toBe(401);
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token })).status).toBe(401);
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token: await fetchToken(sim.url) })).status).toBe(404);
    });
  });

  describe('orders', () => {
    it('creates an order: 201 with orderNumber, an EJ…VN tracking code, status 1 and an integer fee', async () => {
      const n = nextOrderNumber();
      const created = await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n) });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        orderNumber: n,
        trackingCode: expect.stringMatching(/^EJ\d{9}VN$/),
        status: 1,
        totalFee: expect.any(Number),
      });
      expect(Number.isInteger(created.body.totalFee) && created.body.totalFee > 0).toBe(true);
    });

    it('rejects invalid orders with 400 VALIDATION naming each field by its dotted path', async () => {
      const body = orderBody(nextOrderNumber(), {
        serviceCode: 'EMS',
        receiver: { name: 'A', line: 'B', province: 'Hà Nội' },
        parcel: { itemCount: 0, weightGrams: 1.5 },
        codAmount: -5,
      });
      const refused = await call(sim.url, 'POST', '/v1/orders', { token, json: body });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION');
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'serviceCode',
        'receiver.phone',
        'parcel.itemCount',
        'parcel.weightGrams',
        'codAmount',
      ]);
      expect(refused.body.errors.every((e: { problem: unknown }) => typeof e.problem === 'string')).toBe(true);
      const malformed = await call(sim.url, 'POST', '/v1/orders', {
        token,
        rawBody: '{"orderNumber":',
        headers: { 'Content-Type': 'application/json' },
      });
      expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION']);
    });

    it('answers a repeated orderNumber with 409 ORDER_EXISTS carrying the existing order', async () => {
      const n = nextOrderNumber();
      const created = await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n) });
      const repeated = await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n, { note: 'gửi lại' }) });
      expect(repeated.status).toBe(409);
      expect(repeated.body.code).toBe('ORDER_EXISTS');
      expect(repeated.body.order).toMatchObject({ orderNumber: n, trackingCode: created.body.trackingCode, status: 1 });
      expect(repeated.body.order.note).toBeUndefined();
    });

    it('holds orders another client placed before (seeded through the admin API): 409 ORDER_EXISTS with that order, no webhook, no progress', async () => {
      const stranger = orderBody('LT-SXD-261128-001', {
        serviceCode: 'BCCI-LT',
        receiver: { name: 'Văn thư Sở Xây dựng', phone: '02053800001', line: 'Số 1 đường Lê Lợi', province: 'Lạng Sơn' },
      });
      const seeded = await admin('POST', '/orders', { order: stranger, status: 14 });
      expect(seeded.status).toBe(201);
      expect(seeded.body).toMatchObject({
        orderNumber: 'LT-SXD-261128-001',
        status: 14,
        statusName: 'Phát thành công',
        receiver: { name: 'Văn thư Sở Xây dựng' },
      });
      expect(seeded.body.history.map((h: { statusCode: number }) => h.statusCode)).toEqual([1, 2, 4, 6, 7, 10, 11, 12, 14]);
      expect(seeded.body.history.map((h: { occurredAt: string }) => h.occurredAt)).toEqual([
        ...new Set(seeded.body.history.map((h: { occurredAt: string }) => h.occurredAt)),
      ]);
      const mine = await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody('LT-SXD-261128-001', { serviceCode: 'BCCI-LT' }) });
      expect([mine.status, mine.body.code, mine.body.order.receiver.name, mine.body.order.status]).toEqual([
        409,
        'ORDER_EXISTS',
        'Văn thư Sở Xây dựng',
        14,
      ]);
      expect((await admin('POST', '/orders', { order: stranger })).status).toBe(409);
      expect((await admin('POST', '/orders', { order: orderBody(nextOrderNumber()), status: 3 })).body.errors).toEqual([
        { field: 'status', problem: '3 is not a status a shipment reaches' },
      ]);
      expect(
        (await admin('POST', '/orders', { order: { orderNumber: 'X' } })).body.errors.map((e: { field: string }) => e.field),
      ).toContain('order.serviceCode');
      const returned = sim.seedOrder(orderBody(nextOrderNumber()) as never, 20);
      expect(returned.history.map((h) => h.statusCode)).toEqual([1, 2, 4, 6, 7, 10, 11, 12, 15, 20]);
      expect(sim.seedOrder(orderBody(nextOrderNumber()) as never).status).toBe(1);
      expect((await admin('GET', '/webhooks')).body).toEqual([]);
    });

    it('returns an order with status, statusName and its history', async () => {
      const n = nextOrderNumber();
      await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n) });
      expect((await admin('POST', `/orders/${n}/advance`)).body.status).toBe(2);
      expect((await admin('POST', `/orders/${n}/advance`)).body.status).toBe(4);
      const order = await call(sim.url, 'GET', `/v1/orders/${n}`, { token });
      expect(order.status).toBe(200);
      expect(order.body).toMatchObject({ orderNumber: n, status: 4, statusName: 'Bưu tá đang đi nhận hàng' });
      expect(order.body.history.map((h: { statusCode: number }) => h.statusCode)).toEqual([1, 2, 4]);
      for (const entry of order.body.history) {
        expect(entry).toEqual(
          expect.objectContaining({
            statusName: expect.any(String),
            occurredAt: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/),
          }),
        );
      }
      expect((await call(sim.url, 'GET', '/v1/orders/KQ-unknown', { token })).body.code).toBe('ORDER_NOT_FOUND');
    });

    it('keeps an order number containing "/" when it is percent-encoded', async () => {
      const n = 'KQ-H36/2024/0001';
      expect((await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n) })).status).toBe(201);
      expect((await call(sim.url, 'GET', `/v1/orders/${encodeURIComponent(n)}`, { token })).body.orderNumber).toBe(n);
    });

    it('cancels while the status is 1, 2 or 4, and refuses later with 409 NOT_CANCELLABLE', async () => {
      const early = nextOrderNumber();
      await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(early) });
      await admin('POST', `/orders/${early}/advance`);
      const cancelled = await call(sim.url, 'POST', `/v1/orders/${early}/cancel`, { token, json: { reason: 'Công dân nhận tại quầy' } });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 22, statusName: 'Đã hủy' });
      expect(cancelled.body.history.at(-1).note).toBe('Công dân nhận tại quầy');
      expect((await call(sim.url, 'POST', `/v1/orders/${early}/cancel`, { token })).body.code).toBe('NOT_CANCELLABLE');

      const collected = nextOrderNumber();
      await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(collected) });
      for (let i = 0; i < 3; i += 1) await admin('POST', `/orders/${collected}/advance`); // → 6
      const late = await call(sim.url, 'POST', `/v1/orders/${collected}/cancel`, { token });
      expect([late.status, late.body.code]).toEqual([409, 'NOT_CANCELLABLE']);
      expect((await call(sim.url, 'POST', '/v1/orders/KQ-unknown/cancel', { token })).status).toBe(404);
    });
  });

  describe('faults', () => {
    it('answers 429 with Retry-After, then recovers once the fault is spent', async () => {
      await admin('PUT', '/faults', { rateLimit: { probability: 1, times: 1, retryAfterSeconds: 7, endpoints: ['createOrder'] } });
      const n = nextOrderNumber();
      const limited = await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n) });
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
      expect((await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n) })).status).toBe(201);
    });

    it('answers 503 (with Retry-After) and 500', async () => {
      await admin('PUT', '/faults', { unavailable: { probability: 1, times: 1, retryAfterSeconds: 2 } });
      const unavailable = await call(sim.url, 'GET', '/v1/orders/X', { token });
      expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '2']);
      await admin('PUT', '/faults', { serverError: { probability: 1, times: 1 } });
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token })).status).toBe(500);
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token })).status).toBe(404);
    });

    it('can fail after committing, so the retry meets 409 ORDER_EXISTS', async () => {
      await admin('PUT', '/faults', { serverError: { probability: 1, times: 1, afterCommit: true, endpoints: ['createOrder'] } });
      const n = nextOrderNumber();
      expect((await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n) })).status).toBe(500);
      const retry = await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(n) });
      expect([retry.status, retry.body.code, retry.body.order.orderNumber]).toEqual([409, 'ORDER_EXISTS', n]);
    });

    it('refuses listed orders with 400 VALIDATION naming the field, and creates nothing', async () => {
      await admin('PUT', '/faults', {
        refusal: { orderNumbers: ['LT-*'], field: 'receiver.line', problem: 'địa chỉ nằm ngoài vùng phục vụ' },
      });
      const refused = await call(sim.url, 'POST', '/v1/orders', {
        token,
        json: orderBody('LT-SKHDT-261128-163005-7K3QF9', { serviceCode: 'BCCI-LT' }),
      });
      expect([refused.status, refused.body.code, refused.body.errors]).toEqual([
        400,
        'VALIDATION',
        [{ field: 'receiver.line', problem: 'địa chỉ nằm ngoài vùng phục vụ' }],
      ]);
      expect((await call(sim.url, 'GET', '/v1/orders/LT-SKHDT-261128-163005-7K3QF9', { token })).status).toBe(404);
      expect((await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody(nextOrderNumber()) })).status).toBe(201);
      await admin('PATCH', '/faults', { refusal: { orderNumbers: [] } });
      expect(
        (await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody('LT-SKHDT-261128-163005-7K3QF9', { serviceCode: 'BCCI-LT' }) }))
          .status,
      ).toBe(201);
    });

    it('hangs a request until the client gives up', async () => {
      await admin('PUT', '/faults', { hang: { probability: 1, times: 1 } });
      await expect(call(sim.url, 'GET', '/v1/orders/X', { token, signal: AbortSignal.timeout(300) })).rejects.toThrow();
      expect((await call(sim.url, 'GET', '/v1/orders/X', { token })).status).toBe(404);
    });

    it('adds latency', async () => {
      await admin('PUT', '/faults', { latencyMs: 150 });
      const started = Date.now();
      await call(sim.url, 'GET', '/v1/orders/X', { token });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('rejects an invalid fault configuration with field paths and keeps the old one', async () => {
      const refused = await admin('PUT', '/faults', { rateLimit: { probability: 2 }, bogus: true });
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['rateLimit.probability', 'bogus']);
      expect((await admin('GET', '/faults')).body.rateLimit.probability).toBe(0);
    });

    it('merges with PATCH and counts `times` down in GET', async () => {
      await admin('PUT', '/faults', { latencyMs: 1 });
      await admin('PATCH', '/faults', { serverError: { probability: 1, times: 2, endpoints: ['getOrder'] } });
      await call(sim.url, 'GET', '/v1/orders/X', { token });
      const faults = (await admin('GET', '/faults')).body;
      expect([faults.latencyMs, faults.serverError.times]).toEqual([1, 1]);
    });
  });

  describe('programmatic API', () => {
    it('exposes faults, orders, advance and reset, and rejects bad faults with a stable code', async () => {
      expect(() => sim.setFaults({ hang: { probability: -1 } })).toThrow(expect.objectContaining({ code: 'SIM_POSTAL.INVALID_FAULTS' }));
      sim.setFaults({ delivery: { failOrderNumbers: ['KQ-PROG'] } });
      await call(sim.url, 'POST', '/v1/orders', { token, json: orderBody('KQ-PROG') });
      let status = 1;
      while (status !== 20) status = sim.advance('KQ-PROG').status;
      expect(sim.orders().map((o) => [o.orderNumber, o.status])).toEqual([['KQ-PROG', 20]]);
      expect(() => sim.advance('KQ-PROG')).toThrow(/FINAL_STATUS/);
      expect(sim.webhookLog().every((a) => a.outcome === 'disabled')).toBe(true);
      sim.reset();
      expect([sim.orders(), sim.webhookLog(), sim.faults().delivery.failOrderNumbers]).toEqual([[], [], []]);
    });

    it('gives the same tracking codes for the same seed', async () => {
      const codeFrom = async (seed: number): Promise<string> => {
        const fresh = await startPostalSimulator({ port: 0, env: {}, seed, webhookUrl: null, autoAdvance: false });
        try {
          return (await call(fresh.url, 'POST', '/v1/orders', { token: await fetchToken(fresh.url), json: orderBody('KQ-SEED') })).body
            .trackingCode;
        } finally {
          await fresh.close();
        }
      };
      expect(await codeFrom(99)).toBe(await codeFrom(99));
      expect(await codeFrom(99)).not.toBe(await codeFrom(100));
    });
  });
});
