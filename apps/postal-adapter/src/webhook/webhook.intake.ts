import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { describeError, logValue } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { PostalMetrics } from '../health/postal.metrics';
import { POSTAL_ADAPTER_CONFIG, type PostalAdapterConfig } from '../postal-adapter.config';
import { type RecordOutcome, type TrackingEvent, TrackingRecorder } from '../tracking/tracking.recorder';
import { OutboxConfirmation } from './outbox-confirmation';
import { readCallback } from './tracking-callback';
import { RejectionBudget } from './rejection-budget';
import { WebhookRejectionRepository } from './webhook-rejection.repository';
import { sourceOf } from './webhook-source';
import { WEBHOOK_HEADERS, verifySignature } from './webhook.signature';

/** Refused callbacks are pruned at most this often (after a recording, and at start-up). */
const PRUNE_EVERY_MS = 60_000;

export interface WebhookRequest {
  readonly rawBody: Buffer;
  readonly headers: IncomingHttpHeaders;
  readonly remoteAddress?: string;
}

/** The HTTP answer to the operator. */
export interface WebhookReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

/**
 * A tracking callback, from raw bytes to answer: signature and freshness → body → deduplicate, order and
 * record (one transaction, with the outbox row) → wait for the broker's confirm → 200. Whatever is refused
 * is answered with a reason code and counted; nothing of it is applied. Refusals are also recorded in
 * `postal_webhook_rejections` and logged, within bounds: unsigned or badly signed ones (401), which anyone can
 * send, so many per source address and in all per minute (RejectionBudget); every one with the start of its
 * body only; the table pruned by age and count.
 */
@Injectable()
export class WebhookIntake implements OnApplicationBootstrap {
  private readonly logger = new Logger('PostalWebhook');
  private readonly budget: RejectionBudget;
  private readonly trusted: ReadonlySet<string>;
  private lastPruneAt = 0;

  constructor(
    @Inject(POSTAL_ADAPTER_CONFIG) private readonly config: PostalAdapterConfig,
    private readonly db: Database,
    private readonly recorder: TrackingRecorder,
    private readonly confirmation: OutboxConfirmation,
    private readonly rejections: WebhookRejectionRepository,
    private readonly metrics: PostalMetrics,
  ) {
    const limits = config.webhook.rejections;
    this.budget = new RejectionBudget(limits.perSourcePerMinute, limits.totalPerMinute);
    this.trusted = new Set(limits.trustedForwarders);
  }

  onApplicationBootstrap(): void {
    void this.prune();
  }

  async receive(request: WebhookRequest): Promise<WebhookReply> {
    const transaction = header(request.headers, WEBHOOK_HEADERS.transaction);
    const signature = verifySignature({
      secret: this.config.webhook.secret,
      timestamp: header(request.headers, WEBHOOK_HEADERS.timestamp),
      signature: header(request.headers, WEBHOOK_HEADERS.signature),
      rawBody: request.rawBody,
      nowMs: Date.now(),
      toleranceMs: this.config.webhook.toleranceMs,
    });
    if (!signature.ok)
      return this.refuse(request, 401, signature.code, signature.problem, {
        code: 'UNAUTHORIZED',
        reason: signature.code,
        message: signature.problem,
      });

    const callback = readCallback(request.rawBody, transaction);
    if (!callback.ok) {
      const detail = callback.errors.map((p) => `${p.field} ${p.problem}`).join('; ');
      return this.refuse(request, 400, 'POSTAL_WEBHOOK.INVALID_BODY', detail, {
        code: 'VALIDATION',
        errors: callback.errors,
        ...(transaction ? { transaction } : {}),
      });
    }

    const { event } = callback;
    const { transaction: taken } = event;
    let outcome;
    try {
      outcome = await this.take(event);
    } catch (error) {
      this.logger.error(
        `webhook ${event.transaction} (${event.orderNumber} → ${event.statusCode}) not taken, answering 503: ${describeError(error)}`,
      );
      this.metrics.webhook('error');
      return {
        status: 503,
        body: { code: 'TEMPORARILY_UNAVAILABLE', transaction: taken, message: 'the bus could not record the event; retry later' },
      };
    }
    switch (outcome.kind) {
      case 'unknown-order':
        return this.refuse(request, 404, 'POSTAL_WEBHOOK.UNKNOWN_ORDER', `no order "${event.orderNumber}" was placed by the bus`, {
          code: 'UNKNOWN_ORDER',
          transaction: taken,
          message: `the bus has no order "${event.orderNumber}"`,
        });
      case 'duplicate':
        if (outcome.messageId && !(await this.confirmed(outcome.messageId, taken))) return this.unconfirmed(taken);
        return this.refuse(request, 409, 'POSTAL_WEBHOOK.DUPLICATE', `transaction ${taken} was already taken; nothing applied again`, {
          code: 'DUPLICATE',
          transaction: taken,
        });
      case 'ignored':
        this.metrics.webhook('ignored');
        return { status: 200, body: { code: 'success', transaction: taken } };
      case 'applied':
        if (!(await this.confirmed(outcome.messageId, taken))) return this.unconfirmed(taken);
        this.metrics.webhook('applied');
        return { status: 200, body: { code: 'success', transaction: taken } };
    }
  }

