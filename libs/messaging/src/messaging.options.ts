import { DEFAULT_MAX_MESSAGE_BYTES } from '@lienthong/contracts';

export type QueueType = 'classic' | 'quorum';

/** How one service talks to RabbitMQ. Every field has a working local default (see `messagingOptionsFromEnv`). */
export interface MessagingOptions {
  /** One or more AMQP URLs (a cluster): tried in turn on connect and reconnect. */
  readonly urls: readonly string[];
  /** This service's name: its durable queue is `lienthong.<service>`, its outbox rows are tagged with it. */
  readonly service: string;
  readonly queueType: QueueType;
  /** Unacked deliveries the broker may push before we ack (bounded, unlike Nest's RMQ default). */
  readonly prefetch: number;
  /** Most deliveries handled in one database transaction. */
  readonly batchSize: number;
  /** Delays of the retry levels, in ms; a message gets `retryDelaysMs.length` retries before it is dead-lettered. */
  readonly retryDelaysMs: readonly number[];
  readonly maxMessageBytes: number;
  /** Outbox relay poll interval (it is also woken after every commit that wrote outbox rows). */
  readonly relayIntervalMs: number;
  /** Delay before the first reconnect attempt; doubles up to `reconnectMaxDelayMs`. */
  readonly reconnectDelayMs: number;
  readonly reconnectMaxDelayMs: number;
}

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** Builds options from the environment (`AMQP_URL`, `AMQP_QUEUE_TYPE`, `MAX_MESSAGE_BYTES`, `AMQP_PREFETCH`). */
export function messagingOptionsFromEnv(service: string, env: NodeJS.ProcessEnv = process.env, overrides: Partial<MessagingOptions> = {}): MessagingOptions {
  const queueType = (env.AMQP_QUEUE_TYPE ?? 'classic').trim();
  if (queueType !== 'classic' && queueType !== 'quorum') {
    throw new Error(`AMQP_QUEUE_TYPE must be "classic" or "quorum", got "${queueType}"`);
  }
  return {
    urls: (env.AMQP_URL ?? DEFAULT_AMQP_URL).split(',').map((u) => u.trim()).filter(Boolean),
    service,
    queueType,
    prefetch: positiveInt(env, 'AMQP_PREFETCH', 200),
    batchSize: positiveInt(env, 'BUS_BATCH_SIZE', 100),
    retryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
    maxMessageBytes: positiveInt(env, 'MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES),
    relayIntervalMs: 1_000,
    reconnectDelayMs: 500,
    reconnectMaxDelayMs: 10_000,
    ...overrides,
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Name of the durable queue a service consumes from. */
export const queueNameOf = (service: string): string => `lienthong.${service}`;
