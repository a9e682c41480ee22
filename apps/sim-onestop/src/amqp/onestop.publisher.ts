import { randomUUID } from 'node:crypto';
import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import { correlationIdOf, MessageBody, MessageType, normalizeNfc, validateMessage } from '@lienthong/contracts';
import { OnestopSimError } from '../shared/simulator.error';
import { childTraceparent, contractProperties, newTraceparent } from './envelope';

/** The message types the one-stop system publishes. */
export type OnestopMessageType =
  | 'onestop.dossier.received'
  | 'onestop.dossier.appraised'
  | 'onestop.decision.approved-at-center'
  | 'onestop.decision.issued'
  | 'onestop.dossier.result-returned'
  | 'onestop.dossier.withdrawn';

/** One message the simulator put on the exchange. */
export interface PublishedMessage {
  /** Absent only for a scripted message sent without one. */
  readonly messageId: string | undefined;
  readonly type: string;
  readonly correlationId?: string;
  /** False when no queue was bound for its routing key (the broker returned it): is the bus running? */
  readonly routed: boolean;
}

/** Optional envelope facts of a contract message. */
export interface PublishOptions {
  readonly messageId?: string;
  /** When the fact happened (default now). */
  readonly occurredAt?: Date;
  /** `traceparent` of the bus message this one reacts to; a new trace when absent. */
  readonly causeTraceparent?: string;
  /** Send the text decomposed (NFD) instead of NFC: the body is validated as NFC, the bus normalizes it back. */
  readonly nfd?: boolean;
}

const REMEMBERED = 10_000;

/**
 * The one-stop system's publisher: its own confirm channel; every publish resolves once the broker
 * confirmed it. `publish` validates the body against contract v1 first, so a simulator bug is reported
 * as one (`SIM_ONESTOP.INVALID_OUTGOING`) and never reaches the bus looking like a bus bug.
 */
export class OnestopPublisher {
  private readonly returned = new Set<string>();
  /** message_id → what was published, to tie a `lienthong.message-rejected` to its dossier. */
  private readonly recent = new Map<string, PublishedMessage>();
  private closing = false;

  private constructor(
    private readonly channel: ConfirmChannel,
    private readonly exchange: string,
    private readonly now: () => Date,
  ) {
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId as string | undefined;
      if (id) this.returned.add(id);
    });
  }

  static async open(model: ChannelModel, exchange: string, now: () => Date, onLost: (error: Error) => void): Promise<OnestopPublisher> {
    const channel = await model.createConfirmChannel();
    const publisher = new OnestopPublisher(channel, exchange, now);
    channel.on('error', (error: Error) => onLost(error));
    channel.on('close', () => {
      if (!publisher.closing) onLost(new Error('publisher channel closed by the broker'));
    });
    return publisher;
  }

  /** Publishes a contract message (validated NFC-normalized, sent as NFC unless `nfd`) with the contract's properties. */
  async publish<T extends OnestopMessageType>(type: T, body: MessageBody<T>, options: PublishOptions = {}): Promise<PublishedMessage> {
    const normalized = normalizeNfc(body);
    const problems = validateMessage(type, normalized);
    if (problems.length > 0) {
      throw new OnestopSimError(
        'SIM_ONESTOP.INVALID_OUTGOING',
        `refusing to publish an invalid ${type} (a simulator bug, not a bus bug): ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
        problems,
      );
    }
    const properties = contractProperties({
      type,
      messageId: options.messageId ?? randomUUID(),
      correlationId: correlationIdOf(type as MessageType, normalized),
      occurredAt: options.occurredAt ?? this.now(),
      traceparent: options.causeTraceparent === undefined ? newTraceparent() : childTraceparent(options.causeTraceparent),
    });
    const text = JSON.stringify(normalized);
    return this.publishRaw(type, Buffer.from(options.nfd ? text.normalize('NFD') : text, 'utf8'), properties);
  }

  /**
   * Publishes bytes with exactly these properties, unvalidated: for scripts, which may be deliberately
   * wrong (to show the bus rejecting them), down to a missing `message_id`.
   */
  async publishRaw(routingKey: string, content: Buffer, properties: Options.Publish): Promise<PublishedMessage> {
    const id = typeof properties.messageId === 'string' ? properties.messageId : undefined;
    await new Promise<void>((resolve, reject) => {
      this.channel.publish(this.exchange, routingKey, content, { ...properties, mandatory: true }, (error: unknown) => {
        if (error)
          reject(
            new OnestopSimError(
              'SIM_ONESTOP.NOT_CONFIRMED',
              `the broker did not confirm ${routingKey} ${id ?? ''}: ${String((error as Error)?.message ?? error)}`,
            ),
          );
        else resolve();
      });
    });
    // A returned message arrives before its confirm, so the set is complete here. Without a message id a
    // return cannot be matched: such a (scripted) message counts as routed.
    const routed = id === undefined || !this.returned.delete(id);
    const published: PublishedMessage = {
      messageId: id,
      type: routingKey,
      correlationId: properties.correlationId as string | undefined,
      routed,
    };
    if (id !== undefined) {
      this.recent.set(id, published);
      if (this.recent.size > REMEMBERED) this.recent.delete(this.recent.keys().next().value as string);
    }
    return published;
  }

  /** What was published under this message id, if it is among the last 10 000. */
  find(messageId: string): PublishedMessage | undefined {
    return this.recent.get(messageId);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.channel.close().catch(() => undefined);
  }
}
