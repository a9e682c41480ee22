/** closed: calls go through. open: calls fail fast until the cooldown ends. half-open: one probe call decides. */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures (5xx, timeouts, refused connections) that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  readonly cooldownMs: number;
  readonly now?: () => number;
  /** Told about every state change (for the log). */
  readonly onChange?: (from: BreakerState, to: BreakerState, reason: string) => void;
}

/** What readiness and metrics show. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  readonly lastFailure?: string;
  /** While open: when the next probe will be allowed (epoch ms). */
  readonly probeAt?: number;
}

/**
 * A small circuit breaker for one outside system. Invariants: at most one probe is out while half-open;
 * only a probe's success closes an open circuit; every `tryAcquire()` that returned true is followed by
 * exactly one `success()`, `failure()` or `release()` from the caller.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private lastFailure: string | undefined;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) this.move('half-open', 'cooldown over; the next call is a probe');
    return this.current;
  }

  /** True when a call may go out now (in half-open: only the one probe). */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** The outside system answered (any answer that is not an overload or outage). */
  success(): void {
    if (this.current === 'half-open' && this.probing) this.move('closed', 'probe succeeded');
    if (this.current === 'closed') this.failures = 0;
    this.probing = false;
  }

  /** The outside system failed to answer usefully (5xx, timeout, connection refused). */
  failure(reason: string): void {
    this.lastFailure = reason;
    if (this.current === 'half-open' && this.probing) {
      this.probing = false;
      this.open(`probe failed: ${reason}`);
      return;
    }
    if (this.current !== 'closed') return;
    this.failures += 1;
    if (this.failures >= this.options.failureThreshold) this.open(`${this.failures} consecutive failures, last: ${reason}`);
  }

  /** The acquired call ended without telling anything about the outside system's health. */
  release(): void {
    this.probing = false;
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
      ...(state === 'open' ? { probeAt: this.openedAt + this.options.cooldownMs } : {}),
    };
  }

  private open(reason: string): void {
    this.openedAt = this.now();
    this.move('open', reason);
  }

  private move(to: BreakerState, reason: string): void {
    const from = this.current;
    this.current = to;
    if (to === 'closed') this.failures = 0;
    if (from !== to) this.options.onChange?.(from, to, reason);
  }
}
