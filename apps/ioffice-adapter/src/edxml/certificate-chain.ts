import type { X509Certificate } from 'node:crypto';
import { type CertificateFacts, certificateFacts } from '../pki/certificate.facts';

/** The outcome of checking a signer certificate against the trust anchors. `path`: leaf first, the anchor last. */
export type ChainVerdict =
  { readonly trusted: true; readonly path: readonly X509Certificate[] } | { readonly trusted: false; readonly reason: string };

const MAX_DEPTH = 6;

/** `CN=..., O=..., C=VN`: a one-line distinguished name for messages and logs. */
export function oneLineName(name: string): string {
  // NFC, as the department table is read: a CA that wrote the organization's name decomposed still matches signerSubject.
  return name.split('\n').filter(Boolean).reverse().join(', ').normalize('NFC');
}

function validAt(cert: X509Certificate, at: Date): string | undefined {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (!(from <= at.getTime())) return `was not yet valid at ${at.toISOString()} (valid from ${cert.validFrom})`;
  if (!(at.getTime() <= to)) return `had expired at ${at.toISOString()} (valid to ${cert.validTo})`;
  return undefined;
}

const issues = (issuer: X509Certificate, cert: X509Certificate): boolean => cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/** The certificate's extensions, or why they cannot be read. */
export function factsOf(cert: X509Certificate): CertificateFacts | string {
  try {
    return certificateFacts(cert);
  } catch (error) {
    return `certificate ${oneLineName(cert.subject)} cannot be read (${(error as Error).message})`;
  }
}

/**
 * What makes a certificate unfit to issue others: not a CA (basicConstraints), keyUsage without keyCertSign, or a
 * path length constraint that `below` (the CA certificates between it and the signer) exceeds.
 */
export function issuerProblem(cert: X509Certificate, below: number): string | undefined {
  const name = oneLineName(cert.subject);
  const facts = factsOf(cert);
  if (typeof facts === 'string') return facts;
  if (!facts.ca) return `certificate ${name} is not a CA certificate (basicConstraints CA:TRUE), so it cannot issue others`;
  if (facts.keyUsage && !facts.keyUsage.has('keyCertSign'))
    return `CA certificate ${name} has a keyUsage without keyCertSign, so it cannot issue certificates`;
  if (facts.pathLength !== undefined && below > facts.pathLength)
    return `CA certificate ${name} allows ${facts.pathLength} CA certificate(s) below it (pathLenConstraint), the chain has ${below}`;
  return undefined;
}

/**
 * Builds a path from the signer's certificate through the intermediates it came with to one of the trust anchors,
 * checking each signature, that each issuer is a CA fit to issue (`issuerProblem`), that no certificate of the path
 * has a critical extension the bus does not process, and every validity period at `at` (the signing time).
 */
export function verifyChain(
  leaf: X509Certificate,
  intermediates: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  at: Date,
): ChainVerdict {
  const path: X509Certificate[] = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const problem = validAt(current, at);
    if (problem) return { trusted: false, reason: `certificate ${oneLineName(current.subject)} ${problem}` };
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return { trusted: true, path };
    const facts = factsOf(current);
    if (typeof facts === 'string') return { trusted: false, reason: facts };
    if (facts.unknownCritical.length > 0) {
      return {
        trusted: false,
        reason: `certificate ${oneLineName(current.subject)} has a critical extension the bus does not process (${facts.unknownCritical.join(', ')})`,
      };
    }
    const anchor = anchors.find((a) => issues(a, current));
    if (anchor) {
      const anchorProblem = validAt(anchor, at) ?? issuerProblem(anchor, path.length - 1);
      if (anchorProblem) return { trusted: false, reason: `trust anchor ${oneLineName(anchor.subject)}: ${anchorProblem}` };
      return { trusted: true, path: [...path, anchor] };
    }
    const next = intermediates.find((c) => c !== current && !path.includes(c) && issues(c, current));
    if (!next) {
      // OpenSSL's issuer check already refuses a CA without keyCertSign: say so rather than "no issuer".
      const refused = [...intermediates, ...anchors].find((c) => c.subject === current.issuer && current.verify(c.publicKey));
      const unfit = refused && issuerProblem(refused, path.length - 1);
      if (unfit) return { trusted: false, reason: `${unfit} (it issued ${oneLineName(current.subject)})` };
      return {
        trusted: false,
        reason: `the signer certificate ${oneLineName(leaf.subject)} does not chain to any trust anchor (TRUST_ANCHORS): no trusted issuer for ${oneLineName(current.subject)}, issued by ${oneLineName(current.issuer)}`,
      };
    }
    const unfit = issuerProblem(next, path.length - 1);
    if (unfit) return { trusted: false, reason: `${unfit} (it issued ${oneLineName(current.subject)})` };
    path.push(next);
    current = next;
  }
  return { trusted: false, reason: `the certificate chain of ${oneLineName(leaf.subject)} is longer than ${MAX_DEPTH}` };
}
