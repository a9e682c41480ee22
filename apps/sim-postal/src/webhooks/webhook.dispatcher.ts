import { randomUUID } from 'node:crypto';
import { WebhookFaults } from '../faults/fault.config';
import { TrackingEntry } from '../orders/order.model';
import { WEBHOOK_HEADERS, signWebhook } from './webhook.signer';
import { WebhookConnections, postRaw } from './webhook.sender';

/** The JSON body of a tracking callback, fields as the contract names them. */
export interface TrackingEvent extends TrackingEntry {
  orderNumber: string;
  trackingCode: string;
}

/** One logged delivery attempt (or the decision not to attempt). */
export interface WebhookAttempt {
  transaction: string;
  orderNumber: string;
  statusCode: number;
  /** 1-based count of attempts for this transaction, duplicates included (0 when lost or disabled). */
  attempt: number;
  kind: 'first' | 'retry' | 'duplicate';
  /**
   * delivered: receiver answered 2xx or 409; rejected: any other status; failed: no answer;
   * dropped: first attempt dropped by fault (will be retried); lost: never sent, by fault;
   * disabled: no webhook URL configured.
   */
  outcome: 'delivered' | 'rejected' | 'failed' | 'dropped' | 'lost' | 'disabled';
  httpStatus?: number;
  responseBody?: string;
  error?: string;
  /** `X-Postal-Timestamp` and `X-Postal-Signature` of this attempt (each retry is re-signed). */
  timestamp?: number;
  signature?: string;
  /** ISO-8601 instant the attempt started. */
  sentAt: string;
}

/** Backoff between attempts: initialDelayMs × factor^(retry − 1), capped; maxAttempts 0 = forever. */
export interface RetryPolicy {
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export interface WebhookDispatcherConfig {
  /** null = webhooks disabled (attempts are logged as `disabled`). */
  url: string | null;
  secret: string;
  retry: RetryPolicy;
  timeoutMs: number;
  logLimit: number;
  log: (line: string) => void;
}

/** The fault knobs the dispatcher consults for every event, read live. */
export interface WebhookFaultSource {
  webhook(): WebhookFaults;
  roll(probability: number): boolean;
}

interface Delivery {
  transaction: string;
  event: TrackingEvent;
  /** Serialized once: every attempt sends the same bytes; only timestamp and signature change. */
  body: string;
  attempts: number;
}

/**
 * Delivers tracking callbacks at least once. Invariants: a transaction id belongs to one event and
 * is reused by its retries and duplicates; an event is retried until the receiver answers 2xx or
 * 409 (or `maxAttempts`); per order, first attempts go out one after another in event order unless
 * a fault holds one back, so with all probabilities 0 the receiver sees each order's events in order.
 */
export class WebhookDispatcher {
  private readonly attempts: WebhookAttempt[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly held = new Map<string, { delivery: Delivery; timer: NodeJS.Timeout }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly connections = new WebhookConnections();
  /** Bumped by reset/close: work started under an older generation stops at its next step. */
  private generation = 0;

  constructor(
    private readonly config: WebhookDispatcherConfig,
    private readonly faults: WebhookFaultSource,
  ) {}

  enqueue(event: TrackingEvent): void {
    const delivery: Delivery = { transaction: randomUUID(), event, body: JSON.stringify(event), attempts: 0 };
    const faults = this.faults.webhook();
    if (this.config.url === null) return this.record(delivery, 'first', { outcome: 'disabled' });
    if (this.faults.roll(faults.lostProbability)) return this.record(delivery, 'first', { outcome: 'lost' });
    const orderNumber = event.orderNumber;
    const previouslyHeld = this.takeHeld(orderNumber);
    if (!previouslyHeld && this.faults.roll(faults.outOfOrderProbability)) {
      return this.hold(delivery, faults.outOfOrderHoldMs);
    }
    // A held event goes out right after the event that followed it: that is the reordering.
    this.chain(orderNumber, async () => {
      await this.firstAttempt(delivery);
      if (previouslyHeld) await this.firstAttempt(previouslyHeld);
    });
  }

  /** Every attempt so far, oldest first (bounded by `logLimit`). */
  log(): WebhookAttempt[] {
    return this.attempts.map((attempt) => ({ ...attempt }));
  }

  /** Forgets pending deliveries and the log. */
  reset(): void {
    this.stop();
    this.attempts.length = 0;
  }

  /** Cancels retries, holds and in-flight requests. */
  stop(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const { timer } of this.held.values()) clearTimeout(timer);
    this.held.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    this.chains.clear();
    this.connections.close();
  }

