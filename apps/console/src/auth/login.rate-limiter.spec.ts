import { LoginRateLimiter } from './login.rate-limiter';

describe('LoginRateLimiter', () => {
  it('allows 5 attempts a minute per key, then says how long to wait', () => {
    const limiter = new LoginRateLimiter(5, 60_000);
    for (let i = 0; i < 5; i++) expect(limiter.hit('1.2.3.4|an', 1_000 + i).allowed).toBe(true);
    expect(limiter.hit('1.2.3.4|an', 2_000)).toEqual({ allowed: false, retryAfterMs: 59_000 });
    expect(limiter.hit('1.2.3.4|binh', 2_000).allowed).toBe(true);
    expect(limiter.hit('1.2.3.4|an', 61_000).allowed).toBe(true);
  });

  it('does not count refused attempts, so waiting out the window always works', () => {
    const limiter = new LoginRateLimiter(2, 60_000);
    limiter.hit('k', 0);
    limiter.hit('k', 0);
    for (let t = 1; t < 60_000; t += 10_000) expect(limiter.hit('k', t).allowed).toBe(false);
    expect(limiter.hit('k', 60_000).allowed).toBe(true);
  });

  it('tracks a bounded number of keys', () => {
    const limiter = new LoginRateLimiter(1, 60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) limiter.hit(key, 0);
    expect(limiter.hit('a', 1).allowed).toBe(true); // 'a' was dropped as the oldest
    expect(limiter.hit('d', 1).allowed).toBe(false);
  });
});
