import { Injectable, Logger } from '@nestjs/common';
import type { MessageBody } from '@lienthong/contracts';
import { BusPublisher } from '@lienthong/messaging';
import type { Transaction } from '@lienthong/persistence';
import { type PostalOrderRecord, PostalOrderRepository } from '../orders/postal-order.repository';
import { TrackingEventRepository } from './tracking-event.repository';
import type { PostalTrackingEntry } from '../postal/postal.port';
import { type TrackingFields, readTrackingFields } from './tracking-fields';
import { isSettled, type Progression, progressionOf } from './tracking.progression';

/** A tracking event from a webhook (operator transaction id) or a poll (`poll:<orderNumber>:<statusCode>:<occurredAt ms>`). */
export interface TrackingEvent extends TrackingFields {
  readonly transaction: string;
  readonly source: 'webhook' | 'poll';
}

export type RecordOutcome =
  | { readonly kind: 'unknown-order' }
  /** The transaction was taken before; `messageId` is what it was published as, if it was. */
  | { readonly kind: 'duplicate'; readonly messageId: string | null }
  | { readonly kind: 'applied'; readonly messageId: string; readonly order: PostalOrderRecord }
  | { readonly kind: 'ignored'; readonly progression: Exclude<Progression, 'apply'>; readonly order: PostalOrderRecord };

/**
 * Takes one tracking event, in the caller's transaction: deduplicates it by transaction id, records it,
 * and when it moves the shipment forward updates the order and writes `postal.tracking-received` to the
 * outbox. All of it commits together, so "seen", "applied" and "published" never disagree.
 */
@Injectable()
export class TrackingRecorder {
  private readonly logger = new Logger('TrackingRecorder');

  constructor(
    private readonly orders: PostalOrderRepository,
    private readonly events: TrackingEventRepository,
    private readonly publisher: BusPublisher,
  ) {}

  /**
   * Takes the entries of an order's history (as `GET /v1/orders/{n}` lists them) not taken yet, in `occurredAt`
   * order, as polled events (`poll:<orderNumber>:<statusCode>:<occurredAt epoch ms>`), so that a later poll of
   * the same history finds them taken. Entries the contract's rules refuse are skipped with a warning.
   */
  async recordHistory(
    tx: Transaction,
    order: { readonly orderNumber: string; readonly trackingCode: string },
    history: readonly PostalTrackingEntry[],
    now = Date.now(),
    onOutcome: (outcome: RecordOutcome) => void = () => undefined,
  ): Promise<number> {
    const entries: TrackingFields[] = [];
    for (const entry of history) {
      const check = readTrackingFields({ ...entry, orderNumber: order.orderNumber, trackingCode: order.trackingCode });
      if (check.ok) entries.push(check.value);
      else
        this.logger.warn(
          `skipping ${order.orderNumber} history entry ${entry.statusCode} at ${entry.occurredAt}: ${check.errors.map((e) => `${e.field} ${e.problem}`).join('; ')}`,
        );
    }
    entries.sort((a, b) => a.occurredAt.ms - b.occurredAt.ms);
    let published = 0;
    for (const fields of entries) {
      if (await this.events.seen(tx, order.orderNumber, fields.statusCode, fields.occurredAt.ms)) continue;
      const outcome = await this.record(
        tx,
        { ...fields, transaction: `poll:${order.orderNumber}:${fields.statusCode}:${fields.occurredAt.ms}`, source: 'poll' },
        now,
      );
      onOutcome(outcome);
      if (outcome.kind === 'applied') published += 1;
    }
    return published;
  }

  async record(tx: Transaction, event: TrackingEvent, now = Date.now()): Promise<RecordOutcome> {
    const order = await this.orders.lock(tx, event.orderNumber);
    if (!order) return { kind: 'unknown-order' };
    const progression = progressionOf(order, { statusCode: event.statusCode, occurredAtMs: event.occurredAt.ms });
    const taken = await this.events.insert(
      tx,
      {
        transaction: event.transaction,
        orderNumber: event.orderNumber,
        statusCode: event.statusCode,
        occurredAt: event.occurredAt.iso,
        occurredAtMs: event.occurredAt.ms,
        source: event.source,
        outcome: progression,
        body: JSON.stringify({ ...event, occurredAt: event.occurredAt.iso }),
      },
      now,
    );
    if (!taken) return { kind: 'duplicate', messageId: await this.events.messageIdOf(tx, event.transaction) };
    const label = `${event.source} ${event.transaction}: ${event.orderNumber} → ${event.statusCode} at ${event.occurredAt.iso}`;
    if (progression !== 'apply') {
      await this.orders.touch(tx, event.orderNumber, now);
      this.logger.log(
        `${label} recorded, not applied (${progression}; shipment is at ${order.statusCode} since ${order.occurredAt ?? 'creation'})`,
      );
      return { kind: 'ignored', progression, order };
    }
    if (order.trackingCode !== event.trackingCode) {
      this.logger.warn(
        `${label}: tracking code ${event.trackingCode} differs from the order's ${order.trackingCode}; the operator's latest is kept`,
      );
    }
    await this.orders.applyStatus(
      tx,
      event.orderNumber,
      {
        statusCode: event.statusCode,
        statusName: event.statusName,
        occurredAt: event.occurredAt.iso,
        occurredAtMs: event.occurredAt.ms,
        trackingCode: event.trackingCode,
        settled: isSettled(event.statusCode),
      },
      now,
    );
    const messageId = await this.publisher.publishIn(tx, 'postal.tracking-received', trackingReceived(order, event), {
      correlationId: order.dossierCode ?? order.batchId ?? undefined,
    });
    await this.events.setMessageId(tx, event.transaction, messageId);
    this.logger.log(`${label} applied (was ${order.statusCode ?? 'new'}), published as ${messageId}`);
    return { kind: 'applied', messageId, order };
  }
}

function trackingReceived(order: PostalOrderRecord, event: TrackingEvent): MessageBody<'postal.tracking-received'> {
  return {
    orderNumber: order.orderNumber,
    purpose: order.purpose,
    ...(order.dossierCode ? { dossierCode: order.dossierCode } : {}),
    ...(order.batchId ? { batchId: order.batchId } : {}),
    trackingCode: event.trackingCode,
    statusCode: event.statusCode,
    statusName: event.statusName,
    ...(event.note !== undefined ? { note: event.note } : {}),
    ...(event.location !== undefined ? { location: event.location } : {}),
    occurredAt: event.occurredAt.iso,
    transaction: event.transaction,
    source: event.source,
  } as MessageBody<'postal.tracking-received'>;
}
