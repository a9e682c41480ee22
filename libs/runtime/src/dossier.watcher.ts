import * as amqp from 'amqplib';
import { EXCHANGE, INTERNAL_EXCHANGE } from '@lienthong/contracts';

/** One dossier as seen from the bus's announcements. */
export interface WatchedDossier {
  readonly dossierCode: string;
  readonly stages: string[];
  readonly firstAt: number;
  lastAt: number;
  portalStatus?: number;
}

const FINAL = new Set(['ARCHIVED', 'CLOSED']);

/**
 * Follows the bus from outside, like any subscriber: every `dossier.status-changed` (per dossier, its stages and
 * times), `lienthong.message-rejected`, and the count of all messages the bus carries (`lienthong.events` and
 * `lienthong.internal`). Used by the launcher's live summary and the demo report. Keeps one copy per message_id.
 */
export class DossierWatcher {
  readonly dossiers = new Map<string, WatchedDossier>();
  readonly rejections: Array<{ routingKey: string; reasons: unknown }> = [];
  messages = 0;
  private readonly ids = new Set<string>();
  private model: amqp.ChannelModel | undefined;

  static async start(amqpUrl: string): Promise<DossierWatcher> {
    const watcher = new DossierWatcher();
    watcher.model = await amqp.connect(amqpUrl.split(',')[0].trim(), { clientProperties: { connection_name: 'lienthong-watcher' } });
    const channel = await watcher.model.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const exchange of [EXCHANGE, INTERNAL_EXCHANGE]) {
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await channel.bindQueue(queue, exchange, '#');
    }
    await channel.consume(queue, (msg) => msg && watcher.take(msg), { noAck: true });
    return watcher;
  }

  private take(msg: amqp.ConsumeMessage): void {
    const key = msg.fields.routingKey;
    const id = String(msg.properties.messageId ?? '');
    if (id && this.ids.has(id)) return;
    if (id) this.ids.add(id);
    this.messages++;
    if (key === 'lienthong.message-rejected') {
      const body = JSON.parse(msg.content.toString('utf8')) as { routingKey: string; reasons: unknown };
      this.rejections.push({ routingKey: body.routingKey, reasons: body.reasons });
      return;
    }
    if (key !== 'dossier.status-changed') return;
    const body = JSON.parse(msg.content.toString('utf8')) as { dossierCode: string; stage: string; portalStatus: number };
    const now = Date.now();
    const dossier = this.dossiers.get(body.dossierCode) ?? { dossierCode: body.dossierCode, stages: [], firstAt: now, lastAt: now };
    dossier.stages.push(body.stage);
    dossier.lastAt = now;
    dossier.portalStatus = body.portalStatus;
    this.dossiers.set(body.dossierCode, dossier);
  }

  /** Dossiers per latest stage. */
  byStage(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of this.dossiers.values()) {
      const stage = d.stages.at(-1)!;
      counts.set(stage, (counts.get(stage) ?? 0) + 1);
    }
    return counts;
  }

  finished(dossier: WatchedDossier): boolean {
    return FINAL.has(dossier.stages.at(-1)!);
  }

  async close(): Promise<void> {
    await this.model?.close().catch(() => undefined);
  }
}
