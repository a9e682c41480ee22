/** An access token from `POST /oauth/token`. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

/**
 * Keeps the current OAuth access token and renews it before it expires (a fifth of its lifetime, at most a
 * minute, ahead) or when the operator says it expired (`invalidate`). Concurrent callers share one renewal.
 */
export class TokenCache {
  private token: string | undefined;
  private renewAt = 0;
  private renewing: Promise<string> | undefined;
  /** Tokens fetched since start (for metrics and tests). */
  issued = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The current token, fetching a new one with `fetch` when there is none or it is about to expire. */
  async get(fetch: () => Promise<IssuedToken>): Promise<string> {
    if (this.token && this.now() < this.renewAt) return this.token;
    this.renewing ??= fetch()
      .then((issued) => {
        const lifetimeMs = issued.expiresInSeconds * 1000;
        this.token = issued.accessToken;
        this.renewAt = this.now() + lifetimeMs - Math.min(60_000, lifetimeMs / 5);
        this.issued += 1;
        return issued.accessToken;
      })
      .finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  /** Forgets `token` (the operator answered 401 to it), unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.token === token) this.token = undefined;
  }
}
