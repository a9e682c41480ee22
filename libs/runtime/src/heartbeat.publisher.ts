import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Channel } from 'amqplib';
import { BUS_ENV } from '@lienthong/config';
import {
  AmqpConnection,
  BusServer,
  MESSAGING_OPTIONS,
  type MessagingOptions,
  OutboxRelay,
  describeError,
  retryQueueName,
} from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { HealthRegistry } from './health.registry';
import { HEARTBEAT_ROUTING_PREFIX, type Heartbeat, OPS_EXCHANGE } from './heartbeat.message';
import { heartbeatHops, hopViews } from './hop.figures';
import { SERVICE_INFO, type ServiceInfo } from './service-info';

/** A check slower than this counts as down: a hung database must not stop the heartbeat itself. */
const CHECK_TIMEOUT_MS = 1_000;
const DETAILS_MAX_CHARS = 400;

/**
 * Announces this instance on the bus every `HEARTBEAT_INTERVAL_MS` (default 2 s): non-persistent messages
 * to `lienthong.ops` (never to the contract's `lienthong.events`) with routing key `heartbeat.<service>`, on a
 * channel of its own (not the outbox: a heartbeat is worth nothing once it is late, so it expires after a few
 * periods instead of queueing).
 * Runs the same checks as `/health/ready` (so registered checks must be cheap: in-memory state, not a call to
 * the outside system), each bounded by a 1 s timeout. On a clean shutdown it sends one last heartbeat marked
 * `stopping`. Also carries the transport counters, the per-hop latency histograms and the service's queue
 * names for the dashboard.
 */
@Injectable()
export class HeartbeatPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Heartbeat');
  private readonly instance = `${hostname()}:${process.pid}`;
  private readonly intervalMs: number;
  private readonly queues: string[];
  private channel: Channel | undefined;
  private opening: Promise<Channel> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private beating = false;
  private stopped = false;
  private readonly onConnected = (): void => void this.beat();

  constructor(
    private readonly connection: AmqpConnection,
    private readonly db: Database,
    private readonly server: BusServer,
    private readonly relay: OutboxRelay,
    private readonly registry: HealthRegistry,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(MESSAGING_OPTIONS) messaging: MessagingOptions,
  ) {
    this.queues = [server.queue, ...messaging.retryDelaysMs.map((delay, level) => retryQueueName(server.queue, level, delay))];
    this.intervalMs = BUS_ENV.HEARTBEAT_INTERVAL_MS.read();
  }

  onApplicationBootstrap(): void {
    this.connection.on('connected', this.onConnected);
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
    void this.beat();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.connection.off('connected', this.onConnected);
    await this.send(await this.build(true)).catch(() => undefined);
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }

  /** The heartbeat this instance would send now. */
  async build(stopping = false): Promise<Heartbeat> {
    const results = await Promise.all([
      this.check('database', async () => (await this.db.ping(), { up: true })),
      this.check('broker', () => ({ up: this.connection.isConnected })),
      this.check('consumer', () => ({ up: this.server.consuming })),
      ...[...this.registry.entries()].map(([name, run]) => this.check(name, run)),
    ]);
    const checks: Record<string, 'up' | 'down'> = {};
    const details: Record<string, Record<string, unknown>> = {};
    for (const r of results) {
      checks[r.name] = r.up ? 'up' : 'down';
      if (r.details) details[r.name] = r.details;
    }
    const s = this.server.stats;
    return {
      service: this.info.service,
      instance: this.instance,
      version: this.info.version,
      startedAt: this.info.startedAt,
      at: Date.now(),
      ready: !stopping && results.every((r) => r.up),
      checks,
      ...(Object.keys(details).length ? { details } : {}),
      stats: {
        consumed: s.consumed,
        handled: s.handled,
        deadLettered: s.deadLettered,
        retried: s.retried,
        rejected: s.rejected,
        published: this.relay.published,
      },
      hops: heartbeatHops(hopViews(this.info.service, this.server, this.registry)),
      queues: this.queues,
      ...(stopping ? { stopping: true } : {}),
    };
  }

  private async beat(): Promise<void> {
    // One beat at a time: a slow check must not pile up beats behind it.
    if (this.beating || this.stopped || !this.connection.isConnected) return;
    this.beating = true;
    try {
      await this.send(await this.build());
    } catch (error) {
      this.logger.debug(`heartbeat not sent: ${describeError(error)}`);
    } finally {
      this.beating = false;
    }
  }

  private async send(heartbeat: Heartbeat): Promise<void> {
    const channel = await this.open();
    const routingKey = `${HEARTBEAT_ROUTING_PREFIX}${heartbeat.service}`;
    channel.publish(OPS_EXCHANGE, routingKey, Buffer.from(JSON.stringify(heartbeat)), {
      messageId: randomUUID(),
      type: routingKey,
      appId: 'lienthong',
      persistent: false,
      contentType: 'application/json',
      // Stale heartbeats are noise: the broker drops them if nobody took them within a few periods.
      expiration: String(this.intervalMs * 3),
      timestamp: Math.floor(heartbeat.at / 1000),
    });
  }

  private open(): Promise<Channel> {
    if (this.channel) return Promise.resolve(this.channel);
    this.opening ??= (async () => {
      const channel = await this.connection.current().createChannel();
      channel.on('error', () => undefined); // followed by 'close'
      channel.on('close', () => {
        if (this.channel === channel) this.channel = undefined;
      });
      await channel.assertExchange(OPS_EXCHANGE, 'topic', { durable: true });
      this.channel = channel;
      return channel;
    })().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async check(
    name: string,
    run: () => { up: boolean; details?: Record<string, unknown> } | Promise<{ up: boolean; details?: Record<string, unknown> }>,
  ): Promise<{ name: string; up: boolean; details?: Record<string, unknown> }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      });
      const result = await Promise.race([Promise.resolve().then(run), timeout]);
      return { name, up: result.up, ...(result.details ? { details: trimmed(result.details) } : {}) };
    } catch (error) {
      return { name, up: false, details: { error: describeError(error).slice(0, DETAILS_MAX_CHARS) } };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Keeps a check's details small: a heartbeat goes out every 2 s from every instance. */
function trimmed(details: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(details);
  if (text === undefined || text.length <= DETAILS_MAX_CHARS) return details;
  const out: Record<string, unknown> = {};
  let used = 2;
  for (const [key, value] of Object.entries(details)) {
    const part = JSON.stringify(value) ?? 'null';
    if (used + key.length + part.length + 4 > DETAILS_MAX_CHARS) continue;
    out[key] = value;
    used += key.length + part.length + 4;
  }
  return out;
}
