import { Injectable } from '@nestjs/common';
import type { Queryable } from '@lienthong/persistence';

/** A refused tracking callback, kept whole enough to investigate (headers, body start, reason). */
export interface WebhookRejection {
  readonly httpStatus: number;
  readonly reasonCode: string;
  readonly detail: string;
  readonly transaction?: string;
  readonly orderNumber?: string;
  readonly remoteAddress?: string;
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
}

const MAX_BODY_KEPT = 4000;

/** `postal_webhook_rejections`: every callback answered with something other than 200. */
@Injectable()
export class WebhookRejectionRepository {
  async record(q: Queryable, rejection: WebhookRejection, now = Date.now()): Promise<void> {
    await q.run(
      `INSERT INTO postal_webhook_rejections (http_status, reason_code, detail, transaction_id, order_number, remote_address, headers, body, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        rejection.httpStatus,
        rejection.reasonCode,
        rejection.detail.slice(0, 2000),
        rejection.transaction?.slice(0, 200) ?? null,
        rejection.orderNumber?.slice(0, 200) ?? null,
        rejection.remoteAddress ?? null,
        JSON.stringify(rejection.headers),
        rejection.body.slice(0, MAX_BODY_KEPT),
        now,
      ],
    );
  }
}
