import { Injectable } from '@nestjs/common';
import { CIRCUIT_STATE_GAUGE, type CircuitState, HealthRegistry } from '@lienthong/runtime';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { PostalCallObserver, PostalEndpoint } from '../postal/postal.http-client';

/** The postal adapter's Prometheus metrics, served with the transport's at `/metrics`. */
@Injectable()
export class PostalMetrics implements PostalCallObserver {
  private readonly requests: Counter<'endpoint' | 'outcome'>;
  private readonly durations: Histogram<'endpoint'>;
  private readonly webhooks: Counter<'outcome'>;
  private readonly polls: Counter<'outcome'>;
  private breakerState: () => CircuitState = () => 'closed';

  constructor(health: HealthRegistry) {
    const registers = [health.metrics];
    this.requests = new Counter({
      name: 'lienthong_postal_requests_total',
      help: 'HTTP exchanges with the postal operator, by endpoint and HTTP status (or timeout/network)',
      labelNames: ['endpoint', 'outcome'],
      registers,
    });
    this.durations = new Histogram({
      name: 'lienthong_postal_request_duration_seconds',
      help: 'Duration of HTTP exchanges with the postal operator',
      labelNames: ['endpoint'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.webhooks = new Counter({
      name: 'lienthong_postal_webhooks_total',
      help: 'Tracking callbacks received, by outcome (applied, ignored, duplicate, unconfirmed, or the rejection code)',
      labelNames: ['outcome'],
      registers,
    });
    this.polls = new Counter({
      name: 'lienthong_postal_poll_events_total',
      help: 'Tracking events found by polling stale shipments, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    const read = (): CircuitState => this.breakerState();
    new Gauge({
      name: 'lienthong_postal_circuit_state',
      help: 'Circuit breaker of the postal API: 0 closed, 1 half-open, 2 open',
      registers,
      collect() {
        this.set(CIRCUIT_STATE_GAUGE[read()]);
      },
    });
  }

  /** Where the breaker gauge reads its state from. */
  watchBreaker(state: () => CircuitState): void {
    this.breakerState = state;
  }

  exchange(endpoint: PostalEndpoint, outcome: string, durationMs: number): void {
    this.requests.inc({ endpoint, outcome });
    this.durations.observe({ endpoint }, durationMs / 1000);
  }

  webhook(outcome: string): void {
    this.webhooks.inc({ outcome });
  }

  poll(outcome: string): void {
    this.polls.inc({ outcome });
  }
}
