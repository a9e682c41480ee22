import { quantileMs } from '@lienthong/messaging';
import type { Heartbeat, HeartbeatHop } from '@lienthong/runtime';

/** One hop over the last hour, one entry per minute (oldest first, as `HopsView.minutes`). */
export interface HopSeriesView {
  readonly hop: string;
  readonly kind: 'message' | 'call';
  /** Messages handled (calls that succeeded) per minute. */
  readonly ok: number[];
  /** Messages rejected or dead-lettered (calls that failed) per minute. */
  readonly failed: number[];
  /** Latency percentiles per minute, estimated from the buckets; null in a minute without a timed message. */
  readonly p50Ms: (number | null)[];
  readonly p95Ms: (number | null)[];
  /** The whole hour. */
  readonly hour: {
    readonly ok: number;
    readonly failed: number;
    readonly timed: number;
    readonly meanMs: number | null;
    readonly p50Ms: number | null;
    readonly p95Ms: number | null;
  };
}

export interface HopsView {
  /** Start (epoch ms) of each minute of the last hour, oldest first. */
  readonly minutes: number[];
  readonly hops: HopSeriesView[];
}

interface Minute {
  ok: number;
  failed: number;
  sumMs: number;
  buckets: number[];
}

interface Tracked {
  kind: 'message' | 'call';
  boundsMs: readonly number[];
  perMinute: Map<number, Minute>;
}

const MINUTE = 60_000;
const HOUR_MINUTES = 60;
/** Hops kept at most: anyone who may publish on the exchange can send heartbeats. */
const MAX_HOPS = 256;

/**
 * Per-minute throughput and latency of every hop over the last hour, from the cumulative per-hop histograms
 * in heartbeats: each heartbeat adds its difference to the one before from the same instance. A restarted
 * process (new start time, or counters that went down) starts from zero, so all it reports happened since
 * its start and counts whole; so does the first heartbeat of a process that started after the console began
 * listening. Several instances of one service add up. In memory: the series restart with the console.
 */
export class HopSeries {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly listeningSince: number) {}

  /** Adds what `current` reports beyond `previous` (the instance's heartbeat before, if known). */
  observe(previous: Heartbeat | undefined, current: Heartbeat, receivedAt: number): void {
    const now = current.hops;
    if (!now) return;
    const restarted = previous !== undefined && previous.startedAt !== current.startedAt;
    const comparable = previous?.hops !== undefined && !restarted && sameBounds(previous.hops.boundsMs, now.boundsMs);
    // Without a comparable heartbeat before, the counters cover unknown time, unless they started after we began listening.
    const startedSinceListening = current.at - current.startedAt <= receivedAt - this.listeningSince;
    if (!comparable && !restarted && !startedSinceListening) return;
    const before = new Map<string, HeartbeatHop>(comparable ? previous.hops.hops.map((h) => [h.hop, h]) : []);
    const minute = Math.floor(receivedAt / MINUTE) * MINUTE;
    for (const hop of now.hops) {
      const delta = difference(before.get(hop.hop), hop);
      if (delta.ok === 0 && delta.failed === 0 && delta.timed === 0) continue;
      const series = this.seriesOf(hop, now.boundsMs);
      if (!series) continue;
      const bucket = series.perMinute.get(minute) ?? {
        ok: 0,
        failed: 0,
        sumMs: 0,
        buckets: new Array<number>(now.boundsMs.length + 1).fill(0),
      };
      bucket.ok += delta.ok;
      bucket.failed += delta.failed;
      bucket.sumMs += delta.sumMs;
      delta.buckets.forEach((n, i) => (bucket.buckets[i] += n));
      series.perMinute.set(minute, bucket);
    }
    this.prune(minute);
  }

  view(now: number): HopsView {
    const current = Math.floor(now / MINUTE) * MINUTE;
    this.prune(current);
    const minutes = Array.from({ length: HOUR_MINUTES }, (_, i) => current - (HOUR_MINUTES - 1 - i) * MINUTE);
    const hops = [...this.tracked.entries()]
      .map(([hop, t]): HopSeriesView => {
        const perMinute = minutes.map((m) => t.perMinute.get(m));
        const hour: Minute = { ok: 0, failed: 0, sumMs: 0, buckets: new Array<number>(t.boundsMs.length + 1).fill(0) };
        for (const m of perMinute) {
          if (!m) continue;
          hour.ok += m.ok;
          hour.failed += m.failed;
          hour.sumMs += m.sumMs;
          m.buckets.forEach((n, i) => (hour.buckets[i] += n));
        }
        const timed = hour.buckets.reduce((a, b) => a + b, 0);
        const q = (m: Minute | undefined, p: number): number | null => (m ? rounded(quantileMs(m.buckets, p, t.boundsMs)) : null);
        return {
          hop,
          kind: t.kind,
          ok: perMinute.map((m) => m?.ok ?? 0),
          failed: perMinute.map((m) => m?.failed ?? 0),
          p50Ms: perMinute.map((m) => q(m, 0.5)),
          p95Ms: perMinute.map((m) => q(m, 0.95)),
          hour: {
            ok: hour.ok,
            failed: hour.failed,
            timed,
            meanMs: timed > 0 ? rounded(hour.sumMs / timed) : null,
            p50Ms: q(hour, 0.5),
            p95Ms: q(hour, 0.95),
          },
        };
      })
      .sort((a, b) => a.hop.localeCompare(b.hop));
    return { minutes, hops };
  }

  private seriesOf(hop: HeartbeatHop, boundsMs: readonly number[]): Tracked | undefined {
    let series = this.tracked.get(hop.hop);
    // Other buckets (a new version of the service) cannot be added to the old ones: start the hop afresh.
    if (series && !sameBounds(series.boundsMs, boundsMs)) this.tracked.delete(hop.hop);
    series = this.tracked.get(hop.hop);
    if (series) return series;
    if (this.tracked.size >= MAX_HOPS) return undefined;
    series = { kind: hop.kind, boundsMs: [...boundsMs], perMinute: new Map() };
    this.tracked.set(hop.hop, series);
    return series;
  }

  private prune(currentMinute: number): void {
    for (const [hop, t] of this.tracked) {
      for (const m of t.perMinute.keys()) if (m <= currentMinute - HOUR_MINUTES * MINUTE) t.perMinute.delete(m);
      if (t.perMinute.size === 0) this.tracked.delete(hop);
    }
  }
}

/** What happened between two cumulative readings of one hop; a reading that went down was a reset, so it counts whole. */
function difference(
  before: HeartbeatHop | undefined,
  after: HeartbeatHop,
): { ok: number; failed: number; sumMs: number; timed: number; buckets: number[] } {
  const reset =
    before !== undefined &&
    (after.ok < before.ok || after.failed < before.failed || after.buckets.some((n, i) => n < (before.buckets[i] ?? 0)));
  const base = before && !reset ? before : undefined;
  const buckets = after.buckets.map((n, i) => n - (base?.buckets[i] ?? 0));
  return {
    ok: after.ok - (base?.ok ?? 0),
    failed: after.failed - (base?.failed ?? 0),
    sumMs: Math.max(0, after.sumMs - (base?.sumMs ?? 0)),
    timed: buckets.reduce((a, b) => a + b, 0),
    buckets,
  };
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function rounded(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 10) / 10;
}
