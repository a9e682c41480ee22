import { BlockList, isIP } from 'node:net';
import {
  ConfigError,
  DEVELOPMENT_DOCUMENT_HOSTS as DEVELOPMENT_HOSTS,
  type EnvSource,
  ORCHESTRATOR_ENV,
  processEnv,
} from '@lienthong/config';

/**
 * Addresses that are not on the public internet: the machine itself, private and carrier-grade networks,
 * link-local (the cloud metadata service at 169.254.169.254), multicast, unspecified and reserved ranges, and
 * the same IPv4 ranges written as IPv6 (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64
 * `64:ff9b::a.b.c.d`), which reach the same hosts.
 */
const INTERNAL_IPV4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const INTERNAL_IPV6: ReadonlyArray<readonly [string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed inside some networks)
  ['ff00::', 8], // multicast
];

const INTERNAL = ((): BlockList => {
  const list = new BlockList();
  for (const [address, prefix] of INTERNAL_IPV4) {
    list.addSubnet(address, prefix, 'ipv4');
    const [a, b, c, d] = address.split('.').map(Number);
    const low32 = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    for (const v6 of ['::ffff:', '::', '64:ff9b::']) list.addSubnet(`${v6}${low32}`, 96 + prefix, 'ipv6');
  }
  for (const [address, prefix] of INTERNAL_IPV6) list.addSubnet(address, prefix, 'ipv6');
  return list;
})();

/** Whether an IP address (v4 or v6, without brackets) is internal: loopback, private, link-local, multicast, unspecified, reserved, or such an IPv4 address inside IPv6. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: never connect to it
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** How a URL's host was allowed: listed by name or address (`exact`), or by a wildcard, which allows public addresses only. */
export interface HostGrant {
  readonly exact: boolean;
}

interface Entry {
  /** Canonical host (lowercase, punycode, IPv6 in brackets), or the suffix after `*.` for a wildcard; `''` for `*`. */
  readonly host: string;
  readonly wildcard: boolean;
  /** Undefined: any port. */
  readonly port?: number;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/** Loopback by name and address, any port: the simulators and the tests' file servers. Outside production only. */
export const DEVELOPMENT_DOCUMENT_HOSTS = DEVELOPMENT_HOSTS.join(',');

/**
 * The hosts documents may be fetched from (`DOCUMENT_HOSTS`): a comma-separated list of `host` (any port),
 * `host:port`, `[ipv6]:port`, `*.example.gov.vn` (any name under it) or `*` (any name). A host listed exactly may
 * resolve to any address, internal ones included (the province's own document store); a host allowed only by a
 * wildcard must resolve to public addresses alone, checked on the address actually connected to.
 */
export class DocumentHosts {
  private constructor(
    private readonly entries: readonly Entry[],
    /** As configured, for messages. */
    readonly description: string,
  ) {}

  /** Parses a list; `variable` names it in errors. */
  static parse(value: string, variable = 'DOCUMENT_HOSTS'): DocumentHosts {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) throw new ConfigError(`${variable} must list at least one host (host, host:port, *.domain or *)`);
    return new DocumentHosts(
      items.map((item) => parseEntry(item, variable)),
      items.join(','),
    );
  }

  /**
   * `DOCUMENT_HOSTS`; required when NODE_ENV=production. Elsewhere it defaults to loopback (any port), where the
   * simulators serve their documents.
   */
  static fromEnv(env: EnvSource = processEnv()): DocumentHosts {
    return DocumentHosts.parse(ORCHESTRATOR_ENV.DOCUMENT_HOSTS.read(env).join(','));
  }

  /** How this URL's host is allowed, or undefined when it is not. */
  grant(url: URL): HostGrant | undefined {
    const host = url.hostname.toLowerCase();
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
    let wildcard = false;
    for (const entry of this.entries) {
      if (entry.port !== undefined && entry.port !== port) continue;
      if (!entry.wildcard) {
        if (entry.host === host) return { exact: true };
      } else if (isIP(bare(host)) === 0 && (entry.host === '' || host.endsWith(`.${entry.host}`))) {
        wildcard = true;
      }
    }
    return wildcard ? { exact: false } : undefined;
  }
}

function parseEntry(item: string, variable: string): Entry {
  const wildcard = item === '*' || item.startsWith('*.') || item.startsWith('*:');
  const rest = item === '*' ? '' : wildcard ? item.slice(item.startsWith('*.') ? 2 : 1) : item;
  let url: URL;
  try {
    // A placeholder label keeps `*:8443` and `*.example.vn` parseable; URL gives the canonical host (lowercase, punycode, IPv4 in dotted quads).
    url = new URL(`http://${wildcard ? `x${rest.startsWith(':') || rest === '' ? '' : '.'}${rest}` : rest}`);
  } catch {
    if (wildcard)
      throw new ConfigError(
        `${variable}: "${item}" is not a valid *.domain: a wildcard stands for DNS names (*.example.gov.vn); list addresses one by one`,
      );
    throw new ConfigError(`${variable}: "${item}" is not a host, host:port, *.domain or *`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`${variable}: "${item}" must be a host name or address with an optional :port, not a URL`);
  }
  const explicitPort = /:(\d+)$/.exec(rest)?.[1];
  const port = explicitPort === undefined ? undefined : Number(explicitPort);
  if (port !== undefined && (port < 1 || port > 65535)) throw new ConfigError(`${variable}: "${item}" has a port outside 1-65535`);
  const host = url.hostname.toLowerCase();
  if (wildcard) {
    const suffix = host === 'x' ? '' : host.slice(2);
    if (isIP(bare(suffix)) !== 0)
      throw new ConfigError(`${variable}: "${item}": a wildcard stands for DNS names; list addresses one by one`);
    return { host: suffix, wildcard: true, ...(port === undefined ? {} : { port }) };
  }
  return { host, wildcard: false, ...(port === undefined ? {} : { port }) };
}

/** An IPv6 host without its brackets. */
export function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
