import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { issuerProblem, oneLineName } from './certificate-chain';

/** Trust anchors as loaded, or why they could not be. */
export type LoadedAnchors =
  { readonly ok: true; readonly certificates: readonly X509Certificate[] } | { readonly ok: false; readonly reason: string };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads every certificate of a PEM text; throws naming the block that is not a certificate. */
export function certificatesFromPem(pem: string): X509Certificate[] {
  return (pem.match(PEM_BLOCK) ?? []).map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new Error(`certificate ${i + 1} is not a valid X.509 certificate (${(error as Error).message})`);
    }
  });
}

/**
 * The trust anchors of a PEM text (`file` names it in reasons). Every certificate must be a CA fit to issue
 * (basicConstraints CA, keyCertSign when keyUsage is present): an organization's own certificate as an anchor would
 * make whatever it signs trusted, so one unfit certificate refuses the whole file, naming `TRUST_ANCHORS`.
 */
export function anchorsFromPem(pem: string, file: string): LoadedAnchors {
  let certificates: X509Certificate[];
  try {
    certificates = certificatesFromPem(pem);
  } catch (error) {
    return { ok: false, reason: `TRUST_ANCHORS: the trust anchors file ${file} is invalid: ${(error as Error).message}` };
  }
  if (certificates.length === 0) return { ok: false, reason: `TRUST_ANCHORS: the trust anchors file ${file} holds no PEM certificate` };
  for (const [i, certificate] of certificates.entries()) {
    const problem = issuerProblem(certificate, 0);
    if (problem)
      return {
        ok: false,
        reason: `TRUST_ANCHORS: in ${file}, certificate ${i + 1} (${oneLineName(certificate.subject)}) cannot be a trust anchor: ${problem}`,
      };
  }
  return { ok: true, certificates };
}

/**
 * The CA certificates trusted for edXML signatures (`TRUST_ANCHORS`, a PEM file). Read lazily and again
 * whenever the file changes, so that the file may appear after start (the simulator writes it on its first
 * start) or be rotated without a restart. A missing, unreadable or refused file (`anchorsFromPem`) is a reason, never a
 * crash.
 */
export class TrustAnchors {
  private cached: { mtimeMs: number; size: number; loaded: LoadedAnchors } | undefined;

  constructor(readonly file: string) {}

  load(): LoadedAnchors {
    let stat;
    try {
      stat = statSync(this.file);
    } catch (error) {
      this.cached = undefined;
      return {
        ok: false,
        reason: `TRUST_ANCHORS: the trust anchors file ${this.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set TRUST_ANCHORS to a PEM file of CA certificates`,
      };
    }
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.loaded;
    let loaded: LoadedAnchors;
    try {
      loaded = anchorsFromPem(readFileSync(this.file, 'utf8'), this.file);
    } catch (error) {
      loaded = { ok: false, reason: `TRUST_ANCHORS: the trust anchors file ${this.file} cannot be read (${(error as Error).message})` };
    }
    this.cached = { mtimeMs: stat.mtimeMs, size: stat.size, loaded };
    return loaded;
  }
}
