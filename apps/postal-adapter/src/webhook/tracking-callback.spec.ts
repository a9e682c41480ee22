import { readCallback } from './tracking-callback';

const body = {
  orderNumber: 'KQ-1',
  trackingCode: 'EJ012345678VN',
  statusCode: 7,
  statusName: 'Đã đến bưu cục gốc',
  occurredAt: '28/11/2026 09:00:00',
};
const raw = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');

describe('readCallback', () => {
  it('reads a valid callback into a webhook tracking event', () => {
    expect(readCallback(raw(body), 'TX-1')).toEqual({
      ok: true,
      event: {
        ...body,
        occurredAt: { iso: '2026-11-28T09:00:00+07:00', ms: Date.UTC(2026, 10, 28, 2) },
        transaction: 'TX-1',
        source: 'webhook',
      },
    });
  });

  it.each([
    ['malformed JSON', raw('{"orderNumber": '), 'TX-1', ['body']],
    ['a JSON array', raw([body]), 'TX-1', ['body']],
    ['no transaction header', raw(body), undefined, ['X-Postal-Transaction']],
    ['an over-long transaction', raw(body), 'x'.repeat(201), ['X-Postal-Transaction']],
    [
      'bad fields and no transaction',
      raw({ ...body, statusName: 5, occurredAt: '28/11/2026' }),
      undefined,
      ['X-Postal-Transaction', 'occurredAt', 'statusName'],
    ],
  ])('refuses %s, naming the fields', (_name, rawBody, transaction, fields) => {
    const check = readCallback(rawBody, transaction);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors.map((e) => e.field)).toEqual(fields);
  });
});