  private chain(orderNumber: string, work: () => Promise<void>): void {
    const previous = this.chains.get(orderNumber) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => this.config.log(`webhook delivery crashed: ${String(error)}`));
    this.chains.set(orderNumber, next);
    void next.finally(() => {
      if (this.chains.get(orderNumber) === next) this.chains.delete(orderNumber);
    });
  }

  private hold(delivery: Delivery, holdMs: number): void {
    const orderNumber = delivery.event.orderNumber;
    const timer = this.timer(holdMs, () => {
      const held = this.takeHeld(orderNumber);
      if (held) this.chain(orderNumber, () => this.firstAttempt(held));
    });
    this.held.set(orderNumber, { delivery, timer });
  }

  private takeHeld(orderNumber: string): Delivery | undefined {
    const held = this.held.get(orderNumber);
    if (!held) return undefined;
    clearTimeout(held.timer);
    this.timers.delete(held.timer);
    this.held.delete(orderNumber);
    return held.delivery;
  }

  private async firstAttempt(delivery: Delivery): Promise<void> {
    const generation = this.generation;
    const delivered = await this.attempt(delivery, 'first');
    if (generation !== this.generation) return;
    if (!delivered) return this.scheduleRetry(delivery);
    if (this.faults.roll(this.faults.webhook().duplicateProbability)) await this.attempt(delivery, 'duplicate');
  }

  private scheduleRetry(delivery: Delivery): void {
    const { initialDelayMs, factor, maxDelayMs, maxAttempts } = this.config.retry;
    if (maxAttempts > 0 && delivery.attempts >= maxAttempts) {
      this.config.log(
        `webhook ${delivery.transaction} (${delivery.event.orderNumber} → ${delivery.event.statusCode}) given up after ${delivery.attempts} attempts`,
      );
      return;
    }
    const delay = Math.min(maxDelayMs, initialDelayMs * factor ** (delivery.attempts - 1));
    const generation = this.generation;
    this.timer(delay, () => {
      void this.attempt(delivery, 'retry').then((delivered) => {
        if (!delivered && generation === this.generation) this.scheduleRetry(delivery);
      });
    });
  }

  /** One POST; true when the receiver took it (2xx, or 409 = already had it). */
  private async attempt(delivery: Delivery, kind: WebhookAttempt['kind']): Promise<boolean> {
    delivery.attempts += 1;
    const sentAt = new Date().toISOString();
    if (kind === 'first' && this.faults.roll(this.faults.webhook().dropFirstAttemptProbability)) {
      this.record(delivery, kind, { outcome: 'dropped', sentAt });
      return false;
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook(this.config.secret, timestamp, delivery.body);
    const generation = this.generation;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const result = await postRaw(
      this.config.url ?? '',
      delivery.body,
      {
        'Content-Type': 'application/json; charset=utf-8',
        [WEBHOOK_HEADERS.transaction]: delivery.transaction,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signature,
      },
      this.config.timeoutMs,
      controller.signal,
      this.connections,
    );
    this.inFlight.delete(controller);
    if (generation !== this.generation) return false; // reset or closed meanwhile: not worth a log line
    const status = result.status;
    const delivered = status !== undefined && ((status >= 200 && status < 300) || status === 409);
    const outcome = delivered ? 'delivered' : status !== undefined ? 'rejected' : 'failed';
    this.record(delivery, kind, {
      outcome,
      httpStatus: status,
      responseBody: result.body,
      error: result.error,
      timestamp,
      signature,
      sentAt,
    });
    return delivered;
  }

  private record(
    delivery: Delivery,
    kind: WebhookAttempt['kind'],
    details: Partial<WebhookAttempt> & Pick<WebhookAttempt, 'outcome'>,
  ): void {
    const attempt: WebhookAttempt = {
      transaction: delivery.transaction,
      orderNumber: delivery.event.orderNumber,
      statusCode: delivery.event.statusCode,
      attempt: delivery.attempts,
      kind,
      sentAt: new Date().toISOString(),
      ...details,
    };
    for (const key of Object.keys(attempt) as (keyof WebhookAttempt)[]) if (attempt[key] === undefined) delete attempt[key];
    this.attempts.push(attempt);
    if (this.attempts.length > this.config.logLimit) this.attempts.splice(0, this.attempts.length - this.config.logLimit);
    if (attempt.outcome !== 'delivered' && attempt.outcome !== 'disabled') {
      this.config.log(
        `webhook ${attempt.kind} #${attempt.attempt} ${attempt.orderNumber} → ${attempt.statusCode}: ${attempt.outcome}${attempt.httpStatus ? ` ${attempt.httpStatus}` : ''}${attempt.error ? ` (${attempt.error})` : ''}`,
      );
    }
  }

  private timer(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }
}
