import type { Heartbeat, HeartbeatStats } from '@lienthong/runtime';
import { HopSeries, type HopsView } from './hop-series';

/** An instance is `up` (ready), `not-ready`, `stopped` (said so on shutdown) or `dead` (no heartbeat within the timeout). */
export type InstanceState = 'up' | 'not-ready' | 'stopped' | 'dead';
/** A service is `up` (every live instance ready), `degraded` (some), `not-ready` (none), `down` (no live instance) or `missing` (never heard of). */
export type ServiceState = 'up' | 'degraded' | 'not-ready' | 'down' | 'missing';

export interface InstanceView {
  readonly instance: string;
  readonly state: InstanceState;
  readonly version: string;
  readonly startedAt: number;
  readonly uptimeMs: number;
  readonly lastSeenAt: number;
  readonly ageMs: number;
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
  readonly details: Readonly<Record<string, Record<string, unknown>>>;
}

export interface ServiceView {
  readonly service: string;
  readonly state: ServiceState;
  readonly expected: boolean;
  readonly instances: InstanceView[];
}

/** An outside system (a check other than database/broker/consumer), as last reported by a live instance. */
export interface OutsideSystemView {
  readonly name: string;
  readonly state: 'up' | 'down' | 'unknown';
  readonly reportedBy: string;
  readonly lastSeenAt: number;
  readonly details: Record<string, unknown>;
}

/** Messages per minute of one service over the last hour, oldest minute first. */
export interface ThroughputSeries {
  readonly service: string;
  readonly minutes: number[];
  readonly handled: number[];
  readonly deadLettered: number[];
  readonly retried: number[];
  readonly published: number[];
}

const CORE_CHECKS = new Set(['database', 'broker', 'consumer']);
const MINUTE = 60_000;
const HOUR_MINUTES = 60;
/** A dead instance is forgotten after this long when its service has a live one (it was replaced). */
const REPLACED_AFTER_MS = 10 * MINUTE;
const FORGET_AFTER_MS = 24 * 60 * MINUTE;

interface Tracked {
  last: Heartbeat;
  receivedAt: number;
}

type Counter = Exclude<keyof HeartbeatStats, 'consumed' | 'rejected'>;
const COUNTERS: readonly Counter[] = ['handled', 'deadLettered', 'retried', 'published'];

/**
 * What the console knows about the bus's services, from their heartbeats alone. Ages are measured on the
 * console's clock (when a heartbeat arrived), so clock skew between machines does not make a service look dead.
 */
export class ServiceBoard {
  private readonly instances = new Map<string, Tracked>();
  /** service → minute start → counters summed over its instances. */
  private readonly buckets = new Map<string, Map<number, Record<Counter, number>>>();
  private readonly hopSeries: HopSeries;

  constructor(
    private readonly timeoutMs: number,
    private readonly expected: readonly string[],
    /** When the console began listening to heartbeats (epoch ms). */
    listeningSince = Date.now(),
  ) {
    this.hopSeries = new HopSeries(listeningSince);
  }

  observe(heartbeat: Heartbeat, receivedAt: number): void {
    const key = `${heartbeat.service}\u0000${heartbeat.instance}`;
    const previous = this.instances.get(key);
    if (previous && heartbeat.at < previous.last.at) return; // out of order: keep the newer one
    this.instances.set(key, { last: heartbeat, receivedAt });
    if (previous?.last.stats && heartbeat.stats) this.count(heartbeat.service, previous.last.stats, heartbeat.stats, receivedAt);
    this.hopSeries.observe(previous?.last, heartbeat, receivedAt);
  }

  /** Throughput and latency of every hop, per minute over the last hour. */
  hops(now: number): HopsView {
    return this.hopSeries.view(now);
  }

  services(now: number): ServiceView[] {
    this.prune(now);
    const byService = new Map<string, InstanceView[]>();
    for (const name of this.expected) byService.set(name, []);
    for (const t of this.instances.values()) {
      const list = byService.get(t.last.service) ?? [];
      list.push(this.view(t, now));
      byService.set(t.last.service, list);
    }
    return [...byService.entries()]
      .map(([service, instances]) => ({
        service,
        state: serviceState(instances),
        expected: this.expected.includes(service),
        instances: instances.sort((a, b) => a.instance.localeCompare(b.instance)),
      }))
      .sort((a, b) => a.service.localeCompare(b.service));
  }

