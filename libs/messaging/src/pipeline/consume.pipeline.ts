import { Logger } from '@nestjs/common';
import type { ConsumeMessage } from 'amqplib';
import type { Database, Transaction } from '@lienthong/persistence';
import { BusContext } from '../bus.context';
import type { DeadLetterStore } from '../dead-letter/dead-letter.store';
import { PermanentFailure, describeError } from '../errors';
import type { BoundHandler } from '../handler.explorer';
import type { OutboxWriter } from '../outbox/outbox.writer';
import { decode } from './decode.step';
import { type Disposition, dispositionFor } from './disposition';
import { claimInbox, claimInboxAll } from './inbox.step';
import type { InboundMessage } from './inbound-message';
import { validate } from './validate.step';
import { vietnamTimestamp } from '../time';
import { logValue } from '../log-value';

/** What the transport must do with a delivery once its batch committed. */
export type Settlement =
  | { readonly action: 'ack'; readonly outcome: 'handled' | 'duplicate' | 'rejected' | 'dead-lettered' }
  | { readonly action: 'retry'; readonly level: number; readonly attempt: number; readonly reason: string };

export interface PipelineOptions {
  /** Consumer name for the inbox and the dead-letter store: the service's queue. */
  readonly queue: string;
  readonly maxMessageBytes: number;
  readonly retryLevels: number;
}

type Decoded =
  { readonly raw: ConsumeMessage; readonly message: InboundMessage } | { readonly raw: ConsumeMessage; readonly error: unknown };

/**
 * The consume path, in order: decode → validate → deduplicate (inbox) → handle, with the handler's outgoing
 * messages written to the outbox in the same transaction. A batch of deliveries shares one transaction (one
 * commit, not one per message); each message runs in its own savepoint so that one failure rolls back only
 * its own writes. Failures are settled by the disposition table. The caller acks only after this resolves,
 * i.e. after the commit.
 */
