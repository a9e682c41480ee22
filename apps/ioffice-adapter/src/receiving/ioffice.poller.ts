import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AmqpConnection, describeError } from '@lienthong/messaging';
import { DmsPort } from '../dms/dms.port';
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
 * Pulls what iOffice holds for the Center every `IOFFICE_POLL_MS` (the bus is the SOAP client; there are no
 * callbacks), oldest first, one package at a time. Does nothing while the circuit is open or the broker is
 * unreachable (a package is acknowledged only after its message is confirmed). A transient
 * failure ends the round, so that packages about one document are never taken out of order.
 */
@Injectable()
export class IofficePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IofficePoller');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
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

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.config.pollMs);
  }

  /** One round: list, then process each package in order. */
  async pollOnce(): Promise<void> {
    const at = new Date().toISOString();
    const health = this.dms.health();
    if (!health.available) {
      this.lastPoll = { at, listed: 0, skipped: `iOffice unavailable (circuit ${String(health.details.circuit ?? 'open')})` };
      return;
    }
    if (!this.broker.isConnected) {
      this.lastPoll = { at, listed: 0, skipped: 'not connected to RabbitMQ' };
      return;
    }
    let items;
    try {
      items = await this.dms.receivedList(this.organs.center.organId, this.config.pollMaxItems);
    } catch (error) {
      this.lastPoll = { at, listed: 0, error: describeError(error) };
      this.logger.warn(`GetReceivedEdocList failed, next poll in ${this.config.pollMs} ms: ${describeError(error)}`);
      return;
    }
    this.lastPoll = { at, listed: items.length };
    // One lane per sending department, in parallel; in order within a lane. Each package waits for GetEdoc, the
    // broker's confirm and UpdateStatus, and done one by one across departments those waits set the pace; within
    // a department the order is kept, so each document's statuses are announced in the order iOffice gave them.
    const lanes = new Map<string, typeof items>();
    for (const item of items) lanes.set(item.fromOrganId, [...(lanes.get(item.fromOrganId) ?? []), item]);
    await Promise.all(
      [...lanes.values()].map(async (lane) => {
        for (const item of lane) {
          if (this.stopped) return;
          try {
            await this.processor.process(item);
          } catch (error) {
            this.logger.warn(`package ${item.docId} from ${item.fromOrganId} not processed, retried at the next poll: ${describeError(error)}`);
            this.lastPoll = { at, listed: items.length, error: `${item.docId}: ${describeError(error)}` };
            return; // the rest of this department's packages wait for the next poll, keeping their order
          }
        }
      }),
    );
  }
}
