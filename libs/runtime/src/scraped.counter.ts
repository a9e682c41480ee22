import type { Metric, Registry } from 'prom-client';

/** One series of a counter and its value: labels (none for a counter without labels) and the running total. */
export type CounterSample = readonly [labels: Readonly<Record<string, string>>, value: number];

/**
 * A Prometheus counter whose running totals are kept elsewhere (the transport's stats, a circuit breaker, a map
 * of call outcomes) and read at scrape time. Typed `counter`, so `rate()` and `increase()` treat a restart's reset
 * as a reset and not as a drop, which they cannot do for a gauge. prom-client's `Counter` can only be incremented,
 * so, like `ScrapedHistogram`, it is a plain metric object the registry reads through `get()`.
 */
export class ScrapedCounter {
  readonly type = 'counter';
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
    private readonly read: () => number | Iterable<CounterSample>,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: Array<{ labels: Record<string, string>; value: number }>;
  }> {
    const read = this.read();
    const samples: Iterable<CounterSample> = typeof read === 'number' ? [[{}, read]] : read;
    const values = [...samples].map(([labels, value]) => ({ labels: { ...labels }, value }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Nothing to reset here: the totals belong to whoever counts. */
  reset(): void {}
}
