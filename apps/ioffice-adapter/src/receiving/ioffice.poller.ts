import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AmqpConnection, TransientFailure, describeError } from '@lienthong/messaging';
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

/** Packages processed at once within one poll. */
const POLL_CONCURRENCY = 8;

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
    // Packages are processed a few at a time: each one waits for GetEdoc, the broker's confirm and UpdateStatus,
    // and done one by one those waits, not CPU, set the pace. Oldest first, chunk by chunk; within a chunk the
    // orchestrator copes with any order (statuses are trace notes, early events are held).
    for (let i = 0; i < items.length && !this.stopped; i += POLL_CONCURRENCY) {
      const chunk = items.slice(i, i + POLL_CONCURRENCY);
      const results = await Promise.allSettled(chunk.map((item) => this.processor.process(item)));
      let transient = false;
      results.forEach((result, j) => {
        if (result.status === 'fulfilled') return;
        const item = chunk[j];
        this.logger.warn(`package ${item.docId} from ${item.fromOrganId} not processed, retried at the next poll: ${describeError(result.reason)}`);
        this.lastPoll = { at, listed: items.length, error: `${item.docId}: ${describeError(result.reason)}` };
        transient ||= result.reason instanceof TransientFailure;
      });
      if (transient) return;
    }
  }
}
