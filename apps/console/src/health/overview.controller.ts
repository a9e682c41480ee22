import { Controller, Get, Inject } from '@nestjs/common';
import { AmqpConnection, DeadLetterStore, redact } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { CONSOLE_CONFIG } from '../console.tokens';
import type { ConsoleConfig } from '../console.config';
import { HeartbeatTracker } from '../heartbeats/heartbeat.tracker';
import { type OutsideSystemView, ServiceBoard } from '../heartbeats/service-board';
import { QueueMonitor } from '../queues/queue.monitor';
import { withOnestopQueue } from './onestop.system';

/** Health at a glance: services from heartbeats, the broker, outside systems, dead letters; throughput per service; throughput and latency per hop. */
@Controller('api')
export class OverviewController {
  constructor(
    private readonly board: ServiceBoard,
    private readonly tracker: HeartbeatTracker,
    private readonly connection: AmqpConnection,
    private readonly deadLetters: DeadLetterStore,
    private readonly db: Database,
    private readonly queues: QueueMonitor,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get('overview')
  async overview(): Promise<Record<string, unknown>> {
    const now = Date.now();
    const openPerQueue = await this.db.query<{ queue: string; n: number }>(
      "SELECT queue, COUNT(*) AS n FROM dead_letters WHERE status = 'open' GROUP BY queue ORDER BY queue",
    );
    return {
      now,
      broker: { connected: this.connection.isConnected, urls: this.config.amqpUrl.split(',').map((u) => redact(u.trim())) },
      heartbeats: { listening: this.tracker.listening, timeoutMs: this.config.heartbeatTimeoutMs, received: this.tracker.received },
      services: this.board.services(now),
      outsideSystems: await this.outsideSystems(now),
      deadLetters: { ...(await this.deadLetters.counts()), openPerQueue: openPerQueue.map((r) => ({ queue: r.queue, open: Number(r.n) })) },
    };
  }

  @Get('throughput')
  throughput(): Record<string, unknown> {
    return { series: this.board.throughput(Date.now()) };
  }

  /** Per hop (a message type arriving at a service, or a service calling an outside system): per-minute throughput and latency percentiles over the last hour. */
  @Get('hops')
  hops(): Record<string, unknown> {
    const now = Date.now();
    return { now, ...this.board.hops(now) };
  }

  private async outsideSystems(now: number): Promise<OutsideSystemView[]> {
    const queue = this.config.onestopQueue;
    const checked = !queue ? 'not-checked' : this.connection.isConnected ? await this.queues.probe(queue, now) : 'unknown';
    return withOnestopQueue(this.board.outsideSystems(now), checked, now);
  }
}