  outsideSystems(now: number): OutsideSystemView[] {
    const freshest = new Map<string, OutsideSystemView>();
    for (const t of this.instances.values()) {
      const alive = instanceState(t, now, this.timeoutMs) !== 'dead' && !t.last.stopping;
      for (const [name, state] of Object.entries(t.last.checks)) {
        if (CORE_CHECKS.has(name)) continue;
        const current = freshest.get(name);
        if (current && current.lastSeenAt >= t.receivedAt) continue;
        freshest.set(name, {
          name,
          state: alive ? state : 'unknown',
          reportedBy: `${t.last.service} (${t.last.instance})`,
          lastSeenAt: t.receivedAt,
          details: t.last.details?.[name] ?? {},
        });
      }
    }
    return [...freshest.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  throughput(now: number): ThroughputSeries[] {
    const current = Math.floor(now / MINUTE) * MINUTE;
    const minutes = Array.from({ length: HOUR_MINUTES }, (_, i) => current - (HOUR_MINUTES - 1 - i) * MINUTE);
    return [...this.buckets.entries()]
      .map(([service, perMinute]) => {
        const series = (c: Counter): number[] => minutes.map((m) => perMinute.get(m)?.[c] ?? 0);
        return {
          service,
          minutes,
          handled: series('handled'),
          deadLettered: series('deadLettered'),
          retried: series('retried'),
          published: series('published'),
        };
      })
      .sort((a, b) => a.service.localeCompare(b.service));
  }

  /** Queues announced in the latest heartbeat of each service seen (for checking depths without the management API). */
  announcedQueues(): Map<string, readonly string[]> {
    const out = new Map<string, readonly string[]>();
    const newest = new Map<string, Tracked>();
    for (const t of this.instances.values()) {
      const current = newest.get(t.last.service);
      if (!current || t.receivedAt > current.receivedAt) newest.set(t.last.service, t);
    }
    for (const [service, t] of newest) if (t.last.queues?.length) out.set(service, t.last.queues);
    return out;
  }

  private view(t: Tracked, now: number): InstanceView {
    const state = instanceState(t, now, this.timeoutMs);
    const running = state === 'up' || state === 'not-ready';
    return {
      instance: t.last.instance,
      state,
      version: t.last.version,
      startedAt: t.last.startedAt,
      // Frozen at the last heartbeat once the instance is gone.
      uptimeMs: Math.max(0, t.last.at - t.last.startedAt + (running ? now - t.receivedAt : 0)),
      lastSeenAt: t.receivedAt,
      ageMs: now - t.receivedAt,
      checks: t.last.checks,
      details: t.last.details ?? {},
    };
  }

  private count(service: string, before: HeartbeatStats, after: HeartbeatStats, at: number): void {
    const minute = Math.floor(at / MINUTE) * MINUTE;
    let perMinute = this.buckets.get(service);
    if (!perMinute) this.buckets.set(service, (perMinute = new Map()));
    const bucket = perMinute.get(minute) ?? { handled: 0, deadLettered: 0, retried: 0, published: 0 };
    // Counters only grow within one process; a smaller value means a reset, which carries no rate.
    for (const c of COUNTERS) bucket[c] += Math.max(0, (after[c] ?? 0) - (before[c] ?? 0));
    perMinute.set(minute, bucket);
    for (const m of perMinute.keys()) if (m <= minute - HOUR_MINUTES * MINUTE) perMinute.delete(m);
  }

  private prune(now: number): void {
    const alive = new Set<string>();
    for (const t of this.instances.values()) if (instanceState(t, now, this.timeoutMs) === 'up') alive.add(t.last.service);
    for (const [key, t] of this.instances) {
      const silence = now - t.receivedAt;
      const gone = instanceState(t, now, this.timeoutMs) === 'dead' || t.last.stopping;
      if (gone && (silence > FORGET_AFTER_MS || (silence > REPLACED_AFTER_MS && alive.has(t.last.service)))) this.instances.delete(key);
    }
  }
}

function instanceState(t: Tracked, now: number, timeoutMs: number): InstanceState {
  if (t.last.stopping) return 'stopped';
  if (now - t.receivedAt > timeoutMs) return 'dead';
  return t.last.ready ? 'up' : 'not-ready';
}

function serviceState(instances: readonly InstanceView[]): ServiceState {
  if (instances.length === 0) return 'missing';
  const live = instances.filter((i) => i.state === 'up' || i.state === 'not-ready');
  if (live.length === 0) return 'down';
  const ready = live.filter((i) => i.state === 'up').length;
  if (ready === live.length) return 'up';
  return ready > 0 ? 'degraded' : 'not-ready';
}
