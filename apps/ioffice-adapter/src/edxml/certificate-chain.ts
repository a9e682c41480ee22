import type { X509Certificate } from 'node:crypto';

/** The outcome of checking a signer certificate against the trust anchors. */
export type ChainVerdict = { readonly trusted: true; readonly path: readonly X509Certificate[] } | { readonly trusted: false; readonly reason: string };

const MAX_DEPTH = 6;

/** `CN=..., O=..., C=VN`: a one-line distinguished name for messages and logs. */
export function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).reverse().join(', ');
}

function validAt(cert: X509Certificate, at: Date): string | undefined {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (!(from <= at.getTime())) return `is not valid before ${cert.validFrom}`;
  if (!(at.getTime() <= to)) return `expired on ${cert.validTo}`;
  return undefined;
}

const issues = (issuer: X509Certificate, cert: X509Certificate): boolean => cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/**
 * Builds a path from the signer's certificate through the intermediates it came with to one of the trust
 * anchors, checking each signature, that each issuer is a CA, and every validity period at `at`.
 */
export function verifyChain(leaf: X509Certificate, intermediates: readonly X509Certificate[], anchors: readonly X509Certificate[], at: Date): ChainVerdict {
  const path: X509Certificate[] = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const problem = validAt(current, at);
    if (problem) return { trusted: false, reason: `certificate ${oneLineName(current.subject)} ${problem}` };
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return { trusted: true, path };
    const anchor = anchors.find((a) => issues(a, current));
    if (anchor) {
      const anchorProblem = validAt(anchor, at);
      if (anchorProblem) return { trusted: false, reason: `trust anchor ${oneLineName(anchor.subject)} ${anchorProblem}` };
      return { trusted: true, path: [...path, anchor] };
    }
    const next = intermediates.find((c) => c !== current && !path.includes(c) && issues(c, current));
    if (!next) {
      return {
        trusted: false,
        reason: `the signer certificate ${oneLineName(leaf.subject)} does not chain to any trust anchor (TRUST_ANCHORS): no trusted issuer for ${oneLineName(current.subject)}, issued by ${oneLineName(current.issuer)}`,
      };
    }
    if (!next.ca) return { trusted: false, reason: `certificate ${oneLineName(next.subject)} issued ${oneLineName(current.subject)} but is not a CA certificate` };
    path.push(next);
    current = next;
  }
  return { trusted: false, reason: `the certificate chain of ${oneLineName(leaf.subject)} is longer than ${MAX_DEPTH}` };
}
