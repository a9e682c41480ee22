import { type BusServer, type HistogramSnapshot, LATENCY_BUCKETS_MS } from '@lienthong/messaging';
import type { HealthRegistry } from './health.registry';
import { type HeartbeatHop, type HeartbeatHops, MAX_HEARTBEAT_HOPS } from './heartbeat.message';

/** One hop of this service as the exporters see it: what the heartbeat carries, plus the processing time of message hops. */
export interface HopView extends HeartbeatHop {
  readonly latency: HistogramSnapshot;
  /** Message hops only: batch taken → committed. */
  readonly processing?: HistogramSnapshot;
}

/** `<message type> → <service>`: one message type arriving at one consuming service. */
export const messageHopName = (type: string, service: string): string => `${type} → ${service}`;

/** `<service> → <system>`: one service calling an outside system. */
export const callHopName = (service: string, system: string): string => `${service} → ${system}`;

/**
 * The hops of this service, read at scrape or heartbeat time: the message types its transport consumed,
 * then the outside systems whose calls are tracked; at most `MAX_HEARTBEAT_HOPS`.
 */
export function hopViews(service: string, server: BusServer, registry: HealthRegistry): HopView[] {
  const out: HopView[] = [];
  for (const [type, figures] of server.hops.entries()) {
    const latency = figures.latency.snapshot();
    out.push({
      hop: messageHopName(type, service),
      kind: 'message',
      ok: figures.handled,
      failed: figures.rejected + figures.deadLettered,
      buckets: latency.buckets,
      sumMs: latency.sumMs,
      latency,
      processing: figures.processing.snapshot(),
    });
  }
  for (const [system, stats] of registry.calls()) {
    const latency = stats.durations.snapshot();
    out.push({
      hop: callHopName(service, system),
      kind: 'call',
      ok: stats.succeeded,
      failed: stats.failed,
      buckets: latency.buckets,
      sumMs: latency.sumMs,
      latency,
    });
  }
  return out.slice(0, MAX_HEARTBEAT_HOPS);
}

/** The heartbeat's `hops`: the views without what only `/metrics` shows. */
export function heartbeatHops(views: readonly HopView[]): HeartbeatHops {
  return {
    boundsMs: LATENCY_BUCKETS_MS,
    hops: views.map(({ hop, kind, ok, failed, buckets, sumMs }) => ({ hop, kind, ok, failed, buckets, sumMs })),
  };
}
