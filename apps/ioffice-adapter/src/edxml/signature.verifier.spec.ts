import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as forge from 'node-forge';
import { SignedXml } from 'xml-crypto';
import { buildEdxml } from './edxml.builder';
import { SIGNATURE_ALGORITHMS } from './edxml.constants';
import { EdxmlError } from './edxml.error';
import { parseEdxml } from './edxml.parser';
import { SignatureVerifier } from './signature.verifier';

interface Issued {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
  keyPem: string;
}

const DAY = 24 * 3600_000;

/** A certificate for the tests (its own PKI, independent of the simulator's). */
function issue(cn: string, by: Issued | 'self', ca: boolean, validity: { from: number; to: number } = { from: -DAY, to: 365 * DAY }): Issued {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() + validity.from);
  cert.validity.notAfter = new Date(Date.now() + validity.to);
  const subject = [{ name: 'countryName', value: 'VN' }, { name: 'commonName', value: cn }];
  cert.setSubject(subject);
  cert.setIssuer(by === 'self' ? subject : by.cert.subject.attributes);
  cert.setExtensions([{ name: 'basicConstraints', cA: ca, critical: true }]);
  cert.sign(by === 'self' ? key : by.key, forge.md.sha256.create());
  return { cert, key, pem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

function sign(xml: string, signer: Issued, chain: Issued[] = [], algorithm: string = SIGNATURE_ALGORITHMS.rsaSha256): string {
  const sig = new SignedXml({ privateKey: signer.keyPem, publicCert: [signer, ...chain].map((c) => c.pem).join('\n'), signatureAlgorithm: algorithm, canonicalizationAlgorithm: SIGNATURE_ALGORITHMS.c14n });
  sig.addReference({ xpath: '/*', uri: '', isEmptyUri: true, transforms: [SIGNATURE_ALGORITHMS.enveloped, SIGNATURE_ALGORITHMS.c14n], digestAlgorithm: SIGNATURE_ALGORITHMS.sha256 });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: "/*[local-name()='edXMLEnvelope']/*[local-name()='edXMLHeader']", action: 'append' } });
  return sig.getSignedXml();
}