  /** Records the event; an unknown order is looked up again for a short grace period (its creation may be committing). */
  private async take(event: TrackingEvent): Promise<RecordOutcome> {
    const deadline = Date.now() + this.config.webhook.unknownOrderGraceMs;
    for (;;) {
      const outcome = await this.db.transaction((tx) => this.recorder.record(tx, event));
      if (outcome.kind !== 'unknown-order' || Date.now() >= deadline) return outcome;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private confirmed(messageId: string, transaction: string): Promise<boolean> {
    return this.confirmation.wait(messageId, this.config.webhook.confirmTimeoutMs).catch((error: unknown) => {
      this.logger.error(`webhook ${transaction}: cannot check the broker confirm of ${messageId}: ${describeError(error)}`);
      return false;
    });
  }

  /** Recorded and kept in the outbox, but not confirmed in time: the operator must retry (and will then get 409 once it is). */
  private unconfirmed(transaction: string): WebhookReply {
    this.logger.warn(
      `webhook ${transaction}: recorded, but the broker has not confirmed it within ${this.config.webhook.confirmTimeoutMs} ms; answering 503 (it is published when the broker is back)`,
    );
    this.metrics.webhook('unconfirmed');
    return { status: 503, body: { code: 'TEMPORARILY_UNAVAILABLE', transaction, message: 'recorded but not yet on the bus; retry later' } };
  }

  private async refuse(
    request: WebhookRequest,
    status: number,
    reasonCode: string,
    detail: string,
    body: Record<string, unknown>,
  ): Promise<WebhookReply> {
    this.metrics.webhook(reasonCode);
    const source = sourceOf(request.remoteAddress, request.headers['x-forwarded-for'], this.trusted);
    // Only an unauthenticated refusal can come from anyone; the others passed the HMAC (the operator, or whoever
    // holds its secret) and are bounded by the row cap alone.
    const allowed = status === 401 ? this.budget.take(source) : { record: true as const };
    if (!allowed.record) {
      if (allowed.firstOver) {
        const limit = allowed.scope === 'source' ? 'POSTAL_WEBHOOK_REJECTIONS_PER_SOURCE' : 'POSTAL_WEBHOOK_REJECTIONS_PER_MINUTE';
        this.logger.warn(
          `refused webhooks ${allowed.scope === 'source' ? `from ${logValue(source)} ` : ''}over ${limit}: still answered and counted in metrics, no longer recorded or logged this minute`,
        );
      }
      return { status, body };
    }
    const transaction = header(request.headers, WEBHOOK_HEADERS.transaction);
    const orderNumber = /"orderNumber"\s*:\s*"([^"]{1,100})"/.exec(request.rawBody.subarray(0, 64 * 1024).toString('utf8'))?.[1];
    // Everything in this line but the status and our own code comes from the sender: escaped.
    const line = `webhook refused ${status} ${reasonCode} (transaction ${logValue(transaction ?? '-')}, order ${logValue(orderNumber ?? '-')}, from ${logValue(source)}): ${logValue(detail, 1000)}`;
    if (status === 409) this.logger.log(line);
    else this.logger.warn(line);
    try {
      await this.db.transaction((tx) =>
        this.rejections.record(
          tx,
          {
            httpStatus: status,
            reasonCode,
            detail,
            transaction,
            orderNumber,
            remoteAddress: source,
            headers: {
              [WEBHOOK_HEADERS.transaction]: transaction,
              [WEBHOOK_HEADERS.timestamp]: header(request.headers, WEBHOOK_HEADERS.timestamp),
              [WEBHOOK_HEADERS.signature]: header(request.headers, WEBHOOK_HEADERS.signature),
              'content-type': header(request.headers, 'content-type'),
              'user-agent': header(request.headers, 'user-agent'),
              'x-forwarded-for': header(request.headers, 'x-forwarded-for'),
              'socket-peer': request.remoteAddress,
            },
            body: request.rawBody,
          },
          this.config.webhook.rejections,
        ),
      );
    } catch (error) {
      this.logger.error(`could not record the refused webhook ${logValue(transaction ?? '-')}: ${describeError(error)}`);
    }
    if (Date.now() - this.lastPruneAt >= PRUNE_EVERY_MS) void this.prune();
    return { status, body };
  }

  /** Keeps `postal_webhook_rejections` within POSTAL_WEBHOOK_REJECTION_DAYS and POSTAL_WEBHOOK_REJECTION_ROWS. */
  private async prune(): Promise<void> {
    this.lastPruneAt = Date.now();
    try {
      const pruned = await this.rejections.prune(this.db, this.config.webhook.rejections);
      if (pruned > 0)
        this.logger.log(
          `pruned ${pruned} recorded webhook refusals (older than ${this.config.webhook.rejections.maxAgeMs / 86_400_000} days, or beyond ${this.config.webhook.rejections.maxRows})`,
        );
    } catch (error) {
      this.logger.warn(`could not prune recorded webhook refusals: ${describeError(error)}`);
    }
  }
}
