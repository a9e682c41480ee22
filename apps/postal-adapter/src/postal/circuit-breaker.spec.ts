import { type BreakerState, CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let clock: number;
  let changes: string[];
  let breaker: CircuitBreaker;

  beforeEach(() => {
    clock = 0;
    changes = [];
    breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => clock, onChange: (from: BreakerState, to: BreakerState) => changes.push(`${from}->${to}`) });
  });
  const fail = (n: number) => {
    for (let i = 0; i < n; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure(`503 #${i}`);
    }
  };

  it('stays closed below the threshold, and a success resets the count', () => {
    fail(2);
    breaker.success();
    fail(2);
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().consecutiveFailures).toBe(2);
  });

  it('opens after the threshold of consecutive failures and then refuses calls', () => {
    fail(3);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', lastFailure: '503 #2', probeAt: 1000 });
    expect(changes).toEqual(['closed->open']);
  });

  it('lets exactly one probe through after the cooldown; its success closes the circuit', () => {
    fail(3);
    clock = 999;
    expect(breaker.tryAcquire()).toBe(false);
    clock = 1000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // the probe is out
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('opens again for a full cooldown when the probe fails', () => {
    fail(3);
    clock = 1500;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure('timeout');
    expect(breaker.state).toBe('open');
    clock = 2400;
    expect(breaker.tryAcquire()).toBe(false);
    clock = 2500;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('frees the probe slot when the probe is released without an outcome', () => {
    fail(3);
    clock = 1000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('does not let a late success of a call started before opening close the circuit', () => {
    fail(3);
    breaker.success();
    expect(breaker.state).toBe('open');
  });
});
