import { BUS_ENV, DEFAULT_AMQP_URL, type EnvSource, processEnv } from '@lienthong/config';

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
  /** How long inbox rows are kept (the window a duplicate is recognised in) and published outbox rows (`INBOX_RETENTION_MS`, `OUTBOX_RETENTION_MS`). */
  readonly inboxRetentionMs: number;
  readonly outboxRetentionMs: number;
}

export { DEFAULT_AMQP_URL };

/** Delays of the retry levels, in ms (fixed: the retry queues' names carry them). */
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];

/**
 * Builds options from the environment (`AMQP_URL`, `AMQP_QUEUE_TYPE`, `AMQP_PREFETCH`, `BUS_BATCH_SIZE`,
 * `MAX_MESSAGE_BYTES`, `INBOX_RETENTION_MS`, `OUTBOX_RETENTION_MS`); a bad value throws `ConfigError` naming the variable.
 */
export function messagingOptionsFromEnv(
  service: string,
  env: EnvSource = processEnv(),
  overrides: Partial<MessagingOptions> = {},
): MessagingOptions {
  return {
    urls: BUS_ENV.AMQP_URL.read(env),
    service,
    queueType: BUS_ENV.AMQP_QUEUE_TYPE.read(env),
    prefetch: BUS_ENV.AMQP_PREFETCH.read(env),
    batchSize: BUS_ENV.BUS_BATCH_SIZE.read(env),
    retryDelaysMs: RETRY_DELAYS_MS,
    maxMessageBytes: BUS_ENV.MAX_MESSAGE_BYTES.read(env),
    relayIntervalMs: 1_000,
    reconnectDelayMs: 500,
    reconnectMaxDelayMs: 10_000,
    inboxRetentionMs: BUS_ENV.INBOX_RETENTION_MS.read(env),
    outboxRetentionMs: BUS_ENV.OUTBOX_RETENTION_MS.read(env),
    ...overrides,
  };
}

/** Name of the durable queue a service consumes from. */
export const queueNameOf = (service: string): string => `lienthong.${service}`;
