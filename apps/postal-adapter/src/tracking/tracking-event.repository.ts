import { Injectable } from '@nestjs/common';
import type { Queryable } from '@lienthong/persistence';
import type { Progression } from './tracking.progression';

/** One tracking event as taken (applied or only recorded), keyed by the operator's transaction id. */
export interface TrackingEventRow {
  readonly transaction: string;
  readonly orderNumber: string;
  readonly statusCode: number;
  readonly occurredAt: string;
  readonly occurredAtMs: number;
  readonly source: 'webhook' | 'poll';
  readonly outcome: Progression;
  readonly body: string;
}

/** `postal_tracking_events`: the deduplication record and the trace of every event taken. */
@Injectable()
export class TrackingEventRepository {
  /** Records an event; false when its transaction id was already taken (a duplicate). */
  async insert(q: Queryable, event: TrackingEventRow, now: number): Promise<boolean> {
    const changed = await q.run(
      `INSERT INTO postal_tracking_events (transaction_id, order_number, status_code, occurred_at, occurred_at_ms, source, outcome, message_id, body, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9) ON CONFLICT DO NOTHING`,
      [
        event.transaction,
        event.orderNumber,
        event.statusCode,
        event.occurredAt,
        event.occurredAtMs,
        event.source,
        event.outcome,
        event.body,
        now,
      ],
    );
    return changed === 1;
  }

  /** The message a taken event was published as (null when it changed nothing). */
  async messageIdOf(q: Queryable, transaction: string): Promise<string | null> {
    const [row] = await q.query<{ message_id: string | null }>('SELECT message_id FROM postal_tracking_events WHERE transaction_id = $1', [
      transaction,
    ]);
    return row?.message_id ?? null;
  }

  async setMessageId(q: Queryable, transaction: string, messageId: string): Promise<void> {
    await q.run('UPDATE postal_tracking_events SET message_id = $2 WHERE transaction_id = $1', [transaction, messageId]);
  }

  /** True when this status at this instant was already taken for the order, by webhook or poll. */
  async seen(q: Queryable, orderNumber: string, statusCode: number, occurredAtMs: number): Promise<boolean> {
    const rows = await q.query(
      'SELECT 1 AS one FROM postal_tracking_events WHERE order_number = $1 AND status_code = $2 AND occurred_at_ms = $3',
      [orderNumber, statusCode, occurredAtMs],
    );
    return rows.length > 0;
  }
}
