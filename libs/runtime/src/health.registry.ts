import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { CallStats } from './call.stats';

/** The outcome of one readiness check: `up` plus whatever helps an operator (breaker state, last success…). */
export interface CheckResult {
  readonly up: boolean;
  readonly details?: Record<string, unknown>;
}

/**
 * Where a service adds its own readiness checks (an outside system's circuit breaker, a poller) and its own
 * metrics, next to the database, broker and consumer checks every service has.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, () => CheckResult | Promise<CheckResult>>();
  private readonly callStats = new Map<string, CallStats>();
  /** The service's Prometheus registry, served at `/metrics`. */
  readonly metrics = new Registry();

  /** Adds (or replaces) a named readiness check. */
  register(name: string, check: () => CheckResult | Promise<CheckResult>): void {
    this.checks.set(name, check);
  }

  entries(): ReadonlyMap<string, () => CheckResult | Promise<CheckResult>> {
    return this.checks;
  }

  /** Reports the calls to an outside system (`iOffice`, `postal`) as the hop `<service> → <system>` in metrics and heartbeats. */
  trackCalls(system: string, stats: CallStats): void {
    this.callStats.set(system, stats);
  }

  /** Outside systems whose calls are tracked, with their stats. */
  calls(): ReadonlyMap<string, CallStats> {
    return this.callStats;
  }
}
