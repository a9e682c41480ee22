import { randomBytes } from 'node:crypto';

export type TokenCheck = 'valid' | 'expired' | 'unknown';

/** Issued bearer tokens and when each expires. Expired tokens are kept (up to a bound) so a 401 can say why. */
export class TokenStore {
  private readonly expiries = new Map<string, number>();
  private static readonly KEEP = 10_000;

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `expires_in` is whole seconds as OAuth wants; a fractional TTL (tests) still expires on time. */
  issue(): { accessToken: string; expiresIn: number } {
    this.prune();
    const accessToken = randomBytes(24).toString('base64url');
    this.expiries.set(accessToken, this.now() + this.ttlSeconds * 1000);
    return { accessToken, expiresIn: Math.max(1, Math.ceil(this.ttlSeconds)) };
  }

  check(token: string): TokenCheck {
    const expiresAt = this.expiries.get(token);
    if (expiresAt === undefined) return 'unknown';
    return this.now() < expiresAt ? 'valid' : 'expired';
  }

  expire(token: string): void {
    if (this.expiries.has(token)) this.expiries.set(token, 0);
  }

  /** Expires every token issued so far; returns how many were still valid. */
  expireAll(): number {
    let count = 0;
    for (const token of this.expiries.keys()) {
      if (this.check(token) === 'valid') count += 1;
      this.expiries.set(token, 0);
    }
    return count;
  }

  clear(): void {
    this.expiries.clear();
  }

  private prune(): void {
    if (this.expiries.size < TokenStore.KEEP) return;
    const now = this.now();
    for (const [token, expiresAt] of this.expiries) if (expiresAt <= now) this.expiries.delete(token);
  }
}
