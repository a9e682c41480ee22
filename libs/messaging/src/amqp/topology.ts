import type { Channel, Options } from 'amqplib';
import { EXCHANGE, EXCHANGE_TYPE, INTERNAL_EXCHANGE, exchangeOf, isMessageType } from '@lienthong/contracts';
import type { QueueType } from '../messaging.options';

/** What one consuming service needs on the broker. */
export interface ServiceTopology {
  readonly queue: string;
  readonly queueType: QueueType;
  /** Routing keys the service's handlers consume. */
  readonly bindings: readonly string[];
  readonly retryDelaysMs: readonly number[];
}

/** Name of the TTL queue holding messages for their `level`-th retry (0-based). */
export const retryQueueName = (queue: string, level: number, delayMs: number): string =>
  `${queue}.retry.${level + 1}.${formatDelay(delayMs)}`;

/**
 * Declares the exchanges (`lienthong.events` for contract v1, `lienthong.internal` for the bus-internal
 * messages), the service queue bound to each routing key on the exchange its type is published to, and one
 * TTL queue per retry level.
 * Idempotent: every declaration has fixed arguments, so running it again (every start, every reconnect)
 * is harmless. A retry queue dead-letters expired messages back to the service queue through the
 * default exchange, so no plugin is needed and no other consumer sees the retry.
 */
export async function declareTopology(channel: Channel, topology: ServiceTopology): Promise<void> {
  await channel.assertExchange(EXCHANGE, EXCHANGE_TYPE, { durable: true });
  await channel.assertExchange(INTERNAL_EXCHANGE, EXCHANGE_TYPE, { durable: true });
  await channel.assertQueue(topology.queue, { durable: true, arguments: queueArguments(topology.queueType) });
  for (const key of topology.bindings) await channel.bindQueue(topology.queue, isMessageType(key) ? exchangeOf(key) : EXCHANGE, key);
  for (const [level, delayMs] of topology.retryDelaysMs.entries()) {
    await channel.assertQueue(retryQueueName(topology.queue, level, delayMs), {
      durable: true,
      arguments: {
        ...queueArguments(topology.queueType),
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': topology.queue,
        // Quorum queues dead-letter at most once unless told otherwise; a retry must never vanish.
        ...(topology.queueType === 'quorum' ? { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } : {}),
      },
    });
  }
}

function queueArguments(type: QueueType): Options.AssertQueue['arguments'] {
  return { 'x-queue-type': type };
}

function formatDelay(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}
