import { Controller, Get } from '@nestjs/common';
import { Database } from '@lienthong/persistence';
import { QueueMonitor, type QueueSnapshot } from './queue.monitor';

/** Queues: depth, rates and consumers (management API or AMQP fallback), with open dead letters per queue. */
@Controller('api')
export class QueuesController {
  constructor(
    private readonly monitor: QueueMonitor,
    private readonly db: Database,
  ) {}

  @Get('queues')
  async queues(): Promise<QueueSnapshot & { deadLetters: Record<string, number> }> {
    const snapshot = await this.monitor.snapshot();
    const rows = await this.db.query<{ queue: string; n: number }>(
      "SELECT queue, COUNT(*) AS n FROM dead_letters WHERE status = 'open' GROUP BY queue",
    );
    return { ...snapshot, deadLetters: Object.fromEntries(rows.map((r) => [r.queue, Number(r.n)])) };
  }
}
