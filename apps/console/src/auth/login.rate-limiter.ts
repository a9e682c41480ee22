/**
 * Sliding-window limit on login attempts, per key (IP address + username): at most `max` attempts in
 * `windowMs`. In memory: a console runs as one process, and a restart forgetting counts is harmless.
 * Bounded: at most `maxKeys` keys are tracked; the oldest are dropped first.
 */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** Records an attempt; `allowed: false` with how long to wait when the key is over its limit. */
  hit(key: string, now = Date.now()): { allowed: boolean; retryAfterMs: number } {
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.attempts.set(key, recent);
      return { allowed: false, retryAfterMs: this.windowMs - (now - recent[0]) };
    }
    recent.push(now);
    this.attempts.delete(key); // re-insert: Map order is then least recently used first
    this.attempts.set(key, recent);
    while (this.attempts.size > this.maxKeys) this.attempts.delete(this.attempts.keys().next().value as string);
    return { allowed: true, retryAfterMs: 0 };
  }
}
