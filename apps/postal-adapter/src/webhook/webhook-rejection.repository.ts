import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Queryable } from '@lienthong/persistence';

/** A refused tracking callback, kept enough to investigate (headers, the start of the body, its size and digest, reason). */
export interface WebhookRejection {
  readonly httpStatus: number;
  readonly reasonCode: string;
  readonly detail: string;
  readonly transaction?: string;
  readonly orderNumber?: string;
  /** Who sent it, as far as can be trusted (see `sourceOf`). */
  readonly remoteAddress?: string;
  readonly headers: Record<string, string | undefined>;
  readonly body: Buffer;
}

/** How much is kept, and for how long. */
export interface RejectionLimits {
  /** Bytes of the body kept (cut on a whole UTF-8 character); its full size and SHA-256 are kept too. */
  readonly bodyBytes: number;
  readonly maxAgeMs: number;
  readonly maxRows: number;
}

const MAX_HEADER_CHARS = 200;

/** `postal_webhook_rejections`: refused callbacks (as many as RejectionBudget lets through), bounded in size, age and number. */
@Injectable()
export class WebhookRejectionRepository {
  async record(q: Queryable, rejection: WebhookRejection, limits: Pick<RejectionLimits, 'bodyBytes'>, now = Date.now()): Promise<void> {
    const headers = Object.fromEntries(Object.entries(rejection.headers).map(([name, value]) => [name, value?.slice(0, MAX_HEADER_CHARS)]));
    await q.run(
      `INSERT INTO postal_webhook_rejections (http_status, reason_code, detail, transaction_id, order_number, remote_address, headers, body, body_bytes, body_sha256, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        rejection.httpStatus,
        rejection.reasonCode,
        rejection.detail.slice(0, 2000),
        rejection.transaction?.slice(0, 200) ?? null,
        rejection.orderNumber?.slice(0, 200) ?? null,
        rejection.remoteAddress?.slice(0, 100) ?? null,
        JSON.stringify(headers),
        utf8Prefix(rejection.body, limits.bodyBytes),
        rejection.body.length,
        createHash('sha256').update(rejection.body).digest('hex'),
        now,
      ],
    );
  }

  /** Deletes rows older than `maxAgeMs`, then the oldest beyond `maxRows`; returns how many went. */
  async prune(q: Queryable, limits: Pick<RejectionLimits, 'maxAgeMs' | 'maxRows'>, now = Date.now()): Promise<number> {
    const old = await q.run('DELETE FROM postal_webhook_rejections WHERE received_at < $1', [now - limits.maxAgeMs]);
    const [cut] = await q.query<{ id: number }>('SELECT id FROM postal_webhook_rejections ORDER BY id DESC LIMIT 1 OFFSET $1', [
      limits.maxRows,
    ]);
    const extra = cut ? await q.run('DELETE FROM postal_webhook_rejections WHERE id <= $1', [cut.id]) : 0;
    return old + extra;
  }
}

/** The body's first bytes as text, cut before a UTF-8 sequence that would not fit whole (bytes that are not UTF-8 show as U+FFFD). */
function utf8Prefix(body: Buffer, limit: number): string {
  let end = Math.min(limit, body.length);
  if (end < body.length) while (end > 0 && (body[end] & 0xc0) === 0x80) end--;
  return body.subarray(0, end).toString('utf8');
}
