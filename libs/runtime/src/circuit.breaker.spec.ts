import { TransientFailure } from '@lienthong/messaging';
import { type CallVerdict, CircuitBreaker, CircuitOpenError, type CircuitState } from './circuit.breaker';

/** An error that carries what it says about the outside system, for the verdict below. */
class Outcome extends Error {
  constructor(
    readonly verdict: CallVerdict,
    message: string,
  ) {
    super(message);
  }
}

describe('CircuitBreaker', () => {
  let now: number;
  let changes: string[];
  let breaker: CircuitBreaker;
  const verdict = (error: unknown): CallVerdict => (error instanceof Outcome ? error.verdict : 'neutral');
  const down = (message = 'HTTP 503') => new Outcome('down', message);
  const fail = (error: unknown = down()) => breaker.run('GetEdoc', () => Promise.reject(error), verdict).catch((e: unknown) => e);
  const ok = () => breaker.run('GetEdoc', () => Promise.resolve('ok'), verdict);
  const failTimes = async (n: number) => {
    for (let i = 0; i < n; i++) await fail(down(`HTTP 503 #${i}`));
  };
  /** A call that stays out until settled by hand. */
  const pending = () => {
    let settle!: { resolve: (value: string) => void; reject: (error: unknown) => void };
    const call = breaker
      .run('GetEdoc', () => new Promise<string>((resolve, reject) => (settle = { resolve, reject })), verdict)
      .catch((e: unknown) => e);
    return { call, settle };
  };

  beforeEach(() => {
    now = 0;
    changes = [];
    breaker = new CircuitBreaker('iOffice', {
      failureThreshold: 3,
      openMs: 1000,
      openCode: 'IOFFICE.CIRCUIT_OPEN',
      now: () => now,
      onChange: (from: CircuitState, to: CircuitState) => changes.push(`${from}→${to}`),
    });
  });

  it('stays closed below the threshold, and a success resets the count', async () => {
    await failTimes(2);
    await ok();
    await failTimes(2);
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 2, lastFailure: 'HTTP 503 #1' });
    expect(changes).toEqual([]);
  });

  it('opens after consecutive failures and then refuses at once, without calling, with its code and the retry time', async () => {
    await failTimes(3);
    expect(breaker.state).toBe('open');
    now = 400;
    let called = false;
    const refused = await breaker.run('SendEdoc', async () => (called = true), verdict).catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(refused).toBeInstanceOf(TransientFailure);
    expect(refused).toMatchObject({ code: 'IOFFICE.CIRCUIT_OPEN', retryAt: 1000, retryInMs: 600 });
    expect((refused as Error).message).toBe(
      'iOffice circuit is open after repeated failures (last: HTTP 503 #2); SendEdoc not attempted, next trial call in 600 ms',
    );
    expect(breaker.snapshot()).toEqual({
      state: 'open',
      consecutiveFailures: 3,
      lastFailure: 'HTTP 503 #2',
      retryAt: 1000,
      retryInMs: 600,
    });
    expect(breaker.opened).toBe(1);
    expect(changes).toEqual(['closed→open']);
  });

  it('lets exactly one trial through once the time is up; its success closes the circuit', async () => {
    await failTimes(3);
    now = 999;
    expect(breaker.state).toBe('open');
    now = 1000;
    expect(breaker.state).toBe('half-open');
    const trial = pending();
    const second = await ok().catch((e: unknown) => e); // a second caller while the trial is out
    expect(second).toBeInstanceOf(CircuitOpenError);
    expect(second).toMatchObject({ retryInMs: 0, message: expect.stringContaining('a trial call is out now') });
    trial.settle.resolve('ok');
    expect(await trial.call).toBe('ok');
    expect(breaker.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0, lastFailure: 'HTTP 503 #2' });
    await expect(ok()).resolves.toBe('ok');
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
  });

  it('opens again for a full open time when the trial fails', async () => {
    await failTimes(3);
    now = 1500;
    await fail(down('timeout'));
    expect(breaker.snapshot()).toEqual({ state: 'open', consecutiveFailures: 4, lastFailure: 'timeout', retryAt: 2500, retryInMs: 1000 });
    expect(breaker.opened).toBe(2);
    now = 2499;
    expect(await ok().catch((e: unknown) => e)).toBeInstanceOf(CircuitOpenError);
    now = 2500;
    expect(breaker.state).toBe('half-open');
    await expect(ok()).resolves.toBe('ok');
    expect(changes).toEqual(['closed→open', 'open→half-open', 'half-open→open', 'open→half-open', 'half-open→closed']);
  });

  it('counts an error that shows the system answered as a success (a refusal is an answer), and rethrows it', async () => {
    const refusal = new Outcome('up', 'AUTH_FAILED');
    await failTimes(2);
    expect(await fail(refusal)).toBe(refusal);
    await failTimes(2);
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
    await fail();
    now = 1000;
    await fail(refusal); // the trial got an answer: the system is up
    expect(breaker.state).toBe('closed');
  });

  it('neither counts nor resets on a neutral error, and a neutral trial frees the slot for the next trial', async () => {
    const neutral = new Error('rate limited (429)');
    await failTimes(2);
    expect(await fail(neutral)).toBe(neutral);
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2, lastFailure: 'HTTP 503 #1' });
    await fail();
    expect(breaker.state).toBe('open');
    now = 1000;
    await fail(neutral);
    expect(breaker.state).toBe('half-open');
    await expect(ok()).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('lets a late outcome of a call started before the circuit opened neither close it nor move its retry time', async () => {
    const lateSuccess = pending();
    const lateFailure = pending();
    await failTimes(3);
    now = 500;
    lateSuccess.settle.resolve('ok');
    lateFailure.settle.reject(down('late 503'));
    await Promise.all([lateSuccess.call, lateFailure.call]);
    expect(breaker.snapshot()).toEqual({ state: 'open', consecutiveFailures: 3, lastFailure: 'late 503', retryAt: 1000, retryInMs: 500 });
    expect(breaker.opened).toBe(1);
  });

  it('lets only the trial decide while half-open, not a late call that ends meanwhile', async () => {
    const late = pending();
    await failTimes(3);
    now = 1000;
    const trial = pending();
    late.settle.resolve('ok');
    await late.call;
    expect(breaker.state).toBe('half-open');
    trial.settle.reject(down('still 503'));
    await trial.call;
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: 2000 });
  });
});
