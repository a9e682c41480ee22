import { createHmac, randomUUID } from 'node:crypto';

/** What the bus answered to one callback. */
export interface CallbackAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Posts a tracking callback the way the contract describes it, signing it here (not with the adapter's
 * code): HMAC-SHA256 of "<timestamp>.<raw body>". Options forge what an attacker or a broken operator sends.
 */
export async function postCallback(
  url: string,
  secret: string,
  event: Record<string, unknown>,
  options: { transaction?: string; timestampSeconds?: number; signature?: string; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<CallbackAnswer & { transaction: string }> {
  const transaction = options.transaction ?? randomUUID();
  const raw = options.rawBody ?? JSON.stringify(event);
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const signature = options.signature ?? `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Postal-Transaction': transaction,
      'X-Postal-Timestamp': timestamp,
      'X-Postal-Signature': signature,
      ...options.headers,
    },
    body: raw,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, transaction };
}

export { freePort } from '@lienthong/runtime/testing/free-port';

/** `dd/MM/yyyy HH:mm:ss` in Vietnam time, as the operator writes `occurredAt`. */
export function operatorTime(ms: number): string {
  const d = new Date(ms + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
