import { TransientFailure } from '@lienthong/messaging';
import { CircuitBreaker, CircuitOpenError, type CircuitState } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now: number;
  let changes: string[];
  let breaker: CircuitBreaker;
  const down = new TransientFailure('IOFFICE.UNAVAILABLE', 'HTTP 503');
  const refused = new Error('AUTH_FAILED');
  const counts = (e: unknown): boolean => e instanceof TransientFailure;
  const fail = (error: unknown = down) => breaker.run(() => Promise.reject(error), counts).catch((e: unknown) => e);
  const ok = () => breaker.run(() => Promise.resolve('ok'), counts);

  beforeEach(() => {
    now = 0;
    changes = [];
    breaker = new CircuitBreaker('iOffice', {
      failureThreshold: 3,
      openMs: 1000,
      now: () => now,
      onChange: (from: CircuitState, to: CircuitState) => changes.push(`${from}→${to}`),
    });
  });

  it('stays closed below the threshold, and a success resets the count', async () => {
    await fail();
    await fail();
    await ok();
    await fail();
    await fail();
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().consecutiveFailures).toBe(2);
  });

  it('opens after consecutive failures and then refuses at once, without calling', async () => {
    for (let i = 0; i < 3; i++) await fail();
    expect(breaker.state).toBe('open');
    let called = false;
    const refusedCall = await breaker.run(async () => (called = true), counts).catch((e: unknown) => e);
    expect(refusedCall).toBeInstanceOf(CircuitOpenError);
    expect(refusedCall).toMatchObject({ code: 'IOFFICE.CIRCUIT_OPEN' });
    expect(called).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryInMs: 1000, lastFailure: 'HTTP 503' });
    expect(breaker.opened).toBe(1);
  });

  it('lets exactly one trial through when half-open; its success closes the circuit', async () => {
    for (let i = 0; i < 3; i++) await fail();
    now = 1000;
    expect(breaker.state).toBe('half-open');
    let release!: () => void;
    const trial = breaker.run(() => new Promise<string>((resolve) => (release = () => resolve('ok'))), counts);
    await expect(ok()).rejects.toBeInstanceOf(CircuitOpenError); // a second caller during the trial
    release();
    await expect(trial).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
  });

  it('opens again when the trial fails', async () => {
    for (let i = 0; i < 3; i++) await fail();
    now = 1500;
    await fail();
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().retryInMs).toBe(1000);
    now = 2499;
    expect(breaker.state).toBe('open');
    now = 2500;
    expect(breaker.state).toBe('half-open');
  });

  it('does not count errors that say the system is up (a refusal is an answer)', async () => {
    for (let i = 0; i < 5; i++) expect(await fail(refused)).toBe(refused);
    expect(breaker.state).toBe('closed');
    for (let i = 0; i < 3; i++) await fail();
    now = 1000;
    await fail(refused); // the trial got an answer: iOffice is up
    expect(breaker.state).toBe('closed');
  });
});
