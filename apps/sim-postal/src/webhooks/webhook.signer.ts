import { createHmac } from 'node:crypto';

/** Header names of the tracking callback, as the contract spells them. */
export const WEBHOOK_HEADERS = {
  transaction: 'X-Postal-Transaction',
  timestamp: 'X-Postal-Timestamp',
  signature: 'X-Postal-Signature',
} as const;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, keyed with the shared webhook secret. */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
  return `sha256=${mac}`;
}
