import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { HEADERS, MessageBody, normalizeNfc, SCHEMA_VERSION, validateMessage } from '@lienthong/contracts';

/** The bus's messages the one-stop system consumes (contract v1, "Published by the bus"). */
export type ConsumedType =
  | 'dossier.status-changed'
  | 'decision.ready-for-issue'
  | 'decision.signing-declined'
  | 'postal.shipment-updated'
  | 'archive.handover-updated'
  | 'lienthong.message-rejected';

const CONSUMED: ReadonlySet<string> = new Set<ConsumedType>([
  'dossier.status-changed',
  'decision.ready-for-issue',
  'decision.signing-declined',
  'postal.shipment-updated',
  'archive.handover-updated',
  'lienthong.message-rejected',
]);

/**
 * Routing keys `onestop.inbox` is bound to. `postal.shipment-updated` rather than `postal.#`: the bus's own
 * internal commands (`postal.order-requested`, …) share the `postal.` prefix and are none of the one-stop
 * system's business.
 */
export const INBOX_BINDINGS = ['dossier.#', 'decision.#', 'postal.shipment-updated', 'archive.#', 'lienthong.message-rejected'] as const;

/** A decoded, valid message from the bus. */
export interface InboundMessage<T extends ConsumedType = ConsumedType> {
  readonly type: T;
  readonly messageId: string | undefined;
  readonly body: MessageBody<T>;
  readonly traceparent: string | undefined;
  readonly redelivered: boolean;
}

/** Counters of what reached the inbox. */
export interface InboxStats {
  consumed: number;
  duplicates: number;
  /** Bodies from the bus that break contract v1 (a bus bug, logged loudly, not acted on). */
  invalidFromBus: number;
  /** Messages of types the one-stop system does not act on, or of an unknown schema version. */
  ignored: number;
  handlerErrors: number;
}

export interface InboxOptions {
  readonly exchange: string;
  readonly queue: string;
  readonly queueType: 'classic' | 'quorum';
  readonly prefetch: number;
  /** Acts on one message; the message is acked when it settles (resolved or failed, never requeued). */
  readonly handle: (message: InboundMessage) => Promise<void>;
  /** True when a handler gave up because the simulator is closing: the message stays unacked and is redelivered. */
  readonly isCancellation: (error: unknown) => boolean;
  readonly log: (line: string) => void;
  readonly onLost: (error: Error) => void;
  /** Message ids already acted on, shared with the consumer before a reconnection (default: a new set). */
  readonly seen?: Set<string>;
  /** Counters, shared with the consumer before a reconnection (default: new ones). */
  readonly stats?: InboxStats;
}

const REMEMBERED_IDS = 100_000;

/**
 * The one-stop system's inbox: its own durable queue, manual ack, bounded prefetch, duplicates dropped by
 * message_id (in memory, the last 100 000). A message is acked only after its reaction was published (or
 * failed for good), so a simulator that dies mid-reaction gets the message again after a restart.
 */
export class InboxConsumer {
  readonly stats: InboxStats;
  private readonly seen: Set<string>;
  private readonly inFlight = new Set<Promise<void>>();
  private consumerTag: string | undefined;
  private closing = false;
  /** The channel is gone (the broker closed it): nothing can be acked on it any more. */
  private lost = false;

  private constructor(
    private readonly channel: Channel,
    private readonly options: InboxOptions,
  ) {
    this.seen = options.seen ?? new Set<string>();
    this.stats = options.stats ?? { consumed: 0, duplicates: 0, invalidFromBus: 0, ignored: 0, handlerErrors: 0 };
  }

