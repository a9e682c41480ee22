import { createHash } from 'node:crypto';
import { type WriteStream, createWriteStream } from 'node:fs';
import { lookup as dnsLookup } from 'node:dns/promises';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type LookupFunction, isIP } from 'node:net';
import { ContractViolation, TransientFailure } from '@lienthong/messaging';
import { type DocumentHosts, type HostGrant, bare, isInternalAddress } from './document-hosts';

/** A document reference as messages carry it (claim check). */
export interface FileReference {
  readonly url: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
}

/** One resolved address of a host name. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to every address it has (the system resolver by default; tests give their own). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface FetchPolicy {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** The setting `maxBytes` comes from, named in a refusal (`MAX_DOCUMENT_BYTES`). */
  readonly maxBytesName?: string;
  /** Hosts the document may come from (`DOCUMENT_HOSTS`); undefined: any host (references the bus wrote itself). */
  readonly hosts?: DocumentHosts;
  /** Request headers for this URL (the service token, sent to the bus's own services only). */
  readonly headersFor?: (url: URL) => Readonly<Record<string, string>>;
  readonly resolve?: Resolver;
}

/** The URL's host may not be connected to: said to the producer without the addresses the bus saw. */
class RefusedHost extends Error {}

/**
 * Fetches a referenced document and checks it is exactly what the message said: size and SHA-256.
 *
 * - The host must be allowed (`policy.hosts`), and a host allowed only by a wildcard must resolve to public
 *   addresses alone. The check runs inside the connection's own DNS lookup, on the very addresses the socket then
 *   connects to, so a name cannot resolve one way for the check and another for the connection.
 * - Redirects are never followed: a 3xx is the message's fault (the URL must name the document itself).
 * - The body is read up to the declared size and no further.
 *
 * A refused host, a redirect, a 4xx, a size or digest that does not match is the message's fault
 * (`ContractViolation` naming `<field>.url`, `.sizeBytes` or `.sha256`); an unreachable server, a timeout, a 5xx,
 * 408 or 429 is transient (retried later). Reasons never carry the size or digest of what was fetched, nor the
 * addresses a name resolved to: a producer must not be able to read the bus's network through them.
 */
export async function fetchVerified(file: FileReference, field: string, policy: FetchPolicy): Promise<Buffer> {
  return (await fetchChecked(file, field, policy)) as Buffer;
}

/**
 * `fetchVerified` without holding the document: the body is written to `path` as it arrives (the socket waits for
 * the disk), hashed on the way, and checked the same. On any failure `path` may hold part of it: the caller removes it.
 */
export async function fetchVerifiedToFile(file: FileReference, field: string, policy: FetchPolicy, path: string): Promise<void> {
  await fetchChecked(file, field, policy, path);
}

