import { Gauge, type Registry } from 'prom-client';
import type { Database } from '@lienthong/persistence';
import type { ServiceBoard } from '../heartbeats/service-board';
import type { QueueMonitor } from '../queues/queue.monitor';

const SERVICE_STATE: Readonly<Record<string, number>> = { up: 1, degraded: 0.5, 'not-ready': 0, down: 0, missing: 0 };

/**
 * The console's additions to `/metrics`: the bus as the console sees it, so one scrape of the console gives
 * per-service liveness, per-queue depth and consumers, dead letters per queue and status, per-service totals,
 * and per hop (a message type arriving at a service, a service calling an outside system) the last hour's
 * messages and latency percentiles from the heartbeats' histograms. Label `bus_service` (not `service`, which
 * every metric of this registry already carries as `console`).
 */
export function registerConsoleMetrics(registry: Registry, deps: { board: ServiceBoard; queues: QueueMonitor; db: Database }): void {
  const registers = [registry];
  new Gauge({
    name: 'lienthong_bus_service_up',
    help: 'Service state from heartbeats: 1 up, 0.5 degraded, 0 not ready/down/missing',
    labelNames: ['bus_service'],
    registers,
    collect() {
      this.reset();
      for (const s of deps.board.services(Date.now())) this.set({ bus_service: s.service }, SERVICE_STATE[s.state] ?? 0);
    },
  });
  new Gauge({
    name: 'lienthong_queue_messages',
    help: 'Messages in a bus queue (ready + unacknowledged)',
    labelNames: ['queue'],
    registers,
    async collect() {
      this.reset();
      const snapshot = await deps.queues.snapshot().catch(() => undefined);
      for (const q of snapshot?.queues ?? []) if (q.messages !== null) this.set({ queue: q.name }, q.messages);
    },
  });
  new Gauge({
    name: 'lienthong_queue_consumers',
    help: 'Consumers attached to a bus queue',
    labelNames: ['queue'],
    registers,
    async collect() {
      this.reset();
      const snapshot = await deps.queues.snapshot().catch(() => undefined);
      for (const q of snapshot?.queues ?? []) if (q.consumers !== null) this.set({ queue: q.name }, q.consumers);
    },
  });
  new Gauge({
    name: 'lienthong_dead_letters',
    help: 'Dead letters per queue and status',
    labelNames: ['queue', 'status'],
    registers,
    async collect() {
      this.reset();
      const rows = await deps.db
        .query<{ queue: string; status: string; n: number }>('SELECT queue, status, COUNT(*) AS n FROM dead_letters GROUP BY queue, status')
        .catch(() => []);
      for (const r of rows) this.set({ queue: r.queue, status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: 'lienthong_hop_messages_last_hour',
    help: 'Messages per bus service (hop) in the last hour, from heartbeats: handled, dead-lettered, retried, published',
    labelNames: ['bus_service', 'outcome'],
    registers,
    collect() {
      this.reset();
      for (const s of deps.board.throughput(Date.now())) {
        const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
        this.set({ bus_service: s.service, outcome: 'handled' }, sum(s.handled));
        this.set({ bus_service: s.service, outcome: 'dead_lettered' }, sum(s.deadLettered));
        this.set({ bus_service: s.service, outcome: 'retried' }, sum(s.retried));
        this.set({ bus_service: s.service, outcome: 'published' }, sum(s.published));
      }
    },
  });
  new Gauge({
    name: 'lienthong_bus_hop_messages_last_hour',
    help: 'Per hop, from heartbeats, in the last hour: messages handled (calls succeeded) as ok, rejected or dead-lettered (calls failed) as failed',
    labelNames: ['hop', 'kind', 'outcome'],
    registers,
    collect() {
      this.reset();
      for (const h of deps.board.hops(Date.now()).hops) {
        this.set({ hop: h.hop, kind: h.kind, outcome: 'ok' }, h.hour.ok);
        this.set({ hop: h.hop, kind: h.kind, outcome: 'failed' }, h.hour.failed);
      }
    },
  });
  new Gauge({
    name: 'lienthong_bus_hop_latency_last_hour_seconds',
    help: 'Per hop, from heartbeats, over the last hour: latency percentiles (0.5, 0.95) estimated from the histogram buckets the services report',
    labelNames: ['hop', 'kind', 'quantile'],
    registers,
    collect() {
      this.reset();
      for (const h of deps.board.hops(Date.now()).hops) {
        if (h.hour.p50Ms !== null) this.set({ hop: h.hop, kind: h.kind, quantile: '0.5' }, h.hour.p50Ms / 1000);
        if (h.hour.p95Ms !== null) this.set({ hop: h.hop, kind: h.kind, quantile: '0.95' }, h.hour.p95Ms / 1000);
      }
    },
  });
}
