import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { oneLineName, verifyChain } from './certificate-chain';
import { SIGNATURE_ALGORITHMS, XMLDSIG_NS } from './edxml.constants';
import type { EdxmlPackage } from './edxml.model';
import type { TrustAnchors } from './trust-anchors';

/** Where the verifier gets its trust anchors (a `TrustAnchors` file in production). */
export type AnchorSource = Pick<TrustAnchors, 'load'>;

/** What the bus verified about a package's signature; `reason` says why it failed, for people. */
export interface SignatureVerdict {
  readonly verified: boolean;
  readonly reason?: string;
  /** Subject of the signer's certificate, one line (`CN=..., O=..., C=VN`), when one was found. */
  readonly signerSubject?: string;
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
 * one Reference with URI="" so the whole package is covered); returns the problem, or the certificates.
 */
function inspect(signature: Element): { problem: string } | { certificates: X509Certificate[] } {
  const signedInfo = dsChild(signature, 'SignedInfo');
  const algorithm = (el: Element | undefined): string | null => el?.getAttribute('Algorithm') ?? null;
  const c14n = algorithm(dsChild(signedInfo, 'CanonicalizationMethod'));
  if (c14n !== SIGNATURE_ALGORITHMS.c14n) return { problem: `canonicalization is ${c14n ?? 'missing'}; the contract requires C14N 1.0 (${SIGNATURE_ALGORITHMS.c14n})` };
  const method = algorithm(dsChild(signedInfo, 'SignatureMethod'));
  if (method !== SIGNATURE_ALGORITHMS.rsaSha256) return { problem: `signature method is ${method ?? 'missing'}; the contract requires rsa-sha256` };
  const references = dsChildren(signedInfo, 'Reference');
  if (references.length !== 1 || references[0].getAttribute('URI') !== '') {
    return { problem: 'the signature must have exactly one Reference with URI="" (the whole package, attachments included)' };
  }
  const transforms = dsChildren(dsChild(references[0], 'Transforms'), 'Transform').map((t) => algorithm(t));
  if (!transforms.includes(SIGNATURE_ALGORITHMS.enveloped) || transforms.some((t) => t !== SIGNATURE_ALGORITHMS.enveloped && t !== SIGNATURE_ALGORITHMS.c14n)) {
    return { problem: `the Reference transforms are [${transforms.join(', ')}]; the contract requires the enveloped-signature transform and C14N 1.0 only` };
  }
  const digest = algorithm(dsChild(references[0], 'DigestMethod'));
  if (digest !== SIGNATURE_ALGORITHMS.sha256) return { problem: `digest method is ${digest ?? 'missing'}; the contract requires sha256` };
  const encoded = dsChildren(dsChild(dsChild(signature, 'KeyInfo'), 'X509Data'), 'X509Certificate');
  if (encoded.length === 0) return { problem: 'KeyInfo/X509Data/X509Certificate is missing: the signer certificate must travel with the signature' };
  try {
    return { certificates: encoded.map((e) => new X509Certificate(Buffer.from((e.textContent ?? '').replace(/\s+/g, ''), 'base64'))) };
  } catch (error) {
    return { problem: `KeyInfo/X509Data/X509Certificate is not a valid X.509 certificate (${(error as Error).message})` };
  }
}

/**
 * Verifies the enveloped XML-DSig signature of a numbered decision (ioffice-soap.md) and the signer's
 * certificate chain against the trust anchors. Never throws: any failure is a verdict with a reason, so
 * that the decision is recorded as not verified instead of being lost or forwarded as valid.
 */
export class SignatureVerifier {
  constructor(
    private readonly anchors: AnchorSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * `signer`, when the sending department's table entry has `signerSubject`: the pattern the signing certificate's
   * subject must match, so that a certificate of another organization (valid under the same anchors) is refused.
   */
  verify(pkg: EdxmlPackage, signer?: { readonly pattern: RegExp; readonly department: string }): SignatureVerdict {
    if (!pkg.signatureXml) return { verified: false, reason: 'the package is not signed (no ds:Signature in edXMLHeader)' };
    const signature = new DOMParser().parseFromString(pkg.signatureXml, 'text/xml').documentElement as Element;
    const inspected = inspect(signature);
    if ('problem' in inspected) return { verified: false, reason: inspected.problem };
    const [leaf, ...intermediates] = inspected.certificates;
    const signerSubject = oneLineName(leaf.subject);
    const failed = (reason: string): SignatureVerdict => ({ verified: false, reason, signerSubject });

    const signed = new SignedXml({ publicCert: leaf.toString(), getCertFromKeyInfo: () => null });
    try {
      signed.loadSignature(pkg.signatureXml);
      if (!signed.checkSignature(pkg.xml)) return failed('the XML signature does not verify: the package was changed after it was signed, or it was not signed with the certificate it carries');
    } catch (error) {
      return failed(`the XML signature does not verify: ${(error as Error).message}`);
    }
    if (signed.getSignedReferences().length !== 1) return failed('the XML signature does not cover the whole package');

    const anchors = this.anchors.load();
    if (!anchors.ok) return failed(`the certificate chain cannot be checked: ${anchors.reason}`);
    const chain = verifyChain(leaf, intermediates, anchors.certificates, this.now());
    if (!chain.trusted) return failed(chain.reason);
    if (leaf.ca) return failed(`the signer certificate ${signerSubject} is a CA certificate, not an organization's signing certificate`);
    if (signer && !signer.pattern.test(signerSubject)) {
      return failed(`the signer certificate ${signerSubject} is not ${signer.department}'s: its subject does not match signerSubject ${signer.pattern.source} (DEPARTMENTS_FILE)`);
    }
    return { verified: true, signerSubject };
  }
}
