import { Controller, Get, Header, Inject } from '@nestjs/common';
import { BusServer, OutboxRelay } from '@lienthong/messaging';
import { type Registry, collectDefaultMetrics } from 'prom-client';
import { HealthRegistry } from './health.registry';
import { AcceptsToken } from './http/service-auth.guard';
import { registerHopMetrics } from './hop.metrics';
import { ScrapedCounter } from './scraped.counter';
import { SERVICE_INFO, type ServiceInfo } from './service-info';

/**
 * `/metrics` in Prometheus text format: the transport's counters, per-hop latency and outcomes, and Node's process
 * metrics. For `SERVICE_TOKEN` or `METRICS_TOKEN` bearers.
 */
@AcceptsToken('metrics')
@Controller('metrics')
export class MetricsController {
  private readonly registry: Registry;

  constructor(server: BusServer, relay: OutboxRelay, health: HealthRegistry, @Inject(SERVICE_INFO) info: ServiceInfo) {
    this.registry = health.metrics;
    this.registry.setDefaultLabels({ service: info.service });
    collectDefaultMetrics({ register: this.registry });
    const stats = server.stats;
    const counter = (name: string, help: string, read: () => number): void => void new ScrapedCounter(name, help, this.registry, read);
    counter('lienthong_messages_consumed_total', 'Deliveries taken from the service queue', () => stats.consumed);
    counter('lienthong_messages_handled_total', 'Messages whose effect committed', () => stats.handled);
    counter('lienthong_messages_duplicate_total', 'Deliveries skipped by the inbox (same message_id)', () => stats.duplicates);
    counter('lienthong_messages_rejected_total', 'Messages rejected for breaking the contract', () => stats.rejected);
    counter('lienthong_messages_dead_lettered_total', 'Messages dead-lettered after failures', () => stats.deadLettered);
    counter('lienthong_messages_retried_total', 'Messages sent to a retry queue', () => stats.retried);
    counter('lienthong_outbox_published_total', 'Outbox messages confirmed by the broker', () => relay.published);
    counter('lienthong_outbox_unroutable_total', 'Outbox messages no queue was bound for', () => relay.unroutable);
    registerHopMetrics(this.registry, info.service, server, health);
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
