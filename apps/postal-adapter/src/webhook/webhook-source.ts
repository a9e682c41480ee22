import { isIP } from 'node:net';
import { POSTAL_ADAPTER_ENV } from '@lienthong/config';

/** Loopback: the console on the same host, which forwards the public webhook here. */
export const DEFAULT_TRUSTED_FORWARDERS: readonly string[] = POSTAL_ADAPTER_ENV.POSTAL_WEBHOOK_TRUSTED_FORWARDERS.spec.default ?? [];

/**
 * Who sent a callback, as far as can be trusted: the socket's peer, unless it is a trusted forwarder (the console,
 * a reverse proxy), in which case the `X-Forwarded-For` entries are read from the right, each trusted forwarder
 * skipped, and the first address no trusted party vouches for is the source. Entries left of it may be forged by
 * the sender, so they are never used. Values that are not IP addresses end the walk.
 */
export function sourceOf(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: ReadonlySet<string>,
): string {
  const peer = socketAddress ?? 'unknown';
  if (!trusted.has(peer)) return peer;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  let source = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    if (isIP(chain[i]) === 0) break;
    source = chain[i];
    if (!trusted.has(source)) break;
  }
  return source;
}
