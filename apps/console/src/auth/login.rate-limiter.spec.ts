import { LoginRateLimiter, type LoginLimits } from './login.rate-limiter';

const limits = (overrides: Partial<LoginLimits> = {}): LoginLimits => ({
  perAddressAndUser: 5,
  windowMs: 60_000,
  failuresPerAddress: 1000,
  failuresPerUser: 1000,
  failureWindowMs: 15 * 60_000,
  ...overrides,
});

describe('LoginRateLimiter', () => {
  it('allows 5 attempts a minute per address and user, then says how long to wait', () => {
    const limiter = new LoginRateLimiter(limits());
    for (let i = 0; i < 5; i++) expect(limiter.attempt('1.2.3.4', 'an', 1_000 + i).allowed).toBe(true);
    expect(limiter.attempt('1.2.3.4', 'an', 2_000)).toEqual({ allowed: false, retryAfterMs: 59_000, scope: 'address+user' });
    expect(limiter.attempt('1.2.3.4', 'binh', 2_000).allowed).toBe(true);
    expect(limiter.attempt('1.2.3.4', 'an', 61_000).allowed).toBe(true);
  });

  it('does not count refused attempts, so waiting out the window always works', () => {
    const limiter = new LoginRateLimiter(limits({ perAddressAndUser: 2 }));
    limiter.attempt('k', 'u', 0);
    limiter.attempt('k', 'u', 0);
    for (let t = 1; t < 60_000; t += 10_000) expect(limiter.attempt('k', 'u', t).allowed).toBe(false);
    expect(limiter.attempt('k', 'u', 60_000).allowed).toBe(true);
  });

  it('stops one password sprayed over many usernames from one address', () => {
    const limiter = new LoginRateLimiter(limits({ failuresPerAddress: 20 }));
    for (let i = 0; i < 20; i++) {
      expect(limiter.attempt('203.0.113.9', `user${i}`, i).allowed).toBe(true);
      limiter.failed('203.0.113.9', `user${i}`, i);
    }
    expect(limiter.attempt('203.0.113.9', 'user20', 100)).toEqual({ allowed: false, retryAfterMs: 15 * 60_000 - 100, scope: 'address' });
    // Another address is not held back, and the window passes.
    expect(limiter.attempt('198.51.100.7', 'user20', 100).allowed).toBe(true);
    expect(limiter.attempt('203.0.113.9', 'user20', 15 * 60_000).allowed).toBe(true);
  });

  it('stops one username guessed from many addresses', () => {
    const limiter = new LoginRateLimiter(limits({ failuresPerUser: 10 }));
    for (let i = 0; i < 10; i++) {
      expect(limiter.attempt(`10.0.0.${i}`, 'admin', i).allowed).toBe(true);
      limiter.failed(`10.0.0.${i}`, 'admin', i);
    }
    expect(limiter.attempt('10.0.0.99', 'admin', 50)).toMatchObject({ allowed: false, scope: 'user' });
    expect(limiter.attempt('10.0.0.99', 'binh', 50).allowed).toBe(true);
  });

  it('does not count successful logins against the address: an office behind one address logs in freely', () => {
    const limiter = new LoginRateLimiter(limits({ failuresPerAddress: 3 }));
    for (let i = 0; i < 50; i++) expect(limiter.attempt('192.0.2.1', `staff${i}`, i).allowed).toBe(true);
  });

  it('keys a username the same however it is written: case, composed or decomposed Vietnamese', () => {
    const limiter = new LoginRateLimiter(limits({ failuresPerUser: 2 }));
    const composed = 'Đức.Nguyễn';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    limiter.failed('10.0.0.1', composed, 0);
    limiter.failed('10.0.0.2', decomposed, 0);
    expect(limiter.attempt('10.0.0.3', 'đức.nguyễn', 1)).toMatchObject({ allowed: false, scope: 'user' });
    expect(limiter.attempt('10.0.0.3', 'ĐỨC.NGUYỄN'.normalize('NFD'), 1)).toMatchObject({ allowed: false, scope: 'user' });
    expect(limiter.attempt('10.0.0.3', 'duc.nguyen', 1).allowed).toBe(true);
  });

  it('tracks a bounded number of keys', () => {
    const limiter = new LoginRateLimiter(limits({ perAddressAndUser: 1, maxKeys: 3 }));
    for (const user of ['a', 'b', 'c', 'd']) limiter.attempt('ip', user, 0);
    expect(limiter.attempt('ip', 'a', 1).allowed).toBe(true); // 'ip|a' was dropped as the oldest
    expect(limiter.attempt('ip', 'd', 1).allowed).toBe(false);
  });
});
