import { X509Certificate, createHash } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { factsOf, oneLineName } from './certificate-chain';
import { VerifiedChains } from './certificate-chain.cache';
import { SIGNATURE_ALGORITHMS, XMLDSIG_NS } from './edxml.constants';
import type { EdxmlPackage } from './edxml.model';
import type { TrustAnchors } from './trust-anchors';
import { parseEdxmlTime } from './vietnam-time';
import { NO_REVOCATION_CHECK, type RevocationCheck, RevocationUnknown } from '../pki/revocation';

/** Where the verifier gets its trust anchors (a `TrustAnchors` file in production). */
export type AnchorSource = Pick<TrustAnchors, 'load'>;

/** What the bus verified about a package's signature; `reason` says why it failed, for people. */
export interface SignatureVerdict {
  readonly verified: boolean;
  readonly reason?: string;
  /** Subject of the signer's certificate, one line (`CN=..., O=..., C=VN`), when one was found. */
  readonly signerSubject?: string;
  /** The signing time the certificates were checked at (see `signingTime`), when verified. */
  readonly signedAt?: Date;
}

/** What the bus knows about a package besides its content: who must have signed it, and when it could have been. */
export interface SigningContext {
  /** The department the answered package was sent to, when its table entry names its signer (`signerSubject`). */
  readonly signer?: { readonly pattern: RegExp; readonly department: string };
  /** When iOffice took the bus's package that this one answers: the answer cannot have been signed before. */
  readonly sentAt: Date;
  /** When iOffice received this package (its list's `receivedAt`): it cannot have been signed after. */
  readonly receivedAt: Date;
}

/** How far the signer's clock may be from iOffice's before its claimed signing time is no longer believed. */
export const SIGNING_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The time the signer's certificates are checked at. The package states it in its signed content: the `TraceHeader`
 * of its `From` organ (`Timestamp`, Vietnam time), written when the department signs and hands it over. That claim is
 * the signer's own, so it is believed only within what iOffice saw: not before the bus's package was taken
 * (`sentAt`), not after this one was received (`receivedAt`), with `SIGNING_CLOCK_SKEW_MS` either way; outside,
 * the nearest bound is used. Without a claim, `receivedAt` (the latest time it can have been signed).
 */
export function signingTime(pkg: EdxmlPackage, context: Pick<SigningContext, 'sentAt' | 'receivedAt'>): Date {
  const trace = [...pkg.traces].reverse().find((t) => t.organId === pkg.header.from.organId);
  const claimed = trace?.timestamp === undefined ? undefined : parseEdxmlTime(trace.timestamp);
  const earliest = context.sentAt.getTime() - SIGNING_CLOCK_SKEW_MS;
  const latest = context.receivedAt.getTime() + SIGNING_CLOCK_SKEW_MS;
  if (!claimed || !(earliest <= latest)) return context.receivedAt;
  return new Date(Math.min(latest, Math.max(earliest, claimed.getTime())));
}

const dsChildren = (parent: Element | undefined, name: string): Element[] => {
  const out: Element[] = [];
  for (let n = parent?.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === XMLDSIG_NS) out.push(n as Element);
  }
  return out;
};
const dsChild = (parent: Element | undefined, name: string): Element | undefined => dsChildren(parent, name)[0];

/**
 * Checks that the signature is the one the contract describes (enveloped, C14N 1.0, rsa-sha256, sha256,
 * one Reference with URI="" so the whole package is covered); returns the problem, or the certificates' base64 texts.
 */
function inspect(signature: Element): { problem: string } | { encoded: string[] } {
  const signedInfo = dsChild(signature, 'SignedInfo');
  const algorithm = (el: Element | undefined): string | null => el?.getAttribute('Algorithm') ?? null;
  const c14n = algorithm(dsChild(signedInfo, 'CanonicalizationMethod'));
  if (c14n !== SIGNATURE_ALGORITHMS.c14n)
    return { problem: `canonicalization is ${c14n ?? 'missing'}; the contract requires C14N 1.0 (${SIGNATURE_ALGORITHMS.c14n})` };
  const method = algorithm(dsChild(signedInfo, 'SignatureMethod'));
  if (method !== SIGNATURE_ALGORITHMS.rsaSha256)
    return { problem: `signature method is ${method ?? 'missing'}; the contract requires rsa-sha256` };
  const references = dsChildren(signedInfo, 'Reference');
  if (references.length !== 1 || references[0].getAttribute('URI') !== '') {
    return { problem: 'the signature must have exactly one Reference with URI="" (the whole package, attachments included)' };
  }
  const transforms = dsChildren(dsChild(references[0], 'Transforms'), 'Transform').map((t) => algorithm(t));
  if (
    !transforms.includes(SIGNATURE_ALGORITHMS.enveloped) ||
    transforms.some((t) => t !== SIGNATURE_ALGORITHMS.enveloped && t !== SIGNATURE_ALGORITHMS.c14n)
  ) {
    return {
      problem: `the Reference transforms are [${transforms.join(', ')}]; the contract requires the enveloped-signature transform and C14N 1.0 only`,
    };
  }
  const digest = algorithm(dsChild(references[0], 'DigestMethod'));
  if (digest !== SIGNATURE_ALGORITHMS.sha256) return { problem: `digest method is ${digest ?? 'missing'}; the contract requires sha256` };
  const encoded = dsChildren(dsChild(dsChild(signature, 'KeyInfo'), 'X509Data'), 'X509Certificate');
  if (encoded.length === 0)
    return { problem: 'KeyInfo/X509Data/X509Certificate is missing: the signer certificate must travel with the signature' };
  return { encoded: encoded.map((e) => (e.textContent ?? '').replace(/\s+/g, '')) };
}

