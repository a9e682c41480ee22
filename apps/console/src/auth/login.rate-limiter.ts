/** The window of the per-address and per-username failure limits. */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

/** How many login attempts the console lets through, and over which windows. */
export interface LoginLimits {
  /** Attempts (right or wrong) per address and username, per `windowMs`: guessing one user's password from one place. */
  readonly perAddressAndUser: number;
  readonly windowMs: number;
  /** Failed attempts per address, whatever the username, per `failureWindowMs`: one password tried on many users (spraying). */
  readonly failuresPerAddress: number;
  /** Failed attempts per username, whatever the address, per `failureWindowMs`: one user guessed from many addresses. */
  readonly failuresPerUser: number;
  readonly failureWindowMs: number;
  /** Most keys each window tracks; the least recently used are dropped first. */
  readonly maxKeys?: number;
}

/** Which limit refused an attempt. */
export type LoginLimitScope = 'address+user' | 'address' | 'user';

export type LoginCheck =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number; readonly scope: LoginLimitScope };

/** The key of a username: as typed, NFC (so a decomposed "Đức" is the same key as a composed one), lower case. */
export function usernameKey(username: string): string {
  return username.normalize('NFC').toLowerCase();
}

/**
 * Limits on login attempts, in memory: a console runs as one process, and a restart forgetting counts is
 * harmless. Every attempt counts against its address and username together; failures also count against
 * the address alone and the username alone, so neither one password sprayed over many usernames nor one
 * username tried from many addresses escapes the limit. Successful logins never count against the latter
 * two, so an office behind one address is not held back by its colleagues logging in. Refused attempts
 * count nowhere, so waiting out the window always works.
 */
export class LoginRateLimiter {
  private readonly pairs: SlidingWindow;
  private readonly addresses: SlidingWindow;
  private readonly users: SlidingWindow;

  constructor(limits: LoginLimits) {
    const maxKeys = limits.maxKeys ?? 10_000;
    this.pairs = new SlidingWindow(limits.perAddressAndUser, limits.windowMs, maxKeys);
    this.addresses = new SlidingWindow(limits.failuresPerAddress, limits.failureWindowMs, maxKeys);
    this.users = new SlidingWindow(limits.failuresPerUser, limits.failureWindowMs, maxKeys);
  }

  /** Checks an attempt before the password is looked at; an allowed one is counted against its address and username together. */
  attempt(address: string, username: string, now = Date.now()): LoginCheck {
    const user = usernameKey(username);
    const pair = `${address}|${user}`;
    const refusals: { scope: LoginLimitScope; waitMs: number }[] = [
      { scope: 'address+user', waitMs: this.pairs.waitMs(pair, now) },
      { scope: 'address', waitMs: this.addresses.waitMs(address, now) },
      { scope: 'user', waitMs: this.users.waitMs(user, now) },
    ];
    const refused = refusals.filter((r) => r.waitMs > 0).sort((a, b) => b.waitMs - a.waitMs)[0];
    if (refused) return { allowed: false, retryAfterMs: refused.waitMs, scope: refused.scope };
    this.pairs.add(pair, now);
    return { allowed: true };
  }

  /** Counts a wrong password (or unknown username) against the address alone and the username alone. */
  failed(address: string, username: string, now = Date.now()): void {
    this.addresses.add(address, now);
    this.users.add(usernameKey(username), now);
  }
}

/** At most `max` events per key in any `windowMs`; bounded to `maxKeys` keys, least recently used dropped first. */
class SlidingWindow {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  /** 0 when one more event is allowed now, otherwise how long until it is. */
  waitMs(key: string, now: number): number {
    const recent = this.recent(key, now);
    return recent.length >= this.max ? this.windowMs - (now - recent[0]) : 0;
  }

  add(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.events.delete(key); // re-insert: Map order is then least recently used first
    this.events.set(key, recent);
    while (this.events.size > this.maxKeys) this.events.delete(this.events.keys().next().value as string);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length > 0) this.events.set(key, kept);
    else this.events.delete(key);
    return kept;
  }
}
