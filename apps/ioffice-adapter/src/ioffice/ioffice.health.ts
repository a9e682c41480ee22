import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CIRCUIT_STATE_GAUGE, HealthRegistry, ScrapedCounter } from '@lienthong/runtime';
import { Gauge } from 'prom-client';
import { IofficePoller } from '../receiving/ioffice.poller';
import { IOfficeSoapAdapter } from './ioffice.soap-adapter';

/**
 * Reports iOffice in readiness (`ioffice`: down while the circuit is open, with the breaker's state and
 * the last poll) and in metrics (circuit state, calls per operation and outcome; SOAP calls as the hop
 * `ioffice-adapter → iOffice`).
 */
@Injectable()
export class IofficeHealth implements OnModuleInit {
  constructor(
    private readonly adapter: IOfficeSoapAdapter,
    private readonly poller: IofficePoller,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const { adapter, poller } = this;
    this.health.register('ioffice', () => {
      const { available, details } = adapter.health();
      return { up: available, details: { ...details, lastPoll: poller.lastPoll } };
    });
    this.health.trackCalls('iOffice', adapter.stats);
    const registers = [this.health.metrics];
    new Gauge({
      name: 'lienthong_ioffice_circuit_state',
      help: 'iOffice circuit breaker: 0 closed, 1 half-open, 2 open',
      registers,
      collect() {
        this.set(CIRCUIT_STATE_GAUGE[adapter.breaker.state]);
      },
    });
    new ScrapedCounter(
      'lienthong_ioffice_circuit_opened_total',
      'Times the iOffice circuit opened since start',
      this.health.metrics,
      () => adapter.breaker.opened,
    );
    new ScrapedCounter(
      'lienthong_ioffice_calls_total',
      'SOAP calls to iOffice by operation and outcome (ok, failed, retried)',
      this.health.metrics,
      () =>
        [...adapter.calls].map(([key, n]) => {
          const [operation, outcome] = key.split(':');
          return [{ operation, outcome }, n] as const;
        }),
    );
  }
}