/**
 * Verifies the enveloped XML-DSig signature of a numbered decision (ioffice-soap.md) and the signer's certificate:
 * chain to the trust anchors, every certificate valid at the signing time, keyUsage fit for signing, the department's
 * own (`signerSubject`), and not revoked. Any failure is a verdict with a reason, so that the decision is recorded as
 * not verified instead of being lost or forwarded as valid; the one exception is a revocation status that cannot be
 * known now (`RevocationUnknown`, transient): the package is then taken again at a later poll, never verified.
 */
export class SignatureVerifier {
  /** The signers' certificates and trusted chains, reused across packages (see `VerifiedChains` for when). */
  private readonly chains = new VerifiedChains();

  constructor(
    private readonly anchors: AnchorSource,
    private readonly revocation: RevocationCheck = NO_REVOCATION_CHECK,
  ) {}

  async verify(pkg: EdxmlPackage, context: SigningContext): Promise<SignatureVerdict> {
    if (!pkg.signatureXml) return { verified: false, reason: 'the package is not signed (no ds:Signature in edXMLHeader)' };
    const signature = new DOMParser().parseFromString(pkg.signatureXml, 'text/xml').documentElement as Element;
    const inspected = inspect(signature);
    if ('problem' in inspected) return { verified: false, reason: inspected.problem };
    let certificates: readonly X509Certificate[];
    try {
      certificates = this.chains.certificates(inspected.encoded);
    } catch (error) {
      return { verified: false, reason: `KeyInfo/X509Data/X509Certificate is not a valid X.509 certificate (${(error as Error).message})` };
    }
    const [leaf, ...intermediates] = certificates;
    const signerSubject = oneLineName(leaf.subject);
    const failed = (reason: string): SignatureVerdict => ({ verified: false, reason, signerSubject });

    // The leaf's key as parsed once with its certificate, not its PEM text parsed again by each verification.
    const signed = new SignedXml({ publicCert: leaf.publicKey, getCertFromKeyInfo: () => null });
    // The digest over the whole package is taken over the canonical form of the skeleton with each lifted
    // attachment text expanded from the package's bytes (edxml/base64.lifter.ts): the same bytes, never one string.
    const lifted = pkg.lifted;
    signed.HashAlgorithms = {
      [SIGNATURE_ALGORITHMS.sha256]: class {
        getHash(canonical: string): string {
          return lifted.hashExpanded(createHash('sha256'), canonical).digest('base64');
        }
        getAlgorithmName(): string {
          return SIGNATURE_ALGORITHMS.sha256;
        }
      },
    };
    try {
      signed.loadSignature(pkg.signatureXml);
      if (!signed.checkSignature(pkg.xml))
        return failed(
          'the XML signature does not verify: the package was changed after it was signed, or it was not signed with the certificate it carries',
        );
    } catch (error) {
      return failed(`the XML signature does not verify: ${(error as Error).message}`);
    }
    if (signed.getSignedReferences().length !== 1) return failed('the XML signature does not cover the whole package');

    const anchors = this.anchors.load();
    if (!anchors.ok) return failed(`the certificate chain cannot be checked: ${anchors.reason}`);
    const signedAt = signingTime(pkg, context);
    const chain = this.chains.verify(leaf, intermediates, anchors.certificates, signedAt);
    if (!chain.trusted) return failed(chain.reason);
    const facts = factsOf(leaf);
    if (typeof facts === 'string') return failed(facts);
    if (facts.ca) return failed(`the signer certificate ${signerSubject} is a CA certificate, not an organization's signing certificate`);
    if (!facts.keyUsage?.has('digitalSignature') && !facts.keyUsage?.has('nonRepudiation')) {
      const has = facts.keyUsage ? `its keyUsage is ${[...facts.keyUsage].join(', ') || 'empty'}` : 'it has no keyUsage extension';
      return failed(`the signer certificate ${signerSubject} is not for signing: ${has}; digitalSignature or nonRepudiation is required`);
    }
    const { signer } = context;
    if (signer && !signer.pattern.test(signerSubject)) {
      return failed(
        `the signer certificate ${signerSubject} is not ${signer.department}'s: its subject does not match signerSubject ${signer.pattern.source} (DEPARTMENTS_FILE)`,
      );
    }
    const status = await this.revocation.check(chain.path, context.receivedAt);
    if (status.status === 'revoked') return failed(status.reason);
    if (status.status === 'unknown') throw new RevocationUnknown(status.reason);
    return { verified: true, signerSubject, signedAt };
  }
}
