import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { HEADERS, SCHEMA_VERSION } from '@lienthong/contracts';

/** The broker integration tests use: the vhost of test/global-setup.ts when it set one. */
export const TEST_AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A message as a raw consumer sees it. */
export interface Observed {
  readonly exchange: string;
  readonly routingKey: string;
  readonly properties: amqp.MessageProperties;
  readonly content: Buffer;
  readonly body: unknown;
}

/**
 * Plays the bus in the simulator's tests with plain amqplib: publishes bus messages as the bus would
 * (app_id lienthong, integer schema version) and records what is published to `onestop.#`.
 */
export class RawBroker {
  private constructor(
    private readonly model: amqp.ChannelModel,
    private readonly channel: amqp.ConfirmChannel,
    readonly exchange: string,
    readonly seen: Observed[],
  ) {}

  static async open(exchange: string): Promise<RawBroker> {
    const model = await amqp.connect(TEST_AMQP_URL, { clientProperties: { connection_name: 'sim-onestop-test' } });
    const channel = await model.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'onestop.#');
    const seen: Observed[] = [];
    await channel.consume(
      queue,
      (msg) => {
        if (!msg) return;
        let body: unknown;
        try {
          body = JSON.parse(msg.content.toString('utf8'));
        } catch {
          body = undefined;
        }
        seen.push({
          exchange: msg.fields.exchange,
          routingKey: msg.fields.routingKey,
          properties: msg.properties,
          content: msg.content,
          body,
        });
      },
      { noAck: true },
    );
    return new RawBroker(model, channel, exchange, seen);
  }

  /** Publishes a message as the bus does; returns its message id. */
  async publishAsBus(type: string, body: unknown, messageId: string = randomUUID(), traceparent?: string): Promise<string> {
    const dossierCode = (body as { dossierCode?: string }).dossierCode;
    this.channel.publish(this.exchange, type, Buffer.from(JSON.stringify(body)), {
      messageId,
      type,
      correlationId: dossierCode,
      timestamp: Math.floor(Date.now() / 1000),
      contentType: 'application/json',
      appId: 'lienthong',
      deliveryMode: 2,
      headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION, ...(traceparent ? { [HEADERS.traceparent]: traceparent } : {}) },
    });
    await this.channel.waitForConfirms();
    return messageId;
  }

  /** Deletes a queue (left over by an earlier run) if it exists. */
  async deleteQueue(queue: string): Promise<void> {
    const ch = await this.model.createChannel();
    ch.on('error', () => undefined);
    await ch.deleteQueue(queue).catch(() => undefined);
    await ch.close().catch(() => undefined);
  }

  /** Deletes queues and the exchange the test created, then disconnects. */
  async cleanUp(queues: readonly string[]): Promise<void> {
    const ch = await this.model.createChannel();
    ch.on('error', () => undefined);
    for (const queue of queues) await ch.deleteQueue(queue).catch(() => undefined);
    await ch.deleteExchange(this.exchange).catch(() => undefined);
    await ch.close().catch(() => undefined);
    await this.model.close().catch(() => undefined);
  }
}
