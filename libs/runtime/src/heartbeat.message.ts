/**
 * The exchange of the bus's operational traffic (topic, durable): heartbeats, ephemeral and non-persistent.
 * Kept off the contract's `lienthong.events`, whose subscribers must see only contract messages.
 */
export const OPS_EXCHANGE = 'lienthong.ops';

/** Routing keys of heartbeats on `lienthong.ops`: `heartbeat.<service>`. */
export const HEARTBEAT_ROUTING_PREFIX = 'heartbeat.';

/** Binding that receives every service's heartbeats. */
export const HEARTBEAT_BINDING = 'heartbeat.#';

/** Transport counters carried by a heartbeat, so a dashboard can chart each hop's throughput without scraping. */
export interface HeartbeatStats {
  readonly consumed: number;
  readonly handled: number;
  readonly deadLettered: number;
  readonly retried: number;
  readonly rejected: number;
  readonly published: number;
}

/** Hops one heartbeat carries at most (the messaging library records at most as many per service). */
export const MAX_HEARTBEAT_HOPS = 64;

/**
 * One hop's cumulative figures since the instance started. A message hop is one message type arriving at
 * this service (`dossier.status-changed → postal-adapter`): `ok` handled, `failed` rejected or dead-lettered,
 * latency from the producer's send to the effect committed here. A call hop is this service calling an
 * outside system (`ioffice-adapter → iOffice`): `ok` and `failed` calls, latency the call's duration.
 */
export interface HeartbeatHop {
  readonly hop: string;
  readonly kind: 'message' | 'call';
  readonly ok: number;
  readonly failed: number;
  /** Latency observations per bucket of `HeartbeatHops.boundsMs` (one more: above the last bound), and their sum. */
  readonly buckets: readonly number[];
  readonly sumMs: number;
}

/** The per-hop latency histograms of one instance, so a dashboard can chart throughput and latency per hop. */
export interface HeartbeatHops {
  /** Upper bounds (ms) of the latency buckets. */
  readonly boundsMs: readonly number[];
  readonly hops: readonly HeartbeatHop[];
}

/**
 * What one service instance announces every couple of seconds (ephemeral, non-persistent): who it is,
 * whether it is ready, and the state of each readiness check. `stopping` is sent once on a clean shutdown,
 * so a dashboard can show the instance as stopped at once instead of waiting for the heartbeat to go stale.
 */
export interface Heartbeat {
  readonly service: string;
  /** `hostname:pid`: several instances of one service are told apart by it. */
  readonly instance: string;
  readonly version: string;
  /** Epoch ms the process started. */
  readonly startedAt: number;
  /** Epoch ms this heartbeat was built. */
  readonly at: number;
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
  /** Details of checks that gave any (circuit state, last failure…), each at most a few hundred bytes. */
  readonly details?: Readonly<Record<string, Record<string, unknown>>>;
  readonly stats?: HeartbeatStats;
  readonly hops?: HeartbeatHops;
  /** The queues this service consumes and retries on, so a dashboard can check their depth without the management API. */
  readonly queues?: readonly string[];
  readonly stopping?: boolean;
}

/** The heartbeat in `content`, or undefined when it is not one (anyone may publish on the exchange). */
export function parseHeartbeat(content: Buffer): Heartbeat | undefined {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const h = value as Record<string, unknown>;
  const ok =
    typeof h.service === 'string' &&
    /^[a-z0-9][a-z0-9._-]{0,63}$/i.test(h.service) &&
    typeof h.instance === 'string' &&
    h.instance.length <= 200 &&
    typeof h.version === 'string' &&
    typeof h.startedAt === 'number' &&
    typeof h.at === 'number' &&
    typeof h.ready === 'boolean' &&
    h.checks !== null &&
    typeof h.checks === 'object' &&
    Object.values(h.checks as object).every((v) => v === 'up' || v === 'down') &&
    (h.queues === undefined ||
      (Array.isArray(h.queues) && h.queues.length <= 50 && h.queues.every((q) => typeof q === 'string' && q.length <= 255)));
  if (!ok) return undefined;
  // Hops the dashboard cannot read are dropped, not the heartbeat: the instance still shows as alive.
  if (h.hops !== undefined && !isHeartbeatHops(h.hops)) delete h.hops;
  return value as Heartbeat;
}

function isHeartbeatHops(value: unknown): value is HeartbeatHops {
  if (value === null || typeof value !== 'object') return false;
  const { boundsMs, hops } = value as Record<string, unknown>;
  const count = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (!Array.isArray(boundsMs) || boundsMs.length === 0 || boundsMs.length > 50 || !boundsMs.every(count)) return false;
  if (!Array.isArray(hops) || hops.length > MAX_HEARTBEAT_HOPS) return false;
  return hops.every((hop: unknown) => {
    if (hop === null || typeof hop !== 'object') return false;
    const x = hop as Record<string, unknown>;
    return (
      typeof x.hop === 'string' &&
      x.hop.length <= 200 &&
      (x.kind === 'message' || x.kind === 'call') &&
      count(x.ok) &&
      count(x.failed) &&
      count(x.sumMs) &&
      Array.isArray(x.buckets) &&
      x.buckets.length === boundsMs.length + 1 &&
      x.buckets.every(count)
    );
  });
}
