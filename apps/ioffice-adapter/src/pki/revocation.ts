import type { X509Certificate } from 'node:crypto';
import { TransientFailure } from '@lienthong/messaging';

/**
 * `TRUST_REVOCATION`: `required`: every certificate of the path (but the anchor) must have a known status, from a
 * CRL or an OCSP responder; `when-published`: checked wherever a source exists (a CRL of `TRUST_CRL_URLS` from its
 * issuer, or the certificate's own CRL Distribution Points or OCSP responder), a certificate with none is not
 * checked; `off`: not checked. An unreachable or out-of-date source is an unknown status in every mode but `off`.
 */
export type RevocationMode = 'required' | 'when-published' | 'off';
export const REVOCATION_MODES: readonly RevocationMode[] = ['required', 'when-published', 'off'];

export interface RevocationOptions {
  readonly mode: RevocationMode;
  /** `TRUST_CRL_URLS`: CRLs the operator names (a mirror inside the province's network); asked first. */
  readonly crlUrls: readonly string[];
  /** `TRUST_REVOCATION_TIMEOUT_MS`: one CRL download or OCSP request. */
  readonly timeoutMs: number;
}

/**
 * The revocation status of a certificate path: `good` (every certificate checked, none revoked), `revoked` (with
 * which and when), or `unknown` (a status that cannot be known now: a CRL or responder unreachable, out of date, or
 * none to ask). The reasons are for people.
 */
export type RevocationStatus =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly reason: string }
  | { readonly status: 'unknown'; readonly reason: string };

/** Checks a verified path (leaf first, the trust anchor last; the anchor itself is not checked). */
export interface RevocationCheck {
  /** `receivedAt`: when iOffice received the signed package; a revocation after it does not undo the signature. */
  check(path: readonly X509Certificate[], receivedAt: Date): Promise<RevocationStatus>;
}

/** No revocation checking (`TRUST_REVOCATION=off`, and unit tests of other rules). */
export const NO_REVOCATION_CHECK: RevocationCheck = { check: () => Promise.resolve({ status: 'good' }) };

/**
 * The revocation status of a signer's certificate cannot be known now. Transient: the package stays in iOffice and
 * is taken again at a later poll; it is never announced verified on an unknown status.
 */
export class RevocationUnknown extends TransientFailure {
  constructor(reason: string) {
    super('IOFFICE.REVOCATION_UNKNOWN', `the revocation status of the signer's certificate cannot be known now: ${reason}`);
  }
}
