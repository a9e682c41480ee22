import { backoffDelay, withRetry } from './retry';

describe('withRetry', () => {
  it('retries a retryable error with growing delays, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('busy');
        return 'done';
      },
      { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000, retryable: () => true, sleep: async (ms) => void delays.push(ms) },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(75);
    expect(delays[0]).toBeLessThanOrEqual(125);
    expect(delays[1]).toBeGreaterThanOrEqual(150);
    expect(delays[1]).toBeLessThanOrEqual(250);
  });

  it('gives up after the last attempt, and at once on an error that is not retryable', async () => {
    let calls = 0;
    const options = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined };
    await expect(
      withRetry(async () => Promise.reject(new Error(`fail ${++calls}`)), { ...options, retryable: () => true }),
    ).rejects.toThrow('fail 3');
    calls = 0;
    await expect(
      withRetry(async () => Promise.reject(new Error(`fail ${++calls}`)), { ...options, retryable: () => false }),
    ).rejects.toThrow('fail 1');
  });

  it('caps the exponential delay', () => {
    expect(backoffDelay(10, 100, 1000, () => 0.5)).toBe(1000);
    expect(backoffDelay(1, 100, 1000, () => 0)).toBe(75);
  });
});
