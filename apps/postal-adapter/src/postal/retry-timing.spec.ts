import { backoffDelay, retryAfterMs } from './retry-timing';

describe('retry timing', () => {
  it('backs off exponentially with jitter in [half, full] of the step, capped', () => {
    expect(backoffDelay(1, 200, 5000, () => 0)).toBe(100);
    expect(backoffDelay(1, 200, 5000, () => 1)).toBe(200);
    expect(backoffDelay(3, 200, 5000, () => 1)).toBe(800);
    expect(backoffDelay(10, 200, 5000, () => 1)).toBe(5000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(5000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.UTC(2016, 0, 1))).toBe(0);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
