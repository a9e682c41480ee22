import * as amqp from 'amqplib';

/** One `dossier.status-changed` as it went over the bus. */
export interface Announcement {
  readonly messageId: string;
  readonly dossierCode: string;
  readonly stage: string;
  readonly occurredAt?: string;
  readonly at: number;
}

const WATCH_QUEUE = 'faults.watch';

/**
 * Every `dossier.status-changed` the bus publishes, as an outside subscriber sees it: a durable queue of the
 * harness's own bound to `lienthong.events`, re-attached after a broker restart or a closed connection (so that
 * infrastructure faults do not blind it). Keeps every delivery; `byMessageId` collapses redeliveries of one message.
 */
export class BusWatch {
  readonly announcements: Announcement[] = [];
  private readonly seen = new Set<string>();
  private model: amqp.ChannelModel | undefined;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly urls: string[]) {}

  static async start(amqpUrl: string): Promise<BusWatch> {
    const watch = new BusWatch(amqpUrl.split(',').map((u) => u.trim()));
    await watch.attach(0);
    return watch;
  }

  /** The latest stage announced for each dossier. */
  latest(): Map<string, string> {
    const out = new Map<string, string>();
    for (const a of this.announcements) out.set(a.dossierCode, a.stage);
    return out;
  }

  /** When the last announcement arrived (0 if none). */
  lastAt(): number {
    return this.announcements.at(-1)?.at ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const model = this.model;
    this.model = undefined;
    if (model) {
      const channel = await model.createChannel().catch(() => undefined);
      await channel?.deleteQueue(WATCH_QUEUE).catch(() => undefined);
      await model.close().catch(() => undefined);
    }
  }

  private async attach(attempt: number): Promise<void> {
    const url = this.urls[attempt % this.urls.length];
    const model = await amqp.connect(url, { clientProperties: { connection_name: 'lienthong-faults-watch' } });
    model.on('error', () => undefined);
    model.on('close', () => {
      if (this.model === model) this.model = undefined;
      if (!this.closed) this.reattach(attempt + 1);
    });
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    await channel.assertExchange('lienthong.events', 'topic', { durable: true });
    await channel.assertQueue(WATCH_QUEUE, { durable: true });
    await channel.bindQueue(WATCH_QUEUE, 'lienthong.events', 'dossier.status-changed');
    await channel.consume(WATCH_QUEUE, (msg) => {
      if (!msg) return;
      channel.ack(msg);
      const id = String(msg.properties.messageId ?? '');
      const key = `${id}`;
      if (id && this.seen.has(key)) return;
      if (id) this.seen.add(key);
      try {
        const body = JSON.parse(msg.content.toString('utf8')) as { dossierCode: string; stage: string; occurredAt?: string };
        this.announcements.push({
          messageId: id,
          dossierCode: body.dossierCode,
          stage: body.stage,
          occurredAt: body.occurredAt,
          at: Date.now(),
        });
      } catch {
        // not JSON: not ours to judge here
      }
    });
    this.model = model;
  }

  private reattach(attempt: number): void {
    this.timer = setTimeout(() => {
      if (this.closed) return;
      this.attach(attempt).catch(() => this.reattach(attempt + 1));
    }, 1000);
  }
}
