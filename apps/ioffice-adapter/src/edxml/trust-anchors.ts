import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** Trust anchors as loaded, or why they could not be. */
export type LoadedAnchors = { readonly ok: true; readonly certificates: readonly X509Certificate[] } | { readonly ok: false; readonly reason: string };

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
 * The CA certificates trusted for edXML signatures (`TRUST_ANCHORS`, a PEM file). Read lazily and again
 * whenever the file changes, so that the file may appear after start (the simulator writes it on its first
 * start) or be rotated without a restart. A missing or unreadable file is a reason, never a crash.
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
      return { ok: false, reason: `the trust anchors file ${this.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set TRUST_ANCHORS to a PEM file of CA certificates` };
    }
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.loaded;
    let loaded: LoadedAnchors;
    try {
      const certificates = certificatesFromPem(readFileSync(this.file, 'utf8'));
      loaded = certificates.length > 0 ? { ok: true, certificates } : { ok: false, reason: `the trust anchors file ${this.file} holds no PEM certificate` };
    } catch (error) {
      loaded = { ok: false, reason: `the trust anchors file ${this.file} is invalid: ${(error as Error).message}` };
    }
    this.cached = { mtimeMs: stat.mtimeMs, size: stat.size, loaded };
    return loaded;
  }
}
