import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@lienthong/runtime';
import { PostalPort } from '../postal/postal.port';
import { PostalMetrics } from './postal.metrics';

/**
 * Readiness check `postal`: down while the postal API circuit is open (orders cannot be placed; handlers
 * retry later), up when closed or half-open. Details carry what an operator needs to judge it. The calls
 * appear in metrics and heartbeats as the hop `postal-adapter → postal`.
 */
@Injectable()
export class PostalHealth implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly postal: PostalPort,
    private readonly metrics: PostalMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.watchBreaker(() => this.postal.availability().state);
    this.registry.register('postal', () => {
      const breaker = this.postal.availability();
      return {
        up: breaker.state !== 'open',
        details: {
          circuit: breaker.state,
          consecutiveFailures: breaker.consecutiveFailures,
          ...(breaker.lastFailure ? { lastFailure: breaker.lastFailure } : {}),
          ...(breaker.retryAt ? { nextProbeAt: new Date(breaker.retryAt).toISOString() } : {}),
          ...this.postal.callStats(),
        },
      };
    });
    this.registry.trackCalls('postal', this.postal.stats);
  }
}
