import { createPrivateKey, KeyObject } from 'crypto';
import { SignedXml } from 'xml-crypto';

/** Algorithms fixed by the contract (ioffice-soap.md, "Signatures"). */
export const SIGNATURE_ALGORITHMS = {
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;

/** A signing identity: the organization key and its certificate chain, leaf first (then intermediates). */
export interface SigningIdentity {
  privateKeyPem: string;
  certificateChainPem: string[];
}

/** What signing needs of an identity, made once per identity: the parsed key and the `KeyInfo` content. */
const prepared = new WeakMap<SigningIdentity, { key: KeyObject; keyInfo: string | null }>();

function prepare(identity: SigningIdentity): { key: KeyObject; keyInfo: string | null } {
  let ready = prepared.get(identity);
  if (!ready) {
    // Parsing the PEM key and every certificate of the chain again for each signature was a third of the signing cost.
    ready = {
      key: createPrivateKey(identity.privateKeyPem),
      keyInfo: SignedXml.getKeyInfoContent({ publicCert: identity.certificateChainPem.join('\n'), prefix: 'ds' }),
    };
    prepared.set(identity, ready);
  }
  return ready;
}

/**
 * Signs a whole edXML package with an enveloped XML-DSig signature (Reference URI="", enveloped-signature +
 * C14N 1.0, rsa-sha256, sha256) and places `ds:Signature` as the last child of `edXMLHeader`.
 * `KeyInfo/X509Data` holds the leaf certificate, then the intermediates.
 */
export function signEdxml(xml: string, identity: SigningIdentity): string {
  const { key, keyInfo } = prepare(identity);
  const signer = new SignedXml({
    privateKey: key,
    getKeyInfoContent: () => keyInfo,
    signatureAlgorithm: SIGNATURE_ALGORITHMS.rsaSha256,
    canonicalizationAlgorithm: SIGNATURE_ALGORITHMS.c14n,
  });
  signer.addReference({
    xpath: '/*',
    uri: '',
    isEmptyUri: true,
    transforms: [SIGNATURE_ALGORITHMS.enveloped, SIGNATURE_ALGORITHMS.c14n],
    digestAlgorithm: SIGNATURE_ALGORITHMS.sha256,
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "/*[local-name()='edXMLEnvelope']/*[local-name()='edXMLHeader']", action: 'append' },
  });
  return signer.getSignedXml();
}
