import { Injectable } from '@nestjs/common';
import { HealthRegistry } from '@lienthong/runtime';
import { Counter } from 'prom-client';

/** What the adapter counts, served at `/metrics` with the transport's counters. */
@Injectable()
export class AdapterMetrics {
  /** Packages iOffice accepted from the bus, by purpose. */
  readonly sent: Counter<'purpose'>;
  /** Packages consumed from iOffice, by what they became (`status`, `decision`, `dead-lettered`, `duplicate`). */
  readonly received: Counter<'outcome'>;
  /** Numbered decisions whose signature or certificate chain did not verify. */
  readonly unverified: Counter;

  constructor(health: HealthRegistry) {
    const registers = [health.metrics];
    this.sent = new Counter({
      name: 'lienthong_ioffice_packages_sent_total',
      help: 'Packages iOffice accepted from the bus',
      labelNames: ['purpose'],
      registers,
    });
    this.received = new Counter({
      name: 'lienthong_ioffice_packages_received_total',
      help: 'Packages consumed from iOffice, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.unverified = new Counter({
      name: 'lienthong_ioffice_signatures_unverified_total',
      help: 'Numbered decisions whose signature did not verify',
      registers,
    });
  }
}
