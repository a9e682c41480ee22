import type { ConfirmChannel, Message, Options } from 'amqplib';
import { BusError, UnroutableMessage } from '../errors';
import type { AmqpConnection } from './amqp.connection';

/** A message ready for the wire. `properties.messageId` is required: returns are matched by it. */
export interface OutgoingMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly properties: Options.Publish & { messageId: string };
}

/**
 * Publishes on a confirm channel: `publish` resolves only when the broker has confirmed the message
 * (for persistent messages to durable queues, that means written to disk), rejects on nack, on a closed
 * channel, and with `UnroutableMessage` when `mandatory` brought it back. The channel is recreated lazily
 * after a reconnect; messages in flight when it closed are rejected, so their callers retry.
 */
export class ConfirmPublisher {
  private channel: ConfirmChannel | undefined;
  private opening: Promise<ConfirmChannel> | undefined;
  private readonly returned = new Set<string>();
  /**
   * Why the broker closed a channel (`403 ACCESS_REFUSED - access to topic …`, `404 NOT_FOUND - no exchange …`): amqplib
   * gives the pending confirms only "channel closed", and the operator must read which permission or exchange it was.
   */
  private readonly closedWith = new WeakMap<ConfirmChannel, Error>();
  private drained: Promise<void> | undefined;

  constructor(private readonly connection: AmqpConnection) {
    connection.on('disconnected', () => (this.channel = undefined));
  }

  /** Publishes one message and waits for the broker's confirm. */
  async publish(message: OutgoingMessage): Promise<void> {
    const channel = await this.ready();
    if (this.drained) await this.drained;
    await new Promise<void>((resolve, reject) => {
      const id = message.properties.messageId;
      const written = channel.publish(
        message.exchange,
        message.routingKey,
        message.content,
        { mandatory: true, ...message.properties },
        (error) => {
          const wasReturned = this.returned.delete(id);
          if (error) {
            const reason = this.closedWith.get(channel) ?? error;
            reject(
              new BusError(
                'AMQP.NOT_CONFIRMED',
                `broker did not confirm ${message.routingKey} ${id} on ${message.exchange || 'the default exchange'}: ${reason.message}`,
                { cause: reason },
              ),
            );
          } else if (wasReturned) reject(new UnroutableMessage(message.exchange, message.routingKey));
          else resolve();
        },
      );
      if (!written && !this.drained) {
        this.drained = new Promise<void>((done) => {
          const release = (): void => {
            this.drained = undefined;
            done();
          };
          channel.once('drain', release);
          channel.once('close', release);
        });
      }
    });
  }

  /** Publishes several messages in order on one channel; resolves with each one's outcome. */
  publishAll(messages: readonly OutgoingMessage[]): Promise<PromiseSettledResult<void>[]> {
    return Promise.allSettled(messages.map((m) => this.publish(m)));
  }

  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }

  private ready(): Promise<ConfirmChannel> {
    if (this.channel) return Promise.resolve(this.channel);
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async open(): Promise<ConfirmChannel> {
    const model = await this.connection.connect();
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => this.closedWith.set(channel, error)); // before 'close' and the pending callbacks
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
      this.drained = undefined;
    });
    channel.on('return', (msg: Message) => {
      const id = msg.properties.messageId as string | undefined;
      if (id) this.returned.add(id);
    });
    this.channel = channel;
    return channel;
  }
}