export class ConsumePipeline {
  private readonly logger = new Logger('ConsumePipeline');

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxWriter,
    private readonly deadLetters: DeadLetterStore,
    private readonly handlers: ReadonlyMap<string, BoundHandler>,
    private readonly options: PipelineOptions,
  ) {}

  /** Processes a batch and returns one settlement per delivery, in order. */
  async run(batch: readonly ConsumeMessage[]): Promise<Settlement[]> {
    const decoded = batch.map((raw): Decoded => {
      try {
        const message = decode(raw, this.options.maxMessageBytes);
        validate(message);
        return { raw, message };
      } catch (error) {
        return { raw, error };
      }
    });
    // Optimistic pass: no savepoints (they cost two statements per message). If a handler throws, the whole
    // pass rolls back and the batch runs again with a savepoint per message; the message that threw is not
    // run again but settled with the error it gave. So a handler may run twice for one delivery: handlers
    // must keep outside effects idempotent, as at-least-once delivery requires anyway.
    if (decoded.length > 1) {
      try {
        return await this.db.transaction(async (tx) => {
          // On PostgreSQL every message's inbox row in one statement (one round trip, not one per message), rolled back
          // with the pass if a handler throws. SQLite has no round trips, and one multi-row INSERT costs it more than
          // single ones: there each message claims its own.
          const fresh =
            this.db.dialect === 'postgres'
              ? await claimInboxAll(
                  tx,
                  decoded.flatMap((d) => ('message' in d ? [d.message.messageId] : [])),
                  this.options.queue,
                  Date.now(),
                )
              : undefined;
          const settlements: Settlement[] = [];
          for (const [index, item] of decoded.entries()) settlements.push(await this.settleOptimistic(tx, item, index, fresh));
          return settlements;
        });
      } catch (error) {
        if (!(error instanceof HandlerFailed)) return this.retryAll(decoded, error);
        return this.runCarefully(decoded, new Map([[error.index, error.cause]]));
      }
    }
    return this.runCarefully(decoded, new Map());
  }

  private async runCarefully(decoded: readonly Decoded[], knownFailures: ReadonlyMap<number, unknown>): Promise<Settlement[]> {
    try {
      return await this.db.transaction(async (tx) => {
        const settlements: Settlement[] = [];
        for (const [index, item] of decoded.entries()) {
          const known = knownFailures.has(index) && 'message' in item;
          settlements.push(
            known
              ? await this.fail(tx, item.raw, (item as { message: InboundMessage }).message, knownFailures.get(index))
              : await this.settle(tx, item),
          );
        }
        return settlements;
      });
    } catch (error) {
      return this.retryAll(decoded, error);
    }
  }

  /** The transaction itself failed (database down, commit refused): nothing of this batch happened. */
  private retryAll(decoded: readonly Decoded[], error: unknown): Settlement[] {
    this.logger.warn(`batch of ${decoded.length} not committed, retrying later: ${describeError(error)}`);
    return decoded.map(({ raw }) => {
      const attempt = attemptOf(raw);
      return { action: 'retry', level: Math.min(attempt, this.options.retryLevels) - 1, attempt, reason: describeError(error) };
    });
  }

  private async settleOptimistic(tx: Transaction, item: Decoded, index: number, fresh: Set<string> | undefined): Promise<Settlement> {
    if ('error' in item) return this.fail(tx, item.raw, undefined, item.error);
    // Taken out of the set as it is handled: the same message_id twice in one batch runs once.
    if (fresh && !fresh.delete(item.message.messageId)) return { action: 'ack', outcome: 'duplicate' };
    try {
      return await (fresh ? this.runHandler(tx, item.message) : this.handle(tx, item.message));
    } catch (error) {
      throw new HandlerFailed(index, error);
    }
  }

  private async settle(tx: Transaction, item: Decoded): Promise<Settlement> {
    if ('error' in item) return this.fail(tx, item.raw, undefined, item.error);
    const { message } = item;
    try {
      return await tx.savepoint((sp) => this.handle(sp, message));
    } catch (error) {
      return this.fail(tx, item.raw, message, error);
    }
  }

  private async handle(tx: Transaction, message: InboundMessage): Promise<Settlement> {
    if (!(await claimInbox(tx, message.messageId, this.options.queue, Date.now()))) return { action: 'ack', outcome: 'duplicate' };
    return this.runHandler(tx, message);
  }

  /** The handler, its inbox row already claimed in `tx`. */
  private async runHandler(tx: Transaction, message: InboundMessage): Promise<Settlement> {
    const handler = this.handlers.get(message.type);
    if (!handler)
      throw new PermanentFailure('BUS.NO_HANDLER', `${this.options.queue} has no handler for ${message.type}; check the queue's bindings`);
    await handler(message.body, new BusContext(message, tx, this.outbox));
    return { action: 'ack', outcome: 'handled' };
  }

  private async fail(tx: Transaction, raw: ConsumeMessage, message: InboundMessage | undefined, error: unknown): Promise<Settlement> {
    const attempt = message?.attempt ?? attemptOf(raw);
    const disposition: Disposition = dispositionFor(error, attempt, this.options.retryLevels);
    if (disposition.kind === 'retry') return { action: 'retry', level: disposition.level, attempt, reason: disposition.reason };
    try {
      return await tx.savepoint((sp) => this.deadLetter(sp, raw, attempt, disposition));
    } catch (storeError) {
      // Keeping the message safe matters more than its disposition: if the store refused it, retry later.
      this.logger.error(`could not dead-letter ${logValue(raw.properties.messageId)}: ${describeError(storeError)}`);
      const level = Math.min(attempt, this.options.retryLevels) - 1;
      return { action: 'retry', level, attempt, reason: describeError(storeError) };
    }
  }

  private async deadLetter(
    tx: Transaction,
    raw: ConsumeMessage,
    attempt: number,
    disposition: Exclude<Disposition, { kind: 'retry' }>,
  ): Promise<Settlement> {
    const fresh = await this.deadLetters.record(tx, {
      raw,
      queue: this.options.queue,
      errorCode: disposition.code,
      reasons: disposition.reasons,
      attempts: attempt,
      now: Date.now(),
      maxBodyBytes: this.options.maxMessageBytes,
    });
    // The type, the message id and the reasons quote what the producer sent: escaped, so they cannot forge log lines.
    const label = `${logValue(raw.properties.type ?? raw.fields.routingKey)} ${logValue(raw.properties.messageId ?? '(no message_id)')}`;
    if (disposition.kind === 'reject') {
      if (fresh) {
        await this.outbox.write(
          tx,
          'lienthong.message-rejected',
          {
            rejectedMessageId: String(raw.properties.messageId || '(none)'),
            routingKey: String(raw.properties.type || raw.fields.routingKey),
            producer: String(raw.properties.appId ?? 'unknown'),
            reasons: disposition.reasons.map((r) => ({ field: r.field, problem: r.problem })),
            rejectedAt: vietnamTimestamp(new Date()),
          },
          {
            correlationId: raw.properties.correlationId as string | undefined,
            causationId: raw.properties.messageId as string | undefined,
          },
        );
        this.logger.warn(`rejected ${label}: ${logValue(disposition.reasons.map((r) => `${r.field} ${r.problem}`).join('; '), 2000)}`);
      }
      return { action: 'ack', outcome: 'rejected' };
    }
    if (fresh) this.logger.error(`dead-lettered ${label}: ${logValue(disposition.reasons.map((r) => r.problem).join('; '), 2000)}`);
    return { action: 'ack', outcome: 'dead-lettered' };
  }
}

/** Aborts an optimistic pass: the handler of delivery `index` threw `cause`. */
class HandlerFailed extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('handler failed in the optimistic pass');
  }
}

function attemptOf(raw: ConsumeMessage): number {
  const value = Number((raw.properties.headers ?? {})['x-lienthong-attempt'] ?? 1);
  return Number.isInteger(value) && value > 0 ? value : 1;
}
