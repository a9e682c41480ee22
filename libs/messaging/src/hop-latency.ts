import type { ConsumeMessage } from 'amqplib';
import { EXCHANGE, INTERNAL_EXCHANGE, isMessageType } from '@lienthong/contracts';
import { RETRY_HEADERS } from './pipeline/inbound-message';

/**
 * Header the bus writes on every message it produces: epoch ms when the producing service wrote the
 * message (its outbox row, in the transaction that caused it). Bus-internal like the retry headers, not
 * part of the contract: outside consumers may ignore it; outside producers do not send it.
 */
export const SENT_AT_HEADER = 'x-lienthong-sent-at';

/**
 * Upper bounds (ms, inclusive) of the latency buckets, from a fast in-process hop to a message that waited
 * out the retry queues; one more bucket counts what is slower than the last bound.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000,
];

/** Hops one recorder keeps at most; deliveries of further hops are only counted in `overflow`. */
export const MAX_HOPS = 64;

/** A histogram's cumulative figures: `buckets[i]` counts observations in (bound[i-1], bound[i]]; the last one above every bound. */
export interface HistogramSnapshot {
  readonly count: number;
  readonly sumMs: number;
  readonly buckets: readonly number[];
}

/**
 * A fixed-bucket histogram of durations in ms. Observing is a short scan over a preallocated array: it
 * runs per message on the consume path, so it allocates nothing.
 */
export class LatencyHistogram {
  count = 0;
  sumMs = 0;
  private readonly counts = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);

  observe(ms: number): void {
    // A producer's clock ahead of ours would give a negative latency: it is at most "no time at all".
    const value = ms > 0 ? ms : 0;
    let i = 0;
    while (i < LATENCY_BUCKETS_MS.length && value > LATENCY_BUCKETS_MS[i]) i++;
    this.counts[i]++;
    this.count++;
    this.sumMs += value;
  }

  snapshot(): HistogramSnapshot {
    return { count: this.count, sumMs: Math.round(this.sumMs), buckets: [...this.counts] };
  }
}

/**
 * The `q`-quantile (0..1) of a histogram's bucket counts, interpolated linearly inside its bucket as
 * Prometheus's `histogram_quantile` does (the first bucket starts at 0). Falls in the last bucket (above
 * every bound): the last bound, a lower limit. Null without observations.
 */
export function quantileMs(buckets: readonly number[], q: number, bounds: readonly number[] = LATENCY_BUCKETS_MS): number | null {
  const total = buckets.reduce((sum, n) => sum + n, 0);
  if (total <= 0) return null;
  const rank = Math.min(1, Math.max(0, q)) * total;
  let below = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i];
    if (n > 0 && below + n >= rank) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? null;
      const lower = i === 0 ? 0 : bounds[i - 1];
      return lower + (bounds[i] - lower) * ((rank - below) / n);
    }
    below += n;
  }
  return bounds[bounds.length - 1] ?? null;
}

/** What one consuming service knows of one hop: one message type arriving at it. */
export class HopFigures {
  handled = 0;
  rejected = 0;
  deadLettered = 0;
  /** Dead letters replayed by an operator: counted apart, they say nothing about the producer or the hop's speed. */
  replayed = 0;
  /** Epoch ms of the last handled (rejected) delivery, 0 when none. */
  lastHandledAt = 0;
  lastRejectedAt = 0;
  /** Producer's send (outbox write) → effect committed here. Includes any retry delays the message waited out. */
  readonly latency = new LatencyHistogram();
  /** Batch taken from the queue → batch committed here: decoding, handling and the commit. */
  readonly processing = new LatencyHistogram();
}

/** How a delivery ended, once its batch committed (the transport's settlement outcomes). */
export type DeliveryOutcome = 'handled' | 'duplicate' | 'rejected' | 'dead-lettered';

/**
 * Per-hop figures of one consuming service, keyed by message type, recorded by the transport as each
 * delivery's outcome becomes final. Latency is measured from the producer's `x-lienthong-sent-at` header
 * (ms), else from the AMQP `timestamp` (whole seconds; for outside producers the time the fact happened);
 * a message with neither is counted but not timed. Cheap by design: a map lookup, a few increments and two
 * bucket scans per delivery; exporters read the figures at scrape or heartbeat time.
 */
export class HopLatency {
  private readonly hops = new Map<string, HopFigures>();
  /** Deliveries not recorded because `MAX_HOPS` hops were already known. */
  overflow = 0;

  /** Records a delivery whose outcome is final; `batchStartedAt` is when its batch was taken from the queue. */
  settled(raw: ConsumeMessage, outcome: DeliveryOutcome, now: number, batchStartedAt: number): void {
    if (outcome === 'duplicate') return; // already counted when it first arrived
    // Through an exchange the routing key is one of the queue's bindings; retries come by queue name with `type`.
    const { exchange } = raw.fields;
    const type = exchange === EXCHANGE || exchange === INTERNAL_EXCHANGE ? raw.fields.routingKey : raw.properties.type;
    if (!isMessageType(type)) return; // rejected rubbish must not take up hop slots
    const hop = this.figuresOf(type);
    if (!hop) return;
    const headers = raw.properties.headers;
    if (headers?.[RETRY_HEADERS.replayOf] !== undefined) {
      hop.replayed++;
      return;
    }
    if (outcome === 'rejected') {
      hop.rejected++;
      hop.lastRejectedAt = now;
      return;
    }
    if (outcome === 'dead-lettered') {
      hop.deadLettered++;
      return;
    }
    hop.handled++;
    hop.lastHandledAt = now;
    hop.processing.observe(now - batchStartedAt);
    const sentAt = sentAtOf(raw);
    if (sentAt !== undefined) hop.latency.observe(now - sentAt);
  }

  /** Every hop seen, by message type. */
  entries(): ReadonlyMap<string, HopFigures> {
    return this.hops;
  }

  private figuresOf(type: string): HopFigures | undefined {
    let hop = this.hops.get(type);
    if (hop) return hop;
    if (this.hops.size >= MAX_HOPS) {
      this.overflow++;
      return undefined;
    }
    hop = new HopFigures();
    this.hops.set(type, hop);
    return hop;
  }
}

/** Epoch ms the producer sent `raw`: the bus's own header, else the AMQP timestamp (seconds), else undefined. */
export function sentAtOf(raw: ConsumeMessage): number | undefined {
  const header = raw.properties.headers?.[SENT_AT_HEADER];
  if (typeof header === 'number' && header > 0) return header;
  const timestamp = raw.properties.timestamp as unknown;
  return typeof timestamp === 'number' && timestamp > 0 ? timestamp * 1000 : undefined;
}