  static async start(model: ChannelModel, options: InboxOptions): Promise<InboxConsumer> {
    const channel = await model.createChannel();
    const inbox = new InboxConsumer(channel, options);
    channel.on('error', (error: Error) => options.onLost(error));
    channel.on('close', () => {
      inbox.lost = true;
      if (!inbox.closing) options.onLost(new Error(`inbox channel on ${options.queue} closed by the broker`));
    });
    await channel.assertQueue(options.queue, { durable: true, arguments: { 'x-queue-type': options.queueType } });
    for (const key of INBOX_BINDINGS) await channel.bindQueue(options.queue, options.exchange, key);
    await channel.prefetch(options.prefetch);
    const { consumerTag } = await channel.consume(
      options.queue,
      (msg) => {
        // null: the broker cancelled the consumer (queue deleted): nothing more will arrive.
        if (msg === null) options.onLost(new Error(`the broker cancelled the consumer of ${options.queue} (was the queue deleted?)`));
        else inbox.track(inbox.receive(msg));
      },
      { noAck: false },
    );
    inbox.consumerTag = consumerTag;
    return inbox;
  }

  /** Stops consuming; messages whose reaction is still pending are left unacked (the broker redelivers them). */
  async close(): Promise<void> {
    this.closing = true;
    if (this.consumerTag) await this.channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await this.channel.close().catch(() => undefined);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async receive(msg: ConsumeMessage): Promise<void> {
    const inbound = this.decode(msg);
    if (!inbound) return this.ack(msg);
    this.stats.consumed++;
    try {
      await this.options.handle(inbound);
    } catch (error) {
      if (this.options.isCancellation(error)) return; // closing: leave it unacked
      if (this.lost) {
        // The broker went away mid-reaction (its publish failed): the message comes again on the next channel, and
        // must then be acted on, not dropped as a duplicate.
        if (inbound.messageId !== undefined) this.seen.delete(inbound.messageId);
        return;
      }
      this.stats.handlerErrors++;
      this.options.log(`ERROR reacting to ${inbound.type} ${inbound.messageId ?? '(no message_id)'}: ${(error as Error).message}`);
    }
    this.ack(msg);
  }

  /** The message as the Center acts on it, or undefined (after logging why) when it is to be dropped. */
  private decode(msg: ConsumeMessage): InboundMessage | undefined {
    const type = String(msg.properties.type ?? msg.fields.routingKey);
    const messageId = msg.properties.messageId as string | undefined;
    const label = `${type} ${messageId ?? '(no message_id)'}`;
    if (messageId !== undefined) {
      if (this.seen.has(messageId)) {
        this.stats.duplicates++;
        this.options.log(`← ${label}: duplicate, ignored`);
        return undefined;
      }
      this.seen.add(messageId);
      if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    }
    if (!CONSUMED.has(type)) {
      this.stats.ignored++;
      this.options.log(`← ${label}: not for the one-stop system, ignored`);
      return undefined;
    }
    const version = (msg.properties.headers ?? {})[HEADERS.schemaVersion] as unknown;
    if (version !== SCHEMA_VERSION && version !== String(SCHEMA_VERSION)) {
      this.stats.ignored++;
      this.options.log(`← ${label}: x-schema-version ${String(version)} is not 1, ignored`);
      return undefined;
    }
    let body: unknown;
    try {
      body = normalizeNfc(JSON.parse(msg.content.toString('utf8')));
    } catch {
      this.stats.invalidFromBus++;
      this.options.log(`!!! BUS BUG? ${label}: body is not JSON`);
      return undefined;
    }
    const problems = validateMessage(type as ConsumedType, body);
    if (problems.length > 0) {
      this.stats.invalidFromBus++;
      this.options.log(`!!! BUS BUG? ${label} breaks contract v1: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`);
      return undefined;
    }
    const traceparent = (msg.properties.headers ?? {})[HEADERS.traceparent] as unknown;
    return {
      type: type as ConsumedType,
      messageId,
      body: body as MessageBody<ConsumedType>,
      traceparent: typeof traceparent === 'string' ? traceparent : undefined,
      redelivered: msg.fields.redelivered,
    };
  }

  private ack(msg: ConsumeMessage): void {
    try {
      this.channel.ack(msg);
    } catch {
      // channel already closed: the broker redelivers the message (the dedupe memory is per process)
    }
  }
}
