import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Channel } from 'amqplib';
import { type AmqpConnection, describeError } from '@lienthong/messaging';
import { HEARTBEAT_BINDING, OPS_EXCHANGE, parseHeartbeat } from '@lienthong/runtime';
import type { ServiceBoard } from './service-board';

/**
 * Feeds the service board from the bus: an exclusive, auto-delete, server-named queue bound to
 * `heartbeat.#` on `lienthong.ops` (one per console process, gone with it), consumed without acks. Heartbeats are
 * ephemeral, so a queue lost with the connection is simply declared again after the reconnect.
 */
export class HeartbeatTracker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HeartbeatTracker');
  private channel: Channel | undefined;
  private stopped = false;
  private readonly onConnected = (): void => void this.attach();
  /** Heartbeats received since start (for tests and metrics). */
  received = 0;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly board: ServiceBoard,
  ) {}

  /** True while the heartbeat queue is consumed. */
  get listening(): boolean {
    return this.channel !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.connection.on('connected', this.onConnected);
    if (this.connection.isConnected) await this.attach();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.connection.off('connected', this.onConnected);
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }

  private async attach(): Promise<void> {
    if (this.channel || this.stopped) return;
    try {
      const channel = await this.connection.current().createChannel();
      channel.on('error', (error: Error) => this.logger.warn(`heartbeat channel error: ${error.message}`));
      channel.on('close', () => {
        if (this.channel === channel) this.channel = undefined;
      });
      await channel.assertExchange(OPS_EXCHANGE, 'topic', { durable: true });
      const { queue } = await channel.assertQueue('', {
        exclusive: true,
        autoDelete: true,
        durable: false,
        arguments: { 'x-message-ttl': 10_000, 'x-max-length': 10_000 },
      });
      await channel.bindQueue(queue, OPS_EXCHANGE, HEARTBEAT_BINDING);
      await channel.consume(
        queue,
        (msg) => {
          if (!msg) return;
          const heartbeat = parseHeartbeat(msg.content);
          if (!heartbeat) return;
          this.received++;
          this.board.observe(heartbeat, Date.now());
        },
        { noAck: true },
      );
      this.channel = channel;
    } catch (error) {
      this.logger.warn(`cannot listen to heartbeats (${describeError(error)}); trying again in 5 s`);
      setTimeout(() => this.connection.isConnected && !this.stopped && void this.attach(), 5_000).unref();
    }
  }
}