async function fetchChecked(file: FileReference, field: string, policy: FetchPolicy, path?: string): Promise<Buffer | undefined> {
  const { sha256, sizeBytes } = file;
  const violation = (name: string, problem: string): ContractViolation => new ContractViolation([{ field: `${field}.${name}`, problem }]);
  if (sizeBytes > policy.maxBytes) {
    const limit = `${policy.maxBytes} bytes (${(policy.maxBytes / (1024 * 1024)).toFixed(1)} MiB${policy.maxBytesName ? `, ${policy.maxBytesName}` : ''})`;
    throw violation('sizeBytes', `is ${sizeBytes} bytes, larger than the limit of ${limit}; the bus takes no document over it`);
  }
  let url: URL;
  try {
    url = new URL(file.url);
  } catch {
    throw violation('url', 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw violation('url', 'must be an http or https URL');
  let grant: HostGrant | undefined = { exact: true };
  if (policy.hosts) {
    grant = policy.hosts.grant(url);
    if (!grant) throw violation('url', `names host ${url.host}, which is not an allowed document host (DOCUMENT_HOSTS)`);
    if (!grant.exact && isIP(bare(url.hostname)) !== 0)
      throw violation('url', `names host ${url.host}, which is not an allowed document host (DOCUMENT_HOSTS)`);
  }

  let response: IncomingMessage;
  let received: Received;
  try {
    ({ response, received } = await get(url, { ...policy, checkAddresses: !grant.exact, limit: sizeBytes, into: path }));
  } catch (error) {
    if (error instanceof RefusedHost) throw violation('url', error.message);
    if (error instanceof TooLarge) throw violation('sizeBytes', `is ${sizeBytes}, but the file at the url is larger`);
    throw new TransientFailure('DOCUMENT.UNAVAILABLE', `cannot fetch ${url.href} (${(error as Error).message}); retried later`, {
      cause: error,
    });
  }
  const status = response.statusCode ?? 0;
  if (status >= 500 || status === 429 || status === 408)
    throw new TransientFailure('DOCUMENT.UNAVAILABLE', `fetching ${url.href} answered HTTP ${status}; retried later`);
  if (status >= 300 && status < 400)
    throw violation('url', `answered HTTP ${status} (a redirect); the bus does not follow redirects: give the URL of the document itself`);
  if (status !== 200) throw violation('url', `could not be fetched: HTTP ${status}`);
  if (received.size !== sizeBytes) throw violation('sizeBytes', `is ${sizeBytes}, which is not the size of the file at the url`);
  if (received.sha256 !== sha256.toLowerCase()) throw violation('sha256', 'does not match the file at the url');
  return received.content;
}

/** A 200's body: its size and SHA-256 (computed as it arrived), and the bytes when they were not written to a file. */
interface Received {
  readonly size: number;
  readonly sha256: string;
  readonly content?: Buffer;
}

class TooLarge extends Error {}

/**
 * One GET, no redirects, on a fresh connection whose DNS lookup refuses internal addresses when `checkAddresses`.
 * Resolves with the response and at most `limit` bytes of its body (a 200's body only).
 */
function get(
  url: URL,
  options: FetchPolicy & { checkAddresses: boolean; limit: number; into?: string },
): Promise<{ response: IncomingMessage; received: Received }> {
  const resolve = options.resolve ?? systemResolver;
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
        if (options.checkAddresses && addresses.some((a) => isInternalAddress(a.address))) {
          return callback(
            new RefusedHost(
              `names host ${url.host}, which resolves to an internal address; only hosts listed exactly in DOCUMENT_HOSTS may`,
            ),
            '',
            4,
          );
        }
        const family = typeof lookupOptions === 'object' ? lookupOptions.family : undefined;
        const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0)
          return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 4);
        if (typeof lookupOptions === 'object' && lookupOptions.all)
          return callback(
            null,
            usable.map((a) => ({ address: a.address, family: a.family })),
          );
        callback(null, usable[0].address, usable[0].family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = request(url, {
      method: 'GET',
      headers: { accept: '*/*', ...options.headersFor?.(url) },
      lookup,
      agent: false,
      timeout: options.timeoutMs,
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    let settled = false;
    let sink: WriteStream | undefined;
    const finish = (error: Error | undefined, result?: { response: IncomingMessage; received: Received }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) {
        sink?.destroy();
        fail(error);
      } else {
        done(result!);
      }
    };
    req.on('error', (error) => finish(error));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        req.destroy();
        return finish(undefined, { response, received: { size: 0, sha256: '' } });
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.limit) {
        req.destroy();
        return finish(new TooLarge());
      }
      const hash = createHash('sha256');
      // Kept in memory: read into one buffer of the declared size (the limit), not a list of chunks and then a copy.
      const content = options.into ? undefined : Buffer.allocUnsafe(options.limit);
      let length = 0;
      if (options.into) {
        sink = createWriteStream(options.into, { flags: 'wx' });
        sink.on('error', (error) => {
          req.destroy();
          finish(error);
        });
        sink.on('drain', () => response.resume());
      }
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
        // Stopped as soon as it passes the declared size (never above the limit): nothing more is read or kept.
        if (length > options.limit) {
          req.destroy();
          return finish(new TooLarge());
        }
        hash.update(chunk);
        if (content) chunk.copy(content, length - chunk.length);
        else if (!sink!.write(chunk)) response.pause();
      });
      response.on('end', () => {
        const received = { size: length, sha256: hash.digest('hex') };
        if (content) return finish(undefined, { response, received: { ...received, content: content.subarray(0, length) } });
        sink!.end(() => finish(undefined, { response, received }));
      });
      response.on('error', (error) => finish(error));
    });
    req.end();
  });
}
