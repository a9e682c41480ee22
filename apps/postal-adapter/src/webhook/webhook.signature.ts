import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of the operator's tracking callback (postal-rest v1). */
export const WEBHOOK_HEADERS = {
  transaction: 'x-postal-transaction',
  timestamp: 'x-postal-timestamp',
  signature: 'x-postal-signature',
} as const;

/** Why a callback was refused before its body was looked at. Stable codes, recorded with every rejection. */
export type SignatureProblemCode =
  | 'POSTAL_WEBHOOK.MISSING_SIGNATURE'
  | 'POSTAL_WEBHOOK.MISSING_TIMESTAMP'
  | 'POSTAL_WEBHOOK.BAD_SIGNATURE'
  | 'POSTAL_WEBHOOK.STALE_TIMESTAMP';

export type SignatureCheck =
  | { readonly ok: true; readonly timestampSeconds: number }
  | { readonly ok: false; readonly code: SignatureProblemCode; readonly problem: string };

export interface SignedRequest {
  readonly secret: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  /** The body exactly as received: the HMAC covers the bytes, not a re-serialized object. */
  readonly rawBody: Buffer;
  readonly nowMs: number;
  /** How far the timestamp may be from now, either way (5 minutes in the contract). */
  readonly toleranceMs: number;
}

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` keyed with the shared secret. */
export function signatureOf(secret: string, timestamp: string, rawBody: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest('hex')}`;
}

/**
 * Checks a callback's HMAC (constant-time) and then its freshness. The signature is checked first: a
 * timestamp only means something once it is known to come from the operator (it is part of what is signed).
 */
export function verifySignature(request: SignedRequest): SignatureCheck {
  const { timestamp, signature } = request;
  if (!signature) return { ok: false, code: 'POSTAL_WEBHOOK.MISSING_SIGNATURE', problem: 'X-Postal-Signature header is missing' };
  if (!timestamp) return { ok: false, code: 'POSTAL_WEBHOOK.MISSING_TIMESTAMP', problem: 'X-Postal-Timestamp header is missing' };
  const match = SIGNATURE.exec(signature.trim());
  if (!match) return { ok: false, code: 'POSTAL_WEBHOOK.BAD_SIGNATURE', problem: 'X-Postal-Signature is not "sha256=<64 hex digits>"' };
  const expected = createHmac('sha256', request.secret).update(`${timestamp}.`, 'utf8').update(request.rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(match[1], 'hex'))) {
    return {
      ok: false,
      code: 'POSTAL_WEBHOOK.BAD_SIGNATURE',
      problem: 'X-Postal-Signature does not match the body (wrong POSTAL_WEBHOOK_SECRET, or the body was altered)',
    };
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isFinite(seconds))
    return { ok: false, code: 'POSTAL_WEBHOOK.STALE_TIMESTAMP', problem: `X-Postal-Timestamp "${timestamp}" is not unix seconds` };
  const skewMs = seconds * 1000 - request.nowMs;
  if (Math.abs(skewMs) > request.toleranceMs) {
    const side = skewMs < 0 ? 'old' : 'in the future';
    return {
      ok: false,
      code: 'POSTAL_WEBHOOK.STALE_TIMESTAMP',
      problem: `X-Postal-Timestamp is ${Math.round(Math.abs(skewMs) / 1000)} s ${side} (allowed: ${request.toleranceMs / 1000} s)`,
    };
  }
  return { ok: true, timestampSeconds: seconds };
}
