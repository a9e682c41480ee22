import { generateKeyPairSync } from 'crypto';
import * as forge from 'node-forge';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { buildEdocPackage } from './edxml.builder';
import { EDXML_NS, XMLDSIG_NS } from './edxml.constants';
import { parseEdxml } from './edxml.parser';
import { SIGNATURE_ALGORITHMS, signEdxml } from './edxml.signer';

function selfSigned(): { privateKeyPem: string; certPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3600_000);
  cert.setSubject([{ name: 'commonName', value: 'Unit' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Unit' }]);
  cert.sign(key, forge.md.sha256.create());
  return { privateKeyPem: privateKey, certPem: forge.pki.certificateToPem(cert) };
}

describe('signEdxml', () => {
  const { privateKeyPem, certPem } = selfSigned();
  const xml = buildEdocPackage(
    { from: { organId: 'D' }, to: [{ organId: 'C' }], documentId: 'D,2025/01/01,1/QĐ-SXD', subject: 'S' },
    [{ name: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('pdf') }],
    new Date(),
  );
  const signed = signEdxml(xml, { privateKeyPem, certificateChainPem: [certPem] });

  it('places an enveloped signature with the contract algorithms as the last child of edXMLHeader', () => {
    const doc = new DOMParser().parseFromString(signed, 'text/xml');
    const header = doc.getElementsByTagNameNS(EDXML_NS, 'edXMLHeader')[0];
    expect(header.lastChild).toMatchObject({ localName: 'Signature', namespaceURI: XMLDSIG_NS, prefix: 'ds' });
    const algorithm = (name: string) => doc.getElementsByTagNameNS(XMLDSIG_NS, name)[0].getAttribute('Algorithm');
    expect(algorithm('CanonicalizationMethod')).toBe(SIGNATURE_ALGORITHMS.c14n);
    expect(algorithm('SignatureMethod')).toBe(SIGNATURE_ALGORITHMS.rsaSha256);
    expect(algorithm('DigestMethod')).toBe(SIGNATURE_ALGORITHMS.sha256);
    const transforms = Array.from(doc.getElementsByTagNameNS(XMLDSIG_NS, 'Transform')).map((t) => t.getAttribute('Algorithm'));
    expect(transforms).toEqual([SIGNATURE_ALGORITHMS.enveloped, SIGNATURE_ALGORITHMS.c14n]);
    expect(doc.getElementsByTagNameNS(XMLDSIG_NS, 'Reference')[0].getAttribute('URI')).toBe('');
    expect(parseEdxml(Buffer.from(signed)).signed).toBe(true);
  });

  it('verifies, and stops verifying once the content changes', () => {
    const check = (text: string) => {
      const verifier = new SignedXml({ publicCert: certPem });
      const doc = new DOMParser().parseFromString(text, 'text/xml');
      verifier.loadSignature(
        doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature')[0] as unknown as Parameters<SignedXml['loadSignature']>[0],
      );
      try {
        return verifier.checkSignature(text);
      } catch {
        return false;
      }
    };
    expect(check(signed)).toBe(true);
    const changed = signed.replace('<edXML:Subject>S<', '<edXML:Subject>T<');
    expect(changed).not.toBe(signed);
    expect(check(changed)).toBe(false);
  });

  it('signs with one identity again and again: the same KeyInfo with the certificate, each signature valid for its own package', () => {
    const identity = { privateKeyPem, certificateChainPem: [certPem] };
    const other = xml.replace('<edXML:Subject>S<', '<edXML:Subject>Quyết định của Sở Xây dựng<');
    const first = signEdxml(xml, identity);
    const second = signEdxml(other, identity);
    const certificate = certPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    for (const text of [first, second]) {
      const doc = new DOMParser().parseFromString(text, 'text/xml');
      expect(doc.getElementsByTagNameNS(XMLDSIG_NS, 'X509Certificate')[0].textContent).toBe(certificate);
      const verifier = new SignedXml({ publicCert: certPem });
      verifier.loadSignature(
        doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature')[0] as unknown as Parameters<SignedXml['loadSignature']>[0],
      );
      expect(verifier.checkSignature(text)).toBe(true);
    }
    expect(second).toContain('Quyết định của Sở Xây dựng');
  });
});
