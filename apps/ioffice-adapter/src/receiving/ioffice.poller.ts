import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AmqpConnection, describeError } from '@lienthong/messaging';
import { DmsPort, type DmsReceivedPackage } from '../dms/dms.port';
import { AdapterConfig } from '../ioffice-adapter.config';
import { OrganDirectory } from '../organ.directory';
import { ReceivedPackageProcessor } from './received-package.processor';

/** The last poll, for readiness details. */
export interface PollReport {
  at: string;
  listed: number;
  error?: string;
  skipped?: string;
}

/**
 * Pulls what iOffice holds for the Center every `IOFFICE_POLL_MS` (at once again while it lists full pages) (the bus is the SOAP client; there are no
 * callbacks), oldest first, in order per sending department. Does nothing while the circuit is open or the broker is
 * unreachable (a package is acknowledged only after its message is confirmed). A transient
 * failure ends the round, so that packages about one document are never taken out of order.
 */
@Injectable()
export class IofficePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IofficePoller');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private started = false;
  private stopped = false;
  lastPoll: PollReport | undefined;

  constructor(
    private readonly dms: DmsPort,
    private readonly processor: ReceivedPackageProcessor,
    private readonly organs: OrganDirectory,
    private readonly config: AdapterConfig,
    private readonly broker: AmqpConnection,
  ) {}

  /** Hybrid Nest apps call bootstrap hooks twice (HTTP and microservice): start once. */
  onApplicationBootstrap(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.logger.log(`polling iOffice for organ ${this.organs.center.organId} every ${this.config.pollMs} ms (${this.config.iofficeUrl})`);
    this.schedule();
  }

  /** Stops polling and waits for the round in progress. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** The next round after `pollMs`, or at once when the last round took a full page without a failure (more are waiting). */
  private schedule(delayMs = this.config.pollMs): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      let more = false;
      this.running = this.pollOnce()
        .then((round) => (more = round.listed >= this.config.pollMaxItems && round.complete))
        .finally(() => {
          this.running = undefined;
          this.schedule(more ? 0 : this.config.pollMs);
        });
    }, delayMs);
  }

  /** One round: list, then take each package in order; says how many were listed and whether every one was taken. */
  async pollOnce(): Promise<{ listed: number; complete: boolean }> {
    const at = new Date().toISOString();
    const health = this.dms.health();
    if (!health.available) {
      this.lastPoll = { at, listed: 0, skipped: `iOffice unavailable (circuit ${String(health.details.circuit ?? 'open')})` };
      return { listed: 0, complete: false };
    }
    if (!this.broker.isConnected) {
      this.lastPoll = { at, listed: 0, skipped: 'not connected to RabbitMQ' };
      return { listed: 0, complete: false };
    }
    let items;
    try {
      items = await this.dms.receivedList(this.organs.center.organId, this.config.pollMaxItems);
    } catch (error) {
      this.lastPoll = { at, listed: 0, error: describeError(error) };
      this.logger.warn(`GetReceivedEdocList failed, next poll in ${this.config.pollMs} ms: ${describeError(error)}`);
      return { listed: 0, complete: false };
    }
    this.lastPoll = { at, listed: items.length };
    // One lane per sending department, in parallel; in order within a lane, so each document's statuses are
    // announced in the order iOffice gave them. Within a lane only the commits are in order: GetEdoc is asked a few
    // packages ahead, and each package's wait for the broker's confirm and its UpdateStatus run while the next
    // package is taken. Done one by one, those round trips set the pace, not the work.
    const lanes = new Map<string, DmsReceivedPackage[]>();
    for (const item of items) lanes.set(item.fromOrganId, [...(lanes.get(item.fromOrganId) ?? []), item]);
    const complete = await Promise.all([...lanes.values()].map((lane) => this.takeLane(lane, at, items.length)));
    return { listed: items.length, complete: complete.every(Boolean) };
  }

  /** Takes one department's packages in order; false when it stopped early (a failure, or shutting down). */
  private async takeLane(lane: readonly DmsReceivedPackage[], at: string, listed: number): Promise<boolean> {
    const fetches: Array<Promise<Buffer>> = [];
    const fetchUpTo = (end: number): void => {
      for (let i = fetches.length; i < Math.min(end, lane.length); i++) {
        const fetched = this.processor.fetch(lane[i]);
        fetched.catch(() => undefined); // awaited (and its failure handled) by take, unless the lane stopped before it
        fetches.push(fetched);
      }
    };
    const acknowledgements: Array<Promise<boolean>> = [];
    for (let i = 0; i < lane.length && !this.stopped; i++) {
      fetchUpTo(i + 1 + this.config.fetchAhead);
      const item = lane[i];
      try {
        const taken = await this.processor.take(item, fetches[i]);
        acknowledgements.push(
          taken.acknowledged.then(
            (outcome) => outcome !== 'awaiting-confirm',
            (error: unknown) => {
              // The effect is committed; only iOffice's acknowledgement is missing. The package is listed again and
              // acknowledged at a later poll, without a second effect.
              this.logger.warn(
                `package ${item.docId} from ${item.fromOrganId} taken but not acknowledged, acknowledged at the next poll: ${describeError(error)}`,
              );
              return false;
            },
          ),
        );
      } catch (error) {
        this.logger.warn(`package ${item.docId} from ${item.fromOrganId} not processed, retried at the next poll: ${describeError(error)}`);
        this.lastPoll = { at, listed, error: `${item.docId}: ${describeError(error)}` };
        await Promise.all(acknowledgements);
        return false; // the rest of this department's packages wait for the next poll, keeping their order
      }
    }
    const acknowledged = await Promise.all(acknowledgements);
    return !this.stopped && acknowledged.every(Boolean);
  }
}
