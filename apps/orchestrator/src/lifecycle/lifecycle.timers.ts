import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_ENV, Departments, ORCHESTRATOR_ENV } from '@lienthong/config';
import { BusPublisher, OutboxRelay, describeError } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { ArchiveBatches } from '../archive/archive.batches';
import { HeldEvents } from './held.events';
import { type UnitOfWork, fromPublisher } from './unit-of-work';

/** Local date and time (HH:mm) in the bus's time zone (`TZ`, default Asia/Ho_Chi_Minh). */
export function localClock(now: Date, timeZone = BUS_ENV.TZ.read()): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/**
 * The orchestrator's clock: closes each department's open archive batches at its cutoff (once a day, local
 * time), which requests their dispatch, and rejects held events whose time ran out. Work started here runs in
 * its own transactions.
 */
@Injectable()
export class LifecycleTimers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LifecycleTimers');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly cutoffDone = new Map<string, string>();

  constructor(
    private readonly db: Database,
    private readonly departments: Departments,
    private readonly batches: ArchiveBatches,
    private readonly holds: HeldEvents,
    private readonly publisher: BusPublisher,
    private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = ORCHESTRATOR_ENV.LIFECYCLE_TICK_MS.read();
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round of the clock (also called by tests). */
  tick(now = new Date()): Promise<void> {
    this.running ??= this.round(now).finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Each department's cutoff and each expired held event is a transaction of its own: one that fails is logged
   * and tried again next round, and holds back nothing else. A cutoff counts as done for the day only once its
   * batches are closed (their dispatch is then a step of its own).
   */
  private async round(now: Date): Promise<void> {
    try {
      await this.holds.expire(this.db, (fn) => this.unit(fn));
    } catch (error) {
      this.logger.error(`held events could not be expired, will try again: ${describeError(error)}`);
    }
    const { date, time } = localClock(now);
    for (const department of this.departments.all) {
      if (time < department.archive.cutoff || this.cutoffDone.get(department.agencyCode) === date) continue;
      try {
        let closed = 0;
        await this.unit(async (uow) => {
          closed = await this.batches.closeOpen(uow, department.agencyCode, 'cutoff');
        });
        this.cutoffDone.set(department.agencyCode, date);
        if (closed > 0)
          this.logger.log(`cutoff ${department.archive.cutoff} for ${department.abbreviation}: ${closed} batch(es) to dispatch`);
      } catch (error) {
        this.logger.error(
          `cutoff ${department.archive.cutoff} for ${department.abbreviation} failed, will try again: ${describeError(error)}`,
        );
      }
    }
  }

  private async unit(fn: (uow: UnitOfWork) => Promise<void>): Promise<void> {
    await this.db.transaction((tx) => fn(fromPublisher(tx, this.publisher)));
    this.relay.kick();
  }
}
