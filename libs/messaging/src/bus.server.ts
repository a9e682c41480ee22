import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { AmqpConnection } from './amqp/amqp.connection';
import type { ConfirmPublisher } from './amqp/confirm.publisher';
import { declareTopology, retryQueueName } from './amqp/topology';
import { describeError } from './errors';
import { HopLatency } from './hop-latency';
import type { MessagingOptions } from './messaging.options';
import { queueNameOf } from './messaging.options';
import type { OutboxRelay } from './outbox/outbox.relay';
import type { ConsumePipeline, Settlement } from './pipeline/consume.pipeline';
import { RETRY_HEADERS } from './pipeline/inbound-message';

interface Delivery {
  readonly channel: Channel;
  readonly raw: ConsumeMessage;
}

/** Counters the transport keeps for health and metrics. */
export interface TransportStats {
  consumed: number;
  handled: number;
  duplicates: number;
  rejected: number;
  deadLettered: number;
  retried: number;
  batches: number;
}

/**
 * The Nest transport: consumes the service's durable queue with manual acks and bounded prefetch, runs
 * batches through the consume pipeline, and settles each delivery only after its batch committed:
 * ack, or publish a copy to the retry queue (confirmed) and then ack. Re-attaches after every reconnect;
 * deliveries of a lost channel are dropped here and redelivered by the broker (the inbox dedupes them).
 */
