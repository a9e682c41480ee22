import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OutboxRelay, describeError } from '@lienthong/messaging';
import { Database, type Transaction } from '@lienthong/persistence';
import { PostalMetrics } from '../health/postal.metrics';
import { type PostalOrderRecord, PostalOrderRepository } from '../orders/postal-order.repository';
import { POSTAL_ADAPTER_CONFIG, type PostalAdapterConfig } from '../postal-adapter.config';
import type { PostalOrderView } from '../postal/postal.port';
import { PostalPort } from '../postal/postal.port';
import { TrackingRecorder } from '../tracking/tracking.recorder';

/** What one polling round did. */
export interface PollRound {
  readonly asked: number;
  readonly published: number;
}

/**
 * Webhooks can be lost. Every `intervalMs`, shipments that are not settled and have had no news for
 * `staleMs` are looked up (`GET /v1/orders/{n}`); history entries not seen yet are taken like callbacks,
 * with transaction `poll:<orderNumber>:<statusCode>:<occurredAt epoch ms>` (a status can repeat, e.g. a second
 * delivery attempt, so the time is part of it) and `source: 'poll'`, in `occurredAt` order.
 * One round at a time; a round stops early while the postal circuit is open.
 */
@Injectable()
export class StaleShipmentPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StaleShipmentPoller');
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> | undefined;
  private stopping = false;

  constructor(
    @Inject(POSTAL_ADAPTER_CONFIG) private readonly config: PostalAdapterConfig,
    private readonly db: Database,
    private readonly postal: PostalPort,
    private readonly orders: PostalOrderRepository,
    private readonly recorder: TrackingRecorder,
    private readonly relay: OutboxRelay,
    private readonly metrics: PostalMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.round ??= this.pollOnce()
        .catch((error: unknown) => this.logger.error(`polling round failed: ${describeError(error)}`))
        .finally(() => (this.round = undefined));
    }, this.config.poller.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** One round over the stale shipments. */
  async pollOnce(now = Date.now()): Promise<PollRound> {
    const stale = await this.orders.stale(this.db, now - this.config.poller.staleMs, this.config.poller.batchSize);
    let asked = 0;
    let published = 0;
    for (const order of stale) {
      if (this.stopping) break;
      if (this.postal.availability().state === 'open') {
        this.logger.warn(`postal circuit open: ${stale.length - asked} stale shipment(s) left for the next round`);
        break;
      }
      asked += 1;
      let view: PostalOrderView | undefined;
      try {
        view = await this.postal.getOrder(order.orderNumber);
      } catch (error) {
        this.logger.warn(`cannot ask the operator about ${order.orderNumber}: ${describeError(error)}`);
        continue;
      }
      published += await this.db.transaction((tx) => this.take(tx, order, view, Date.now()));
    }
    if (published > 0) this.relay.kick();
    if (asked > 0) this.logger.log(`polled ${asked} stale shipment(s), ${published} new event(s) published`);
    return { asked, published };
  }

  /** Takes the history entries not seen yet; returns how many were published. */
  private async take(tx: Transaction, order: PostalOrderRecord, view: PostalOrderView | undefined, now: number): Promise<number> {
    await this.orders.touch(tx, order.orderNumber, now); // asked: not stale again for staleMs, whatever the answer
    if (!view) {
      this.logger.warn(
        `the operator does not know order ${order.orderNumber} (404); it stays in the trace, asked again after POSTAL_STALE_MS`,
      );
      return 0;
    }
    return this.recorder.recordHistory(
      tx,
      { orderNumber: order.orderNumber, trackingCode: view.trackingCode },
      view.history,
      now,
      (outcome) => {
        this.metrics.poll(outcome.kind === 'ignored' ? outcome.progression : outcome.kind);
      },
    );
  }
}
