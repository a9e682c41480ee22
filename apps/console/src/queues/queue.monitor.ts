import type { Channel } from 'amqplib';
import { type AmqpConnection, describeError, messagingOptionsFromEnv, queueNameOf, retryQueueName } from '@lienthong/messaging';

/** One queue of the bus. Rates (messages/s) only come from the management API. */
export interface QueueRow {
  readonly name: string;
  /** The bus service the queue belongs to, when it is one of the `lienthong.<service>[.retry…]` queues. */
  readonly service?: string;
  readonly kind: 'service' | 'retry' | 'other';
  readonly exists: boolean;
  readonly messages: number | null;
  readonly ready?: number;
  readonly unacked?: number;
  readonly consumers: number | null;
  readonly publishRate?: number;
  readonly deliverRate?: number;
  readonly ackRate?: number;
}

export interface QueueSnapshot {
  /** `management`: the RabbitMQ management API answered; `amqp`: passive declarations of the known queues (depth and consumers only). */
  readonly source: 'management' | 'amqp';
  readonly at: number;
  readonly queues: QueueRow[];
  /** Why the management API was not used, when it is configured but did not answer. */
  readonly managementError?: string;
}

const CACHE_MS = 2_000;
const TIMEOUT_MS = 2_000;

interface ManagementQueue {
  name: string;
  messages?: number;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
  message_stats?: { publish_details?: { rate?: number }; deliver_get_details?: { rate?: number }; ack_details?: { rate?: number } };
}

/**
 * Depths, rates and consumers of the bus's queues: from the RabbitMQ management API when it is enabled, else
 * by passively declaring (`checkQueue`) the queues of every known service over AMQP, which still gives depth
 * and consumer count. Cached briefly so that several open dashboards do not multiply the load.
 */
export class QueueMonitor {
  private cached: { at: number; value: Promise<QueueSnapshot> } | undefined;
  private readonly probed = new Map<string, { at: number; value: Promise<QueueRow> }>();
  private channel: Channel | undefined;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly options: { managementUrl?: string; amqpUrl: string },
    /** Queues the AMQP fallback checks (see `knownQueues`). */
    private readonly queues: () => readonly string[],
  ) {}

  snapshot(now = Date.now()): Promise<QueueSnapshot> {
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.value;
    const value = this.read(now);
    this.cached = { at: now, value };
    value.catch(() => (this.cached = undefined));
    return value;
  }

  /** One queue by passive declaration (depth, consumers), whoever owns it; cached briefly like `snapshot`. */
  probe(name: string, now = Date.now()): Promise<QueueRow> {
    const cached = this.probed.get(name);
    if (cached && now - cached.at < CACHE_MS) return cached.value;
    const value = this.check(name);
    this.probed.set(name, { at: now, value });
    return value;
  }

  async close(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }

  private async read(now: number): Promise<QueueSnapshot> {
    let managementError: string | undefined;
    if (this.options.managementUrl) {
      try {
        return { source: 'management', at: now, queues: await this.fromManagement(this.options.managementUrl) };
      } catch (error) {
        managementError = describeError(error);
      }
    }
    return { source: 'amqp', at: now, queues: await this.fromAmqp(), ...(managementError ? { managementError } : {}) };
  }

  private async fromManagement(base: string): Promise<QueueRow[]> {
    const url = new URL(base);
    const auth = url.username
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined;
    url.username = '';
    url.password = '';
    const vhost = vhostOf(this.options.amqpUrl);
    const columns =
      'name,messages,messages_ready,messages_unacknowledged,consumers,message_stats.publish_details.rate,message_stats.deliver_get_details.rate,message_stats.ack_details.rate';
    const response = await fetch(
      `${url.origin}${url.pathname.replace(/\/$/, '')}/api/queues/${encodeURIComponent(vhost)}?columns=${columns}`,
      {
        headers: auth ? { authorization: auth } : {},
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
    );
    if (!response.ok) throw new Error(`management API answered ${response.status} ${response.statusText}`);
    const list = (await response.json()) as ManagementQueue[];
    return list
      .filter((q) => q.name.startsWith('lienthong.'))
      .map((q) => ({
        ...classify(q.name),
        exists: true,
        messages: q.messages ?? 0,
        ready: q.messages_ready ?? 0,
        unacked: q.messages_unacknowledged ?? 0,
        consumers: q.consumers ?? 0,
        publishRate: q.message_stats?.publish_details?.rate ?? 0,
        deliverRate: q.message_stats?.deliver_get_details?.rate ?? 0,
        ackRate: q.message_stats?.ack_details?.rate ?? 0,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async fromAmqp(): Promise<QueueRow[]> {
    const rows: QueueRow[] = [];
    for (const name of [...new Set(this.queues())].sort()) rows.push(await this.check(name));
    return rows;
  }

  /** Passive declaration: never creates a queue. A missing queue closes the channel (404), so a new one is opened next time. */
  private async check(name: string): Promise<QueueRow> {
    try {
      const channel = await this.open();
      const ok = await channel.checkQueue(name);
      return { ...classify(name), exists: true, messages: ok.messageCount, consumers: ok.consumerCount };
    } catch {
      this.channel = undefined;
      return { ...classify(name), exists: false, messages: null, consumers: null };
    }
  }

  private async open(): Promise<Channel> {
    if (this.channel) return this.channel;
    const channel = await this.connection.current().createChannel();
    channel.on('error', () => undefined); // a 404 on checkQueue closes the channel; expected
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    this.channel = channel;
    return channel;
  }
}

/**
 * The queues to check without the management API: those each service announces in its heartbeats, and for
 * services never heard of, the names they would have with the default retry delays.
 */
export function knownQueues(services: readonly string[], announced: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const service of services) {
    const queues = announced.get(service);
    if (queues) out.push(...queues);
    else {
      const queue = queueNameOf(service);
      out.push(queue, ...messagingOptionsFromEnv(service, {}).retryDelaysMs.map((d, i) => retryQueueName(queue, i, d)));
    }
  }
  return out;
}

/** `lienthong.orchestrator` → service queue of orchestrator; `lienthong.orchestrator.retry.2.5s` → its retry queue. */
export function classify(name: string): Pick<QueueRow, 'name' | 'service' | 'kind'> {
  const match = /^lienthong\.([^.]+)(\.retry\.\d+\..+)?$/.exec(name);
  if (!match) return { name, kind: 'other' };
  return { name, service: match[1], kind: match[2] ? 'retry' : 'service' };
}

/** The virtual host of an AMQP URL (`/` when none is given). */
export function vhostOf(amqpUrl: string): string {
  const first = amqpUrl.split(',')[0].trim();
  try {
    const path = new URL(first).pathname;
    return path.length > 1 ? decodeURIComponent(path.slice(1)) : '/';
  } catch {
    return '/';
  }
}