describe('SignatureVerifier', () => {
  const root = issue('Test Root CA', 'self', true);
  const issuing = issue('Test Issuing CA', root, true);
  const org = issue('So Xay dung', issuing, false);
  const stranger = issue('So Xay dung', issue('Look-alike CA', 'self', true), false);
  const anchors = { load: () => ({ ok: true as const, certificates: [new X509Certificate(root.pem)] }) };
  const verifier = new SignatureVerifier(anchors);
  const decision = buildEdxml({
    header: {
      from: { organId: '000.00.12.H36' },
      to: [{ organId: '000.00.01.H36' }],
      responseForDocumentId: '000.00.01.H36,2026/04/20,HS-1/sign',
      code: { number: '7', notation: 'QĐ-SXD' },
      subject: 'Giấy phép xây dựng',
    },
    attachments: [{ name: '7-QĐ-SXD.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 signed') }],
    sentAt: new Date(),
  });
  const verify = (xml: string) => verifier.verify(parseEdxml(Buffer.from(xml, 'utf8')));

  it('verifies a package signed by an organization whose chain (with intermediate) reaches a trust anchor', () => {
    expect(verify(sign(decision, org, [issuing]))).toEqual({ verified: true, signerSubject: 'CN=So Xay dung, C=VN' });
  });

  it('fails a package changed after signing, attachments included', () => {
    const signed = sign(decision, org, [issuing]);
    const subjectChanged = verify(signed.replace('Giấy phép xây dựng', 'Giấy phép xây dựng (đã sửa)'));
    expect(subjectChanged).toMatchObject({ verified: false, reason: expect.stringContaining('changed after it was signed') });
    const otherFile = Buffer.from('%PDF-1.4 forged').toString('base64');
    expect(verify(signed.replace(/(<edXML:ContentTransferEncoded>)[^<]+/, `$1${otherFile}`)).verified).toBe(false);
  });

  it('fails a signer outside the trust anchors, or whose intermediate is missing', () => {
    expect(verify(sign(decision, stranger))).toMatchObject({ verified: false, reason: expect.stringContaining('does not chain to any trust anchor') });
    expect(verify(sign(decision, org))).toMatchObject({ verified: false, reason: expect.stringContaining('issued by CN=Test Issuing CA') });
  });

  it("fails a valid signature by another organization's certificate when the department names its signer", () => {
    const pkg = parseEdxml(Buffer.from(sign(decision, org, [issuing]), 'utf8'));
    expect(verifier.verify(pkg, { pattern: /^CN=So Xay dung(,|$)/u, department: 'Sở Xây dựng' })).toMatchObject({ verified: true, signerSubject: 'CN=So Xay dung, C=VN' });
    const other = issue('So Tu phap', issuing, false);
    const verdict = verifier.verify(parseEdxml(Buffer.from(sign(decision, other, [issuing]), 'utf8')), { pattern: /^CN=So Xay dung(,|$)/u, department: 'Sở Xây dựng' });
    expect(verdict).toMatchObject({ verified: false, signerSubject: 'CN=So Tu phap, C=VN' });
    expect(verdict.reason).toContain("is not Sở Xây dựng's: its subject does not match signerSubject ^CN=So Xay dung(,|$)");
  });

  it('fails an expired signer certificate', () => {
    const expired = issue('So Xay dung', issuing, false, { from: -10 * DAY, to: -DAY });
    expect(verify(sign(decision, expired, [issuing]))).toMatchObject({ verified: false, reason: expect.stringContaining('expired') });
  });

  it('fails, with a reason, when the trust anchors cannot be loaded', () => {
    const missing = new SignatureVerifier({ load: () => ({ ok: false as const, reason: 'the trust anchors file data/pki/ca.pem cannot be read (ENOENT)' }) });
    expect(missing.verify(parseEdxml(Buffer.from(sign(decision, org, [issuing]))))).toMatchObject({ verified: false, reason: expect.stringContaining('ca.pem cannot be read') });
  });

  it('fails an unsigned package and a signature with other algorithms than the contract’s', () => {
    expect(verify(decision)).toMatchObject({ verified: false, reason: expect.stringContaining('not signed') });
    expect(verify(sign(decision, org, [issuing], 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'))).toMatchObject({ verified: false, reason: expect.stringContaining('rsa-sha256') });
  });

  describe('exactly one ds:Signature, the last child of edXMLHeader', () => {
    const signed = sign(decision, org, [issuing]);
    const real = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
    const refusal = (xml: string): EdxmlError => {
      try {
        parseEdxml(Buffer.from(xml, 'utf8'));
      } catch (error) {
        if (error instanceof EdxmlError) return error;
        throw error;
      }
      throw new Error('expected the package to be refused');
    };
    const second = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>`;

    it.each([
      ['in the body', (x: string) => x.replace('<edXML:edXMLManifest>', `<edXML:edXMLManifest>${second}`), 'edXMLBody/edXMLManifest/Signature'],
      ['in an attachment', (x: string) => x.replace('<edXML:Attachment>', `<edXML:Attachment>${second}`), 'AttachmentEncoded/Attachment/Signature'],
      ['nested in the header', (x: string) => x.replace('<edXML:MessageHeader>', `<edXML:MessageHeader>${second}`), 'edXMLHeader/MessageHeader/Signature'],
      ['a copy of the real one, in the body', (x: string) => x.replace('<edXML:edXMLManifest>', `<edXML:edXMLManifest>${real}`), 'edXMLBody/edXMLManifest/Signature'],
      ['under another prefix', (x: string) => x.replace('<edXML:edXMLManifest>', '<edXML:edXMLManifest><sig:Signature xmlns:sig="http://www.w3.org/2000/09/xmldsig#"/>'), 'edXMLBody/edXMLManifest/Signature'],
      ['inside the signature itself', (x: string) => x.replace('</ds:SignatureValue>', `</ds:SignatureValue><ds:Object>${second}</ds:Object>`), 'edXMLHeader/Signature/Object/Signature'],
      ['a stray SignedInfo in no namespace', (x: string) => x.replace('<edXML:Subject>', '<SignedInfo/><edXML:Subject>'), 'edXMLHeader/MessageHeader/SignedInfo'],
    ])('refuses a second signature %s (EDXML.SIGNATURE_PLACEMENT), even when the first verifies', (_where, change, element) => {
      expect(verify(signed)).toMatchObject({ verified: true });
      const error = refusal(change(signed));
      expect(error.code).toBe('EDXML.SIGNATURE_PLACEMENT');
      expect(error.element).toBe(element);
      expect(error.problem).toContain('the contract allows exactly one ds:Signature, the last child of edXMLHeader');
    });

    it('refuses a signature that is not the last child of edXMLHeader, or is elsewhere only', () => {
      const moved = signed.replace(real, '').replace('<edXML:TraceHeaderList>', `${real}<edXML:TraceHeaderList>`);
      expect(refusal(moved)).toMatchObject({ code: 'EDXML.SIGNATURE_PLACEMENT', element: 'edXMLHeader/Signature' });
      const inBody = signed.replace(real, '').replace('<edXML:edXMLManifest>', `<edXML:edXMLManifest>${real}`);
      expect(refusal(inBody)).toMatchObject({ code: 'EDXML.SIGNATURE_PLACEMENT', element: 'edXMLBody/edXMLManifest/Signature' });
    });

    it('refuses a package whose signer put a second signature in the signed content', () => {
      const withDecoy = decision.replace('<edXML:edXMLManifest>', `<edXML:edXMLManifest>${second}`);
      expect(refusal(sign(withDecoy, org, [issuing]))).toMatchObject({ code: 'EDXML.SIGNATURE_PLACEMENT', element: 'edXMLBody/edXMLManifest/Signature' });
    });
  });
});
