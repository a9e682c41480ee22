import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { ConfigError } from '@lienthong/config';
import type { Session } from '../auth/session.store';

/** The request as Express hands it to the console (only what the console uses). */
export type ConsoleRequest = IncomingMessage & {
  readonly path: string;
  readonly ip?: string;
  readonly query: Record<string, unknown>;
  body?: unknown;
  /** Set by the access guard for authenticated requests. */
  consoleSession?: Session;
};

export type ConsoleResponse = ServerResponse;

export const SESSION_COOKIE = 'lt_session';

/** Cookies of a request (the few the console sets; no dependency needed for that). */
export function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed cookie is ignored
    }
  }
  return out;
}

/** The `Set-Cookie` value of the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind TLS. */
export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds?: number }): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${options.maxAgeSeconds}`] : []),
  ].join('; ');
}

/** Reads a positive integer query parameter, within bounds. */
export function intParam(value: unknown, fallback: number, min: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) ? Math.min(Math.max(n, min), max) : fallback;
}

/** Reads an optional string query parameter (trimmed, empty = absent, at most 200 characters). */
export function strParam(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  return s === '' ? undefined : s.slice(0, 200);
}

/** Express's `trust proxy`: off, every proxy, a number of hops, or the addresses (and named ranges) of trusted proxies. */
export type TrustProxy = boolean | number | readonly string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `TRUST_PROXY`: which reverse proxies may tell the console the client's address (`X-Forwarded-For`), so that
 * the login limiter and the audit trail see the client and not the proxy. Unset or `false`: none (the address
 * of the connection is the client's). `loopback` (a proxy on the same machine), addresses or CIDR ranges
 * separated by commas, `linklocal`, `uniquelocal`, or a number of proxy hops. `true` trusts any sender, which lets
 * anyone who reaches the console directly choose the address it logs: only behind a proxy that is the one way in.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address, prefix, ...extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!NAMED_RANGES.includes(entry) && !(family !== 0 && prefixOk && extra.length === 0)) {
      throw new ConfigError(`TRUST_PROXY: "${entry}" is not loopback, linklocal, uniquelocal, an IP address or a CIDR range (e.g. TRUST_PROXY=loopback or 10.0.0.5,192.168.10.0/24; or a number of hops, true or false)`);
    }
  }
  return entries;
}
