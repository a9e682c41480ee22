import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';

/** Organization of every certificate the iOffice simulator makes (apps/sim-ioffice/src/pki/test-pki.ts). */
export const TEST_PKI_ORGANIZATION = 'Lien thong test PKI';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** Where `npm start` runs the simulators: iOffice, postal, one-stop. */
const SIMULATOR_PORTS = new Set(['3101', '3102', '3103']);

/** Why a RabbitMQ URL (AMQP or management) is refused in production: it logs in as `guest`, or as nobody, which is guest. */
export function guestUser(urls: readonly string[]): string | undefined {
  for (const text of urls) {
    const user = decodeURIComponent(new URL(text).username);
    if (user === '' || user === 'guest') {
      return `logs in as RabbitMQ's guest user${user === '' ? ' (a URL without a user means guest)' : ''}: create a user for the bus with its own password and only the permissions it needs (docs/configuration.md, "RabbitMQ users and permissions")`;
    }
  }
  return undefined;
}

/** Why an outside system's URL is refused in production: it is where `npm start` runs that system's simulator. */
export function simulatorAddress(system: string): (url: string) => string | undefined {
  return (text) => {
    const { hostname, port } = new URL(text);
    return LOOPBACK.has(hostname) && SIMULATOR_PORTS.has(port)
      ? `points at the ${system} simulator (${hostname}:${port}): set the address of the real ${system}`
      : undefined;
  };
}

/**
 * Why a trust-anchor file is refused in production: it holds a certificate of the simulator's test PKI, whose keys
 * are on every development machine. A file that cannot be read is left to the adapter, which names it.
 */
export function testCertificates(file: string): string | undefined {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
    let subject: string;
    try {
      subject = new X509Certificate(block).subject;
    } catch {
      continue;
    }
    if (subject.split('\n').includes(`O=${TEST_PKI_ORGANIZATION}`)) {
      return `(${file}) holds the iOffice simulator's test CA ("${subject.split('\n').find((l) => l.startsWith('CN=')) ?? subject}"): set the CA certificates that sign the departments' decisions`;
    }
  }
  return undefined;
}

/** Loopback and "any address": what only the machine itself (or nothing) reaches. */
const LOOPBACK_ADDRESSES = new BlockList();
LOOPBACK_ADDRESSES.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK_ADDRESSES.addAddress('0.0.0.0', 'ipv4');
LOOPBACK_ADDRESSES.addAddress('::1', 'ipv6');
LOOPBACK_ADDRESSES.addAddress('::', 'ipv6');
LOOPBACK_ADDRESSES.addSubnet('::ffff:7f00:0', 104, 'ipv6');

/**
 * Why a URL that other machines fetch is refused in production: its host is this machine's loopback (`localhost`,
 * `127.0.0.0/8`, `::1`) or no address at all (`0.0.0.0`), which no other machine reaches.
 */
export function loopbackUrl(text: string): string | undefined {
  const { hostname } = new URL(text);
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const family = isIP(host);
  const loopback =
    host === 'localhost' || host.endsWith('.localhost') || (family !== 0 && LOOPBACK_ADDRESSES.check(host, family === 6 ? 'ipv6' : 'ipv4'));
  return loopback
    ? `is ${hostname}, which only this machine reaches, but the document URLs made from it are fetched by other systems (the one-stop system, the bus services on other machines): set the name or address they reach this service at`
    : undefined;
}
