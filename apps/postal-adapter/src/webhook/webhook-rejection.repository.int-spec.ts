import { createHash } from 'node:crypto';
import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { POSTAL_ADAPTER_MIGRATIONS } from '../postal-adapter.migrations';
import { type WebhookRejection, WebhookRejectionRepository } from './webhook-rejection.repository';

describe.each(testDatabaseUrls())('refused webhooks kept within bounds on $name', ({ url: makeUrl }) => {
  let url: string;
  let db: Database;
  const repository = new WebhookRejectionRepository();
  const rejection = (body: Buffer, source = '203.0.113.7'): WebhookRejection => ({
    httpStatus: 401,
    reasonCode: 'POSTAL_WEBHOOK.BAD_SIGNATURE',
    detail: 'X-Postal-Signature does not match the body',
    remoteAddress: source,
    headers: { 'x-postal-signature': `sha256=${'f'.repeat(5000)}`, 'user-agent': 'curl' },
    body,
  });

  beforeAll(async () => {
    url = makeUrl();
    db = createDatabase(url);
    await db.migrate(POSTAL_ADAPTER_MIGRATIONS);
  });
  afterAll(async () => {
    await db.close();
    await dropTestSchema(url);
  });

  it('keeps the start of the body (whole characters), its size and digest, and short headers', async () => {
    const body = Buffer.from(JSON.stringify({ orderNumber: 'KQ-1', statusName: 'Đã phát thành công cho người nhận '.repeat(500) }), 'utf8');
    await repository.record(db, rejection(body), { bodyBytes: 1000 });
    const [row] = await db.query<{ body: string; body_bytes: number; body_sha256: string; headers: string; remote_address: string }>(
      'SELECT body, body_bytes, body_sha256, headers, remote_address FROM postal_webhook_rejections',
    );
    expect(Buffer.byteLength(row.body)).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(row.body)).toBeGreaterThan(996);
    expect(body.toString('utf8').startsWith(row.body)).toBe(true);
    expect({ bytes: Number(row.body_bytes), sha256: row.body_sha256, source: row.remote_address }).toEqual({
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      source: '203.0.113.7',
    });
    expect(JSON.parse(row.headers)['x-postal-signature']).toHaveLength(200);
  });

  it('prunes by age, then the oldest beyond the row cap', async () => {
    const now = Date.now();
    await repository.record(db, rejection(Buffer.from('old')), { bodyBytes: 100 }, now - 40 * 86_400_000);
    for (let i = 0; i < 12; i++) await repository.record(db, rejection(Buffer.from(`{"n":${i}}`)), { bodyBytes: 100 }, now - 12 + i);
    expect(await repository.prune(db, { maxAgeMs: 30 * 86_400_000, maxRows: 10 }, now)).toBe(4); // the old one, the first test's and the two oldest recent ones
    const bodies = (await db.query<{ body: string }>('SELECT body FROM postal_webhook_rejections ORDER BY id')).map(
      (r) => JSON.parse(r.body).n,
    );
    expect(bodies).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await repository.prune(db, { maxAgeMs: 30 * 86_400_000, maxRows: 10 }, now)).toBe(0);
  });
});
