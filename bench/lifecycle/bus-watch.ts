import * as amqp from 'amqplib';
import { EXCHANGE, INTERNAL_EXCHANGE } from '@lienthong/contracts';
import type { RecordedMessage, SkeletonPlan } from './skeleton-plan';

/** A queue of the benchmark's own, bound to `#` on both bus exchanges: it sees every message of the run once. */
async function openWatch(
  amqpUrl: string,
  onMessage: (msg: amqp.ConsumeMessage) => void,
): Promise<{ queue: string; close: () => Promise<void> }> {
  const model = await amqp.connect(amqpUrl);
  const channel = await model.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  for (const exchange of [EXCHANGE, INTERNAL_EXCHANGE]) {
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.bindQueue(queue, exchange, '#');
  }
  await channel.consume(queue, (msg) => msg && onMessage(msg), { noAck: true });
  return { queue, close: () => model.close() };
}

const LATE = new Set(['AWAITING_HANDOVER', 'HANDOVER_DISPATCHED', 'HANDOVER_DELIVERED', 'ARCHIVED']);

/**
 * Watches the real flow: records every message (once per message_id, in arrival order) for the skeleton, follows
 * each dossier's stage, and resolves `archived` when `n` dossiers are ARCHIVED. With `record` false (a soak: millions of
 * messages) it keeps only each dossier's stage and times, and `messages()` is empty.
 */
export async function recordFlow(amqpUrl: string, n: number, record = true) {
  const recorded: RecordedMessage[] = [];
  const seen = new Set<string>();
  const receivedAt = new Map<string, number>();
  const archivedAt = new Map<string, number>();
  const latest = new Map<string, string>();
  const handover = new Set<string>();
  let lastArchivedIndex = -1;
  let resolveArchived!: (at: number) => void;
  const archived = new Promise<number>((resolve) => (resolveArchived = resolve));
  const watch = await openWatch(amqpUrl, (msg) => {
    const p = msg.properties;
    const id = String(p.messageId ?? '');
    if (!id || archivedAt.size >= n) return;
    if (record) {
      if (seen.has(id)) return;
      seen.add(id);
    } else if (msg.fields.routingKey !== 'dossier.status-changed') return;
    const message: { -readonly [K in keyof RecordedMessage]: RecordedMessage[K] } = {
      id,
      exchange: msg.fields.exchange,
      routingKey: msg.fields.routingKey,
      size: msg.content.length,
      properties: {
        messageId: id,
        type: p.type,
        correlationId: p.correlationId,
        timestamp: p.timestamp,
        appId: p.appId,
        contentType: p.contentType,
        contentEncoding: p.contentEncoding,
        headers: p.headers,
      },
    };
    if (msg.fields.routingKey === 'dossier.status-changed') {
      const body = JSON.parse(msg.content.toString('utf8')) as { dossierCode: string; stage: string };
      message.dossierCode = body.dossierCode;
      message.stage = body.stage;
      latest.set(body.dossierCode, body.stage);
      const now = Date.now();
      if (body.stage === 'RECEIVED' && !receivedAt.has(body.dossierCode)) receivedAt.set(body.dossierCode, now);
      if (LATE.has(body.stage)) handover.add(body.dossierCode);
      if (body.stage === 'ARCHIVED' && !archivedAt.has(body.dossierCode)) {
        archivedAt.set(body.dossierCode, now);
        lastArchivedIndex = recorded.length;
        if (archivedAt.size === n) resolveArchived(now);
      }
    }
    if (record) recorded.push(message);
  });
  return {
    queue: watch.queue,
    /** Resolves (with the time) once `n` dossiers are ARCHIVED. */
    archived,
    archivedCount: () => archivedAt.size,
    /** Dossiers at AWAITING_HANDOVER or later. */
    atLeastHandover: () => handover.size,
    /** Dossiers per latest stage, for progress output. */
    byStage: (): string => {
      const counts = new Map<string, number>();
      for (const stage of latest.values()) counts.set(stage, (counts.get(stage) ?? 0) + 1);
      return [...counts].map(([stage, count]) => `${stage} ${count}`).join(', ');
    },
    /** The messages up to the last dossier's ARCHIVED: what the N lifecycles put on the bus. */
    messages: (): RecordedMessage[] => recorded.slice(0, lastArchivedIndex + 1),
    lifecycleTimesMs: (): number[] => [...archivedAt].map(([code, at]) => at - (receivedAt.get(code) ?? at)),
    close: watch.close,
  };
}

/** Watches a skeleton run: resolves `done` when every planned message has arrived; times each lifecycle as the flow's are. */
export async function watchSkeleton(amqpUrl: string, plan: SkeletonPlan) {
  const starts = new Map(plan.lifecycles.map((l) => [l.received, l.dossierCode]));
  const ends = new Map(plan.lifecycles.map((l) => [l.archived, l.dossierCode]));
  const receivedAt = new Map<string, number>();
  const archivedAt = new Map<string, number>();
  const seen = new Set<string>();
  let resolveDone!: (at: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const watch = await openWatch(amqpUrl, (msg) => {
    const id = String(msg.properties.messageId ?? '');
    if (seen.has(id)) return;
    seen.add(id);
    const now = Date.now();
    const started = starts.get(id);
    if (started) receivedAt.set(started, now);
    const ended = ends.get(id);
    if (ended) archivedAt.set(ended, now);
    if (seen.size === plan.messages) resolveDone(now);
  });
  return {
    done,
    seen: () => seen.size,
    archivedCount: () => archivedAt.size,
    lifecycleTimesMs: (): number[] => [...archivedAt].map(([code, at]) => at - (receivedAt.get(code) ?? at)),
    close: watch.close,
  };
}
