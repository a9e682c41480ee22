import { TransientFailure } from '@lienthong/messaging';

/** closed: calls go through. open: calls are refused at once. half-open: one trial call decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * What a failed call says about the outside system: `down` counts against it (outage, timeout, overload);
 * `up` means it answered, even if the answer was a refusal; `neutral` tells nothing (the call ended before
 * reaching it, or the system only asked to slow down).
 */
export type CallVerdict = 'down' | 'up' | 'neutral';

/** The circuit state as a gauge value (0 closed, 1 half-open, 2 open), the scale of every `*_circuit_state` metric. */
export const CIRCUIT_STATE_GAUGE: Readonly<Record<CircuitState, number>> = { closed: 0, 'half-open': 1, open: 2 };

export interface CircuitBreakerOptions {
  /** Consecutive `down` calls that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through (half-open). */
  readonly openMs: number;
  /** Code of the refusal while open (`IOFFICE.CIRCUIT_OPEN`), so that logs and dead letters name the system. */
  readonly openCode: string;
  readonly now?: () => number;
  /** Told about every state change (for logs). */
  readonly onChange?: (from: CircuitState, to: CircuitState, reason: string) => void;
}

/** What readiness and metrics show. */
export interface CircuitSnapshot {
  readonly state: CircuitState;
  readonly consecutiveFailures: number;
  readonly lastFailure?: string;
  /** While open: when the next trial call is let through (epoch ms), and how long until then. */
  readonly retryAt?: number;
  readonly retryInMs?: number;
}

/** Refused without calling: the circuit is open. Transient: the bus retries the message later. */
export class CircuitOpenError extends TransientFailure {
  constructor(
    code: string,
    message: string,
    /** When the next trial call is let through (epoch ms); 0 ms away while a trial call is out. */
    readonly retryAt: number,
    readonly retryInMs: number,
  ) {
    super(code, message);
  }
}

/**
 * A small circuit breaker for one outside system. Closed: calls go through; `failureThreshold` consecutive
 * `down` calls open it. Open: calls are refused at once (`CircuitOpenError`) for `openMs`. Then half-open:
 * exactly one trial call goes through; its `up` closes the circuit, its `down` opens it again for a full
 * `openMs`, and a `neutral` ending frees the slot for the next trial. Invariant: once the circuit has opened,
 * only a trial call changes it; late outcomes of calls let through before it opened are only noted.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private lastFailure: string | undefined;
  private timesOpened = 0;
  private readonly now: () => number;

  constructor(
    /** The outside system as people call it (`iOffice`), in refusals. */
    readonly name: string,
    private readonly options: CircuitBreakerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The state now (an open circuit whose time is up reads as half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() >= this.retryAt) return 'half-open';
    return this.current;
  }

  /** Times the circuit opened since start (for metrics). */
  get opened(): number {
    return this.timesOpened;
  }

  snapshot(): CircuitSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
      ...(state === 'open' ? { retryAt: this.retryAt, retryInMs: Math.max(0, this.retryAt - this.now()) } : {}),
    };
  }

  /**
   * Runs `fn` (the call `what`, e.g. an operation name) through the breaker, or refuses it at once with
   * `CircuitOpenError`. A call that resolves is `up`; `verdict` judges what a thrown error says. The error
   * itself is rethrown unchanged.
   */
  async run<T>(what: string, fn: () => Promise<T>, verdict: (error: unknown) => CallVerdict): Promise<T> {
    const trial = this.admit(what);
    try {
      const result = await fn();
      this.settle(trial, 'up');
      return result;
    } catch (error) {
      this.settle(trial, verdict(error), error);
      throw error;
    }
  }

  private get retryAt(): number {
    return this.openedAt + this.options.openMs;
  }

  /** Lets the call through (true when it is the trial call) or throws the refusal. */
  private admit(what: string): boolean {
    const state = this.state;
    if (state === 'closed') return false;
    if (state === 'open' || this.trialInFlight) throw this.refusal(what);
    this.trialInFlight = true;
    this.move('half-open', `open for ${this.options.openMs} ms; ${what} is the trial call`);
    return true;
  }

  private settle(trial: boolean, verdict: CallVerdict, error?: unknown): void {
    if (trial) this.trialInFlight = false;
    if (verdict === 'down') this.lastFailure = error instanceof Error ? error.message : String(error);
    if (verdict === 'neutral') return;
    if (!trial && this.current !== 'closed') return; // a late outcome: only the trial decides an open circuit
    if (verdict === 'up') {
      this.failures = 0;
      if (trial) this.move('closed', 'the trial call succeeded');
      return;
    }
    this.failures++;
    if (trial) this.open(`the trial call failed: ${this.lastFailure}`);
    else if (this.failures >= this.options.failureThreshold) this.open(`${this.failures} consecutive failures, last: ${this.lastFailure}`);
  }

  private refusal(what: string): CircuitOpenError {
    const retryInMs = this.trialInFlight ? 0 : Math.max(0, this.retryAt - this.now());
    const next = this.trialInFlight ? 'a trial call is out now' : `next trial call in ${Math.ceil(retryInMs)} ms`;
    const message = `${this.name} circuit is open after repeated failures (last: ${this.lastFailure ?? 'unknown'}); ${what} not attempted, ${next}`;
    return new CircuitOpenError(this.options.openCode, message, this.now() + retryInMs, retryInMs);
  }

  private open(reason: string): void {
    this.openedAt = this.now();
    this.timesOpened++;
    this.move('open', reason);
  }

  private move(to: CircuitState, reason: string): void {
    const from = this.current;
    this.current = to;
    if (from !== to) this.options.onChange?.(from, to, reason);
  }
}
