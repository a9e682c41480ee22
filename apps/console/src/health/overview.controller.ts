import { Controller, Get, Inject } from '@nestjs/common';
import { AmqpConnection, DeadLetterStore, redact } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { CONSOLE_CONFIG } from '../console.tokens';
import type { ConsoleConfig } from '../console.config';
import { HeartbeatTracker } from '../heartbeats/heartbeat.tracker';
import { ServiceBoard } from '../heartbeats/service-board';

/** Health at a glance: services from heartbeats, the broker, outside systems, dead letters; and throughput per hop. */
@Controller('api')
export class OverviewController {
  constructor(
    private readonly board: ServiceBoard,
    private readonly tracker: HeartbeatTracker,
    private readonly connection: AmqpConnection,
    private readonly deadLetters: DeadLetterStore,
    private readonly db: Database,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get('overview')
  async overview(): Promise<Record<string, unknown>> {
    const now = Date.now();
    const openPerQueue = await this.db.query<{ queue: string; n: number }>("SELECT queue, COUNT(*) AS n FROM dead_letters WHERE status = 'open' GROUP BY queue ORDER BY queue");
    return {
      now,
      broker: { connected: this.connection.isConnected, urls: this.config.amqpUrl.split(',').map((u) => redact(u.trim())) },
      heartbeats: { listening: this.tracker.listening, timeoutMs: this.config.heartbeatTimeoutMs, received: this.tracker.received },
      services: this.board.services(now),
      outsideSystems: this.board.outsideSystems(now),
      deadLetters: { ...(await this.deadLetters.counts()), openPerQueue: openPerQueue.map((r) => ({ queue: r.queue, open: Number(r.n) })) },
    };
  }

  @Get('throughput')
  throughput(): Record<string, unknown> {
    return { series: this.board.throughput(Date.now()) };
  }
}
