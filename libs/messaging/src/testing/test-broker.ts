import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import * as amqp from 'amqplib';
import { EXCHANGE, HEADERS, INTERNAL_EXCHANGE, SCHEMA_VERSION, exchangeOf, isMessageType } from '@lienthong/contracts';

const exec = promisify(execFile);

/** The broker integration tests use; override with `TEST_AMQP_URL`. */
export const TEST_AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface Observed {
  readonly exchange: string;
  readonly routingKey: string;
  readonly properties: amqp.MessageProperties;
  readonly body: Record<string, unknown>;
}

/**
 * A plain amqplib client playing an outside system in integration tests: publishes contract messages
 * with confirms and records what the bus publishes. Independent of the transport under test.
 */
export class TestBroker {
  private model!: amqp.ChannelModel;
  private channel!: amqp.ConfirmChannel;
  private readonly queues: string[] = [];

  static async connect(): Promise<TestBroker> {
    const broker = new TestBroker();
    broker.model = await amqp.connect(TEST_AMQP_URL, { clientProperties: { connection_name: 'lienthong-test-client' } });
    broker.channel = await broker.model.createConfirmChannel();
    await broker.channel.assertExchange(EXCHANGE, 'topic', { durable: true });
    await broker.channel.assertExchange(INTERNAL_EXCHANGE, 'topic', { durable: true });
    return broker;
  }

  /**
   * Publishes a message to the exchange of its type (as the one-stop system, or a bus service for an internal
   * message, would) and waits for the confirm. A type outside the routing map goes to the contract exchange.
   */
  async publish(type: string, body: unknown, props: Partial<amqp.Options.Publish> & { rawContent?: Buffer } = {}): Promise<string> {
    const messageId = props.messageId ?? randomUUID();
    const { rawContent, headers, ...rest } = props;
    this.channel.publish(isMessageType(type) ? exchangeOf(type) : EXCHANGE, type, rawContent ?? Buffer.from(JSON.stringify(body)), {
      messageId,
      type,
      contentType: 'application/json',
      appId: 'onestop',
      persistent: true,
      timestamp: Math.floor(Date.now() / 1000),
      ...rest,
      headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION, ...headers },
    });
    await this.channel.waitForConfirms();
    return messageId;
  }

  /** Messages observed again with a message_id already seen (at-least-once delivery allows them; consumers dedupe). */
  duplicates = 0;

  /**
   * Starts recording messages with these routing keys; returns the live list. A message type is bound on the
   * exchange it is published to, a pattern (`decision.#`) on both the contract's and the internal one. Like any
   * consumer of the contract, it keeps one copy per message_id (a re-published outbox row carries the same id).
   */
  async observe(...routingKeys: string[]): Promise<Observed[]> {
    return this.record(
      routingKeys.flatMap((key) =>
        isMessageType(key)
          ? [[exchangeOf(key), key]]
          : [
              [EXCHANGE, key],
              [INTERNAL_EXCHANGE, key],
            ],
      ),
    );
  }

  /** Starts recording messages with these routing keys on one exchange (declared topic and durable if missing). */
  async observeOn(exchange: string, ...routingKeys: string[]): Promise<Observed[]> {
    await this.channel.assertExchange(exchange, 'topic', { durable: true });
    return this.record(routingKeys.map((key) => [exchange, key]));
  }

  private async record(bindings: ReadonlyArray<readonly [exchange: string, routingKey: string]>): Promise<Observed[]> {
    const seen: Observed[] = [];
    const ids = new Set<string>();
    const { queue } = await this.channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const [exchange, key] of bindings) await this.channel.bindQueue(queue, exchange, key);
    await this.channel.consume(
      queue,
      (msg) => {
        if (!msg) return;
        const id = msg.properties.messageId as string | undefined;
        if (id && ids.has(id)) {
          this.duplicates++;
          return;
        }
        if (id) ids.add(id);
        seen.push({
          exchange: msg.fields.exchange,
          routingKey: msg.fields.routingKey,
          properties: msg.properties,
          body: JSON.parse(msg.content.toString('utf8')) as Record<string, unknown>,
        });
      },
      { noAck: true },
    );
    this.queues.push(queue);
    return seen;
  }

  /** Declares `name` as a classic durable queue on a throw-away channel (rejects if it exists with other arguments). */
  async assertClassicQueue(name: string): Promise<void> {
    const ch = await this.model.createChannel();
    ch.on('error', () => undefined);
    try {
      await ch.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  /** Deletes queues a test service declared (its queue and retry queues). */
  async deleteQueues(names: readonly string[]): Promise<void> {
    const ch = await this.model.createChannel();
    ch.on('error', () => undefined);
    for (const name of names) await ch.deleteQueue(name).catch(() => undefined);
    await ch.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}

/** Closes, from the broker side, every connection whose connection_name is `name` (as an operator would). */
export async function closeConnectionsNamed(name: string): Promise<number> {
  const { stdout } = await exec('rabbitmqctl', ['-q', 'list_connections', 'pid', 'client_properties'], { timeout: 30_000 });
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(`"${name}"`) || line.includes(`<<"${name}">>`))
    .map((line) => line.split('\t')[0].trim())
    .filter((pid) => pid.startsWith('<'));
  for (const pid of pids) await exec('rabbitmqctl', ['-q', 'close_connection', pid, 'closed by test'], { timeout: 30_000 });
  return pids.length;
}

/** Polls `check` until it returns true or the deadline passes (then throws with `what`). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
