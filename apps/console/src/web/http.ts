import type { IncomingMessage, ServerResponse } from 'node:http';
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
