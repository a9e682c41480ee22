import { TransientFailure } from '@lienthong/messaging';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through (half-open). */
  readonly openMs: number;
  readonly now?: () => number;
  /** Called on every state change (for logs). */
  readonly onChange?: (from: CircuitState, to: CircuitState, reason: string) => void;
}

/** Refused without calling: the circuit is open. Transient: the bus retries the message later. */
export class CircuitOpenError extends TransientFailure {
  constructor(name: string, retryInMs: number, lastFailure: string | undefined) {
    super('IOFFICE.CIRCUIT_OPEN', `${name} is considered down after repeated failures (${lastFailure ?? 'unknown'}); next trial call in ${Math.max(0, Math.ceil(retryInMs))} ms`);
  }
}

/**
 * A small circuit breaker. Closed: calls go through; `failureThreshold` consecutive failures open it.
 * Open: calls are refused at once (`CircuitOpenError`) for `openMs`. Then half-open: exactly one trial
 * call goes through; its success closes the circuit, its failure opens it again. Only failures that
 * `isFailure` accepts count (an outside system's unavailability, not a caller's mistake).
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private lastFailure: string | undefined;
  /** Times the circuit opened since start (for metrics). */
  opened = 0;

  constructor(
    readonly name: string,
    private readonly options: CircuitBreakerOptions,
  ) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The state now (an open circuit whose time is up reads as half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.now - this.openedAt >= this.options.openMs) return 'half-open';
    return this.current;
  }

  /** What readiness and metrics show. */
  snapshot(): { state: CircuitState; consecutiveFailures: number; lastFailure?: string; retryInMs?: number } {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
      ...(state === 'open' ? { retryInMs: Math.max(0, this.openedAt + this.options.openMs - this.now) } : {}),
    };
  }

  /** Runs `fn` through the breaker; `isFailure` decides which errors count against the outside system. */
  async run<T>(fn: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      throw new CircuitOpenError(this.name, this.openedAt + this.options.openMs - this.now, this.lastFailure);
    }
    const trial = state === 'half-open';
    if (trial) {
      this.trialInFlight = true;
      this.transition('half-open', 'trial call');
    }
    try {
      const result = await fn();
      this.succeeded();
      return result;
    } catch (error) {
      if (isFailure(error)) this.failed(error);
      else this.succeeded(); // the system answered: it is up, even if the answer was a refusal
      throw error;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.transition('closed', 'a call succeeded');
  }

  private failed(error: unknown): void {
    this.failures++;
    this.lastFailure = error instanceof Error ? error.message : String(error);
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now;
      if (this.current !== 'open') this.opened++;
      this.transition('open', `${this.failures} consecutive failure(s), last: ${this.lastFailure}`);
    }
  }

  private transition(to: CircuitState, reason: string): void {
    const from = this.current;
    this.current = to;
    if (from !== to) this.options.onChange?.(from, to, reason);
  }
}
