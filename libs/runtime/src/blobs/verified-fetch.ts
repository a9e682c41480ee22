import { createHash } from 'node:crypto';
import axios from 'axios';
import { ContractViolation, TransientFailure } from '@lienthong/messaging';

/** A document reference as messages carry it (claim check). */
export interface FileReference {
  readonly url: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
}

/**
 * Fetches a referenced document and checks it is exactly what the message said: size and SHA-256. A mismatch,
 * a file too large, or a 4xx is the message's fault (`ContractViolation` naming `<field>.sha256`, `.sizeBytes` or
 * `.url`); an unreachable server, a 5xx, 408 or 429 is transient (retried later).
 */
export async function fetchVerified(file: FileReference, field: string, limits: { timeoutMs: number; maxBytes: number }): Promise<Buffer> {
  const { url, sha256, sizeBytes } = file;
  const violation = (name: string, problem: string): ContractViolation => new ContractViolation([{ field: `${field}.${name}`, problem }]);
  if (sizeBytes > limits.maxBytes) throw violation('sizeBytes', `is ${sizeBytes} bytes; at most ${limits.maxBytes} are accepted`);
  let response;
  try {
    response = await axios.get<ArrayBuffer>(url, { responseType: 'arraybuffer', timeout: limits.timeoutMs, maxContentLength: sizeBytes, maxRedirects: 3, validateStatus: () => true });
  } catch (error) {
    const message = (error as Error).message;
    if (/maxContentLength/i.test(message)) throw violation('sizeBytes', `is ${sizeBytes}, but ${url} serves a larger file`);
    throw new TransientFailure('DOCUMENT.UNAVAILABLE', `cannot fetch ${url} (${message}); retried later`, { cause: error });
  }
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    throw new TransientFailure('DOCUMENT.UNAVAILABLE', `fetching ${url} answered HTTP ${response.status}; retried later`);
  }
  if (response.status !== 200) throw violation('url', `could not be fetched: HTTP ${response.status}`);
  const content = Buffer.from(response.data);
  if (content.length !== sizeBytes) throw violation('sizeBytes', `is ${sizeBytes}, but the file at the url has ${content.length} bytes`);
  const actual = createHash('sha256').update(content).digest('hex');
  if (actual !== sha256.toLowerCase()) throw violation('sha256', `does not match the file at the url (its sha256 is ${actual})`);
  return content;
}
