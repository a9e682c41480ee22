import { createHmac } from 'node:crypto';
import { signatureOf, verifySignature } from './webhook.signature';

const secret = 'lienthong-webhook-secret';
const body = Buffer.from('{"orderNumber":"KQ-1","statusCode":14,"statusName":"Phát thành công"}', 'utf8');
const now = 1_800_000_000_000;
const ts = String(now / 1000);
/** Signed the way the contract describes it, independently of `signatureOf`. */
const contractSignature = (timestamp: string, raw: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
const check = (overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) =>
  verifySignature({
    secret,
    timestamp: ts,
    signature: contractSignature(ts, body.toString('utf8')),
    rawBody: body,
    nowMs: now,
    toleranceMs: 300_000,
    ...overrides,
  });

describe('verifySignature', () => {
  it('accepts the HMAC of "<timestamp>.<raw body>" and agrees with signatureOf', () => {
    expect(check()).toEqual({ ok: true, timestampSeconds: now / 1000 });
    expect(signatureOf(secret, ts, body)).toBe(contractSignature(ts, body.toString('utf8')));
  });

  it('accepts upper-case hex', () => {
    expect(check({ signature: contractSignature(ts, body.toString('utf8')).toUpperCase().replace('SHA256=', 'sha256=') }).ok).toBe(true);
  });

  it.each([
    [
      'another secret',
      {
        signature: `sha256=${createHmac('sha256', 'other')
          .update(`${ts}.${body.toString('utf8')}`)
          .digest('hex')}`,
      },
    ],
    ['an altered body', { rawBody: Buffer.from(body.toString('utf8').replace('14', '12')) }],
    ['another timestamp than the one signed', { timestamp: String(now / 1000 + 1) }],
    ['a truncated digest', { signature: contractSignature(ts, body.toString('utf8')).slice(0, -2) }],
    ['no sha256= prefix', { signature: contractSignature(ts, body.toString('utf8')).slice(7) }],
  ])('refuses %s as a bad signature', (_name, overrides) => {
    expect(check(overrides)).toMatchObject({ ok: false, code: 'POSTAL_WEBHOOK.BAD_SIGNATURE' });
  });

  it('refuses missing headers, naming them', () => {
    expect(check({ signature: undefined })).toMatchObject({
      ok: false,
      code: 'POSTAL_WEBHOOK.MISSING_SIGNATURE',
      problem: expect.stringContaining('X-Postal-Signature'),
    });
    expect(check({ timestamp: undefined })).toMatchObject({ ok: false, code: 'POSTAL_WEBHOOK.MISSING_TIMESTAMP' });
  });

  it('refuses a correctly signed timestamp more than 5 minutes old or ahead, and accepts one just inside', () => {
    const at = (seconds: number) => {
      const t = String(seconds);
      return check({ timestamp: t, signature: contractSignature(t, body.toString('utf8')) });
    };
    expect(at(now / 1000 - 301)).toMatchObject({
      ok: false,
      code: 'POSTAL_WEBHOOK.STALE_TIMESTAMP',
      problem: expect.stringContaining('301 s old'),
    });
    expect(at(now / 1000 + 301)).toMatchObject({
      ok: false,
      code: 'POSTAL_WEBHOOK.STALE_TIMESTAMP',
      problem: expect.stringContaining('in the future'),
    });
    expect(at(now / 1000 - 299).ok).toBe(true);
  });
});