export class BusServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger('BusServer');
  readonly queue: string;
  readonly stats: TransportStats = { consumed: 0, handled: 0, duplicates: 0, rejected: 0, deadLettered: 0, retried: 0, batches: 0 };
  /** Per-hop outcomes and latency (message type → this service), for metrics and heartbeats. */
  readonly hops = new HopLatency();
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private pending: Delivery[] = [];
  private running: Promise<void> | undefined;
  private stopping = false;
  private readonly onConnected = (model: ChannelModel): void => {
    this.attach(model).catch(() => {
      // Already logged. If the connection survived (e.g. a declaration was refused), try again later.
      setTimeout(() => this.connection.isConnected && !this.consuming && this.onConnected(this.connection.current()), 5_000).unref();
    });
  };

  constructor(
    private readonly options: MessagingOptions,
    private readonly connection: AmqpConnection,
    private readonly publisher: ConfirmPublisher,
    private readonly pipeline: () => ConsumePipeline,
    private readonly bindings: () => readonly string[],
    private readonly relay: OutboxRelay,
  ) {
    super();
    this.queue = queueNameOf(options.service);
  }

  /** True while a consumer is attached to the queue. */
  get consuming(): boolean {
    return this.consumerTag !== undefined;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const model = await this.connection.connect();
      await this.attach(model);
      // From now on every reconnect re-attaches the consumer (declaring the topology again first).
      this.connection.on('connected', this.onConnected);
      this.relay.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops consuming, lets in-flight batches finish and settle, flushes the outbox, closes the channel. */
  async close(): Promise<void> {
    this.stopping = true;
    this.logger.log(`stopping: no new deliveries from ${this.queue}; finishing ${this.pending.length} queued and in-flight`);
    this.connection.off('connected', this.onConnected);
    const channel = this.channel;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    this.consumerTag = undefined;
    while (this.running) await this.running;
    await this.relay.flush().catch(() => undefined);
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
    this.logger.log('stopped: in-flight work settled, outbox flushed');
  }

  on(): never {
    throw new Error('BusServer does not emit transport events; use its stats and health instead');
  }

  unwrap<T>(): T {
    return this.channel as T;
  }

  private async attach(model: ChannelModel): Promise<void> {
    if (this.stopping) return;
    try {
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.logger.warn(`consumer channel error: ${error.message}`));
      channel.on('close', () => {
        if (this.channel !== channel) return;
        this.channel = undefined;
        this.consumerTag = undefined;
        // Unacked deliveries of a closed channel go back to the queue; processing them would be wasted work.
        this.pending = this.pending.filter((d) => d.channel !== channel);
      });
      await channel.prefetch(this.options.prefetch);
      await declareTopology(channel, {
        queue: this.queue,
        queueType: this.options.queueType,
        bindings: this.bindings(),
        retryDelaysMs: this.options.retryDelaysMs,
      });
      this.channel = channel;
      const { consumerTag } = await channel.consume(this.queue, (raw) => raw && this.enqueue({ channel, raw }), { noAck: false });
      this.consumerTag = consumerTag;
      this.logger.log(`consuming ${this.queue} (${this.bindings().join(', ') || 'no bindings'}), prefetch ${this.options.prefetch}`);
    } catch (error) {
      this.logger.error(`cannot consume ${this.queue}: ${describeError(error)}`);
      throw error;
    }
  }

  private enqueue(delivery: Delivery): void {
    this.stats.consumed++;
    this.pending.push(delivery);
    this.running ??= this.pump().finally(() => (this.running = undefined));
  }

  /** Drains `pending` batch by batch; under load batches fill up while the previous one commits. */
  private async pump(): Promise<void> {
    while (this.pending.length > 0) {
      // Let the socket hand over what has already arrived, so that under load one commit covers many messages.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = this.pending.splice(0, this.options.batchSize);
      try {
        const startedAt = Date.now();
        const settlements = await this.pipeline().run(batch.map((d) => d.raw));
        await this.settle(batch, settlements, startedAt);
      } catch (error) {
        // Not expected (the pipeline settles its own failures). These deliveries must be settled before a
        // later multiple-ack could cover them: give them back for redelivery (the inbox dedupes), after a pause.
        this.logger.error(`batch failed, requeueing ${batch.length} deliveries: ${describeError(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        for (const d of batch) if (d.channel === this.channel) d.channel.nack(d.raw, false, true);
      }
    }
  }

  private async settle(batch: readonly Delivery[], settlements: readonly Settlement[], startedAt: number): Promise<void> {
    this.stats.batches++;
    const retries: Promise<void>[] = [];
    const now = Date.now();
    settlements.forEach((settlement, i) => {
      if (settlement.action === 'retry') retries.push(this.retry(batch[i], settlement));
      else {
        this.count(settlement.outcome);
        this.hops.settled(batch[i].raw, settlement.outcome, now, startedAt);
      }
    });
    await Promise.all(retries);
    // Every delivery of this batch is settled now, and all earlier ones were settled by earlier batches
    // (batches run one at a time, in delivery order): one multiple-ack covers the whole batch.
    const last = batch[batch.length - 1];
    if (last) this.ack(last, true);
    this.relay.kickIfWritten();
  }

  private async retry(delivery: Delivery, settlement: Extract<Settlement, { action: 'retry' }>): Promise<void> {
    const { raw } = delivery;
    const level = Math.max(0, Math.min(settlement.level, this.options.retryDelaysMs.length - 1));
    const headers = { ...(raw.properties.headers ?? {}) } as Record<string, unknown>;
    delete headers['x-death'];
    headers[RETRY_HEADERS.attempt] = settlement.attempt + 1;
    headers[RETRY_HEADERS.firstFailureAt] ??= Date.now();
    headers[RETRY_HEADERS.lastError] = settlement.reason.slice(0, 500);
    try {
      await this.publisher.publish({
        exchange: '',
        routingKey: retryQueueName(this.queue, level, this.options.retryDelaysMs[level]),
        content: raw.content,
        properties: {
          ...raw.properties,
          messageId: String(raw.properties.messageId ?? ''),
          type: raw.properties.type ?? raw.fields.routingKey,
          headers,
          persistent: true,
        },
      });
      this.stats.retried++;
      this.logger.warn(
        `retry ${settlement.attempt} of ${raw.properties.type ?? raw.fields.routingKey} ${raw.properties.messageId} in ${this.options.retryDelaysMs[level]} ms: ${settlement.reason}`,
      );
    } catch (error) {
      // The copy is not safe on the broker, so the original must stay: give it back after a pause
      // (a broker-side failure; the pause keeps this from spinning).
      this.logger.error(`could not schedule a retry for ${raw.properties.messageId}, requeueing it: ${describeError(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (delivery.channel === this.channel) delivery.channel.nack(raw, false, true);
    }
  }

  private ack(delivery: Delivery, allUpTo = false): void {
    if (delivery.channel !== this.channel) return; // channel gone: the broker redelivers, the inbox dedupes
    try {
      delivery.channel.ack(delivery.raw, allUpTo);
    } catch (error) {
      this.logger.warn(`ack failed (will be redelivered): ${describeError(error)}`);
    }
  }

  private count(outcome: 'handled' | 'duplicate' | 'rejected' | 'dead-lettered'): void {
    if (outcome === 'handled') this.stats.handled++;
    else if (outcome === 'duplicate') this.stats.duplicates++;
    else if (outcome === 'rejected') this.stats.rejected++;
    else this.stats.deadLettered++;
  }
}
