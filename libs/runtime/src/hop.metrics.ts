import { type BusServer, type HistogramSnapshot, LATENCY_BUCKETS_MS } from '@lienthong/messaging';
import type { Metric, Registry } from 'prom-client';
import type { HealthRegistry } from './health.registry';
import { callHopName, hopViews, messageHopName } from './hop.figures';
import { ScrapedCounter } from './scraped.counter';

/** One sample line of a histogram: `_bucket` (with `le`), `_sum` or `_count`. */
interface Sample {
  readonly metricName: string;
  readonly labels: Record<string, string | number>;
  readonly value: number;
}

/**
 * A Prometheus histogram whose figures are kept elsewhere (the transport's hop recorder, CallStats) and
 * read at scrape time: nothing goes through prom-client on the consume path. It is registered as a plain
 * metric object, which the registry reads through `get()` like its own metrics: prom-client's `Histogram`
 * can only be fed one observation at a time.
 */
class ScrapedHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
    private readonly read: () => Iterable<{ hop: string; histogram: HistogramSnapshot }>,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { hop, histogram } of this.read()) {
      let cumulative = 0;
      LATENCY_BUCKETS_MS.forEach((ms, i) => {
        cumulative += histogram.buckets[i] ?? 0;
        values.push({ metricName: `${this.name}_bucket`, labels: { hop, le: ms / 1000 }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { hop, le: '+Inf' }, value: histogram.count });
      values.push({ metricName: `${this.name}_sum`, labels: { hop }, value: histogram.sumMs / 1000 });
      values.push({ metricName: `${this.name}_count`, labels: { hop }, value: histogram.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Nothing to reset here: the figures belong to the recorder. */
  reset(): void {}
}

/**
 * Per-hop metrics of a bus service: latency histograms (message hops: producer's send → effect committed
 * here; call hops: the call's duration), processing time of message hops, and outcome counts.
 */
export function registerHopMetrics(registry: Registry, service: string, server: BusServer, health: HealthRegistry): void {
  new ScrapedHistogram(
    'lienthong_hop_latency_seconds',
    'Per hop: from the producer sending a message to its effect committed here (message hops), or the duration of a call to an outside system (call hops)',
    registry,
    () => hopViews(service, server, health).map((v) => ({ hop: v.hop, histogram: v.latency })),
  );
  new ScrapedHistogram(
    'lienthong_hop_processing_seconds',
    'Per message hop: from the batch taken off the queue to its commit',
    registry,
    () =>
      [...server.hops.entries()].map(([type, figures]) => ({
        hop: messageHopName(type, service),
        histogram: figures.processing.snapshot(),
      })),
  );
  new ScrapedCounter(
    'lienthong_hop_messages_total',
    'Per message hop: deliveries by outcome (handled, rejected, dead_lettered, replayed)',
    registry,
    function* () {
      for (const [type, f] of server.hops.entries()) {
        const hop = messageHopName(type, service);
        yield [{ hop, outcome: 'handled' }, f.handled];
        yield [{ hop, outcome: 'rejected' }, f.rejected];
        yield [{ hop, outcome: 'dead_lettered' }, f.deadLettered];
        yield [{ hop, outcome: 'replayed' }, f.replayed];
      }
    },
  );
  new ScrapedCounter(
    'lienthong_hop_calls_total',
    'Per call hop: calls to an outside system by outcome (ok, failed)',
    registry,
    function* () {
      for (const [system, stats] of health.calls()) {
        const hop = callHopName(service, system);
        yield [{ hop, outcome: 'ok' }, stats.succeeded];
        yield [{ hop, outcome: 'failed' }, stats.failed];
      }
    },
  );
}
