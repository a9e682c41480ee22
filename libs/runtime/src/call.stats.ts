import { LatencyHistogram } from '@lienthong/messaging';

/** What an operator wants to know about calls to an outside system. */
export interface CallStatsSnapshot {
  /** ISO time of the last call that succeeded, or null. */
  readonly lastSuccessAt: string | null;
  readonly lastFailureAt: string | null;
  /** Calls in the window (default the last 5 minutes). */
  readonly recentCalls: number;
  /** Share of those calls that failed, 0..1 (0 when there were none). */
  readonly recentErrorRate: number;
}

/**
 * Outcomes of calls to an outside system (iOffice, the postal operator) over a sliding window, for readiness
 * details and the dashboard: last success, last failure, recent error rate. Memory is bounded by the window.
 * Also the calls' durations since start, so that the calls appear as a hop (`<service> → <system>`) in
 * metrics and heartbeats once registered with `HealthRegistry.trackCalls`.
 */
export class CallStats {
  private readonly outcomes: Array<{ at: number; ok: boolean }> = [];
  private lastSuccess: number | undefined;
  private lastFailure: number | undefined;
  /** Calls since start, by outcome. */
  succeeded = 0;
  failed = 0;
  /** Durations of the calls given one, since start. */
  readonly durations = new LatencyHistogram();

  constructor(private readonly windowMs = 5 * 60_000) {}

  /** One call's outcome at `at`; `durationMs`, when known, how long the call took. */
  record(ok: boolean, at = Date.now(), durationMs?: number): void {
    this.outcomes.push({ at, ok });
    if (ok) {
      this.lastSuccess = at;
      this.succeeded++;
    } else {
      this.lastFailure = at;
      this.failed++;
    }
    if (durationMs !== undefined) this.durations.observe(durationMs);
    this.prune(at);
  }

  snapshot(now = Date.now()): CallStatsSnapshot {
    this.prune(now);
    const failed = this.outcomes.filter((o) => !o.ok).length;
    return {
      lastSuccessAt: this.lastSuccess === undefined ? null : new Date(this.lastSuccess).toISOString(),
      lastFailureAt: this.lastFailure === undefined ? null : new Date(this.lastFailure).toISOString(),
      recentCalls: this.outcomes.length,
      recentErrorRate: this.outcomes.length === 0 ? 0 : Math.round((failed / this.outcomes.length) * 1000) / 1000,
    };
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.outcomes.length && this.outcomes[drop].at < now - this.windowMs) drop++;
    if (drop > 0) this.outcomes.splice(0, drop);
  }
}
