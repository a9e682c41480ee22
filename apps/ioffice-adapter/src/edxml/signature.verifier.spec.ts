import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as forge from 'node-forge';
import { SignedXml } from 'xml-crypto';
import { buildEdxml } from './edxml.builder';
import { SIGNATURE_ALGORITHMS } from './edxml.constants';
import { EdxmlError } from './edxml.error';
import { parseEdxml } from './edxml.parser';
import { TransientFailure } from '@lienthong/messaging';
import { type RevocationStatus, RevocationUnknown } from '../pki/revocation';
import { oneLineName } from './certificate-chain';
import { VerifiedChains } from './certificate-chain.cache';
import { SIGNING_CLOCK_SKEW_MS, SignatureVerifier, type SigningContext, signingTime } from './signature.verifier';
import { anchorsFromPem } from './trust-anchors';

interface Issued {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
  keyPem: string;
}

const DAY = 24 * 3600_000;
const NOW = Date.now();

interface IssueOptions {
  ca?: boolean;
  /** Milliseconds from now. */
  validity?: { from: number; to: number };
  /** keyUsage bits (forge names), or 'none' for no keyUsage extension; default: fit for a CA, or for signing. */
  keyUsage?: Record<string, boolean> | 'none';
  pathLen?: number;
  extra?: object[];
}

/** A certificate for the tests (its own PKI, independent of the simulator's). */
function issue(cn: string, by: Issued | 'self', options: IssueOptions = {}): Issued {
  const ca = options.ca ?? false;
  const validity = options.validity ?? { from: -30 * DAY, to: 365 * DAY };
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(NOW + validity.from);
  cert.validity.notAfter = new Date(NOW + validity.to);
  const subject = [
    { name: 'countryName', value: 'VN' },
    { name: 'commonName', value: cn },
  ];
  cert.setSubject(subject);
  cert.setIssuer(by === 'self' ? subject : by.cert.subject.attributes);
  const usage = options.keyUsage ?? (ca ? { keyCertSign: true, cRLSign: true } : { digitalSignature: true, nonRepudiation: true });
  cert.setExtensions([
    { name: 'basicConstraints', cA: ca, critical: true, ...(options.pathLen === undefined ? {} : { pathLenConstraint: options.pathLen }) },
    ...(usage === 'none' ? [] : [{ name: 'keyUsage', critical: true, ...usage }]),
    ...(options.extra ?? []),
  ]);
  cert.sign(by === 'self' ? key : by.key, forge.md.sha256.create());
  return { cert, key, pem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

function sign(xml: string, signer: Issued, chain: Issued[] = [], algorithm: string = SIGNATURE_ALGORITHMS.rsaSha256): string {
  const sig = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: [signer, ...chain].map((c) => c.pem).join('\n'),
    signatureAlgorithm: algorithm,
    canonicalizationAlgorithm: SIGNATURE_ALGORITHMS.c14n,
  });
  sig.addReference({
    xpath: '/*',
    uri: '',
    isEmptyUri: true,
    transforms: [SIGNATURE_ALGORITHMS.enveloped, SIGNATURE_ALGORITHMS.c14n],
    digestAlgorithm: SIGNATURE_ALGORITHMS.sha256,
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "/*[local-name()='edXMLEnvelope']/*[local-name()='edXMLHeader']", action: 'append' },
  });
  return sig.getSignedXml();
}

/** A numbered decision from Sở Xây dựng whose TraceHeader says it was signed `signedAt`. */
const decisionAt = (signedAt: Date): string =>
  buildEdxml({
    header: {
      from: { organId: '000.00.12.H36' },
      to: [{ organId: '000.00.01.H36' }],
      responseForDocumentId: '000.00.01.H36,2026/04/20,HS-1/sign',
      code: { number: '7', notation: 'QĐ-SXD' },
      subject: 'Giấy phép xây dựng',
    },
    attachments: [{ name: '7-QĐ-SXD.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 signed') }],
    sentAt: signedAt,
  });

const root = issue('Test Root CA', 'self', { ca: true });
const issuing = issue('Test Issuing CA', root, { ca: true });
const org = issue('So Xay dung', issuing);
const anchorsOf = (...certs: Issued[]) => ({
  load: () => ({ ok: true as const, certificates: certs.map((c) => new X509Certificate(c.pem)) }),
});
const anchors = anchorsOf(root);
/** The bus sent its package an hour ago; iOffice received the answer a minute ago. */
const context = { sentAt: new Date(NOW - 3600_000), receivedAt: new Date(NOW - 60_000) };

describe('SignatureVerifier', () => {
  const stranger = issue('So Xay dung', issue('Look-alike CA', 'self', { ca: true }));
  const verifier = new SignatureVerifier(anchors);
  const signedAt = new Date(Math.floor((NOW - 30 * 60_000) / 1000) * 1000);
  const decision = decisionAt(signedAt);
  const verify = (xml: string, with_: Partial<SigningContext> = {}) =>
    verifier.verify(parseEdxml(Buffer.from(xml, 'utf8')), { ...context, ...with_ });

  it('verifies a package signed by an organization whose chain (with intermediate) reaches a trust anchor, at its signing time', async () => {
    expect(await verify(sign(decision, org, [issuing]))).toEqual({ verified: true, signerSubject: 'CN=So Xay dung, C=VN', signedAt });
  });

  it('fails a package changed after signing, attachments included', async () => {
    const signed = sign(decision, org, [issuing]);
    const subjectChanged = await verify(signed.replace('Giấy phép xây dựng', 'Giấy phép xây dựng (đã sửa)'));
    expect(subjectChanged).toMatchObject({ verified: false, reason: expect.stringContaining('changed after it was signed') });
    const otherFile = Buffer.from('%PDF-1.4 forged').toString('base64');
    expect((await verify(signed.replace(/(<edXML:ContentTransferEncoded>)[^<]+/, `$1${otherFile}`))).verified).toBe(false);
  });

  it('fails a signer outside the trust anchors, or whose intermediate is missing', async () => {
    expect(await verify(sign(decision, stranger))).toMatchObject({
      verified: false,
      reason: expect.stringContaining('does not chain to any trust anchor'),
    });
    expect(await verify(sign(decision, org))).toMatchObject({
      verified: false,
      reason: expect.stringContaining('issued by CN=Test Issuing CA'),
    });
  });

  it("fails a valid signature by another organization's certificate when the department names its signer", async () => {
    const signer = { pattern: /^CN=So Xay dung(,|$)/u, department: 'Sở Xây dựng' };
    expect(await verify(sign(decision, org, [issuing]), { signer })).toMatchObject({
      verified: true,
      signerSubject: 'CN=So Xay dung, C=VN',
    });
    const other = issue('So Tu phap', issuing);
    const verdict = await verify(sign(decision, other, [issuing]), { signer });
    expect(verdict).toMatchObject({ verified: false, signerSubject: 'CN=So Tu phap, C=VN' });
    expect(verdict.reason).toContain("is not Sở Xây dựng's: its subject does not match signerSubject ^CN=So Xay dung(,|$)");
  });

  it('fails, with a reason, when the trust anchors cannot be loaded', async () => {
    const missing = new SignatureVerifier({
      load: () => ({ ok: false as const, reason: 'TRUST_ANCHORS: the trust anchors file data/pki/ca.pem cannot be read (ENOENT)' }),
    });
    expect(await missing.verify(parseEdxml(Buffer.from(sign(decision, org, [issuing]))), context)).toMatchObject({
      verified: false,
      reason: expect.stringContaining('ca.pem cannot be read'),
    });
  });

  it('fails an unsigned package and a signature with other algorithms than the contract’s', async () => {
    expect(await verify(decision)).toMatchObject({ verified: false, reason: expect.stringContaining('not signed') });
    expect(await verify(sign(decision, org, [issuing], 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'))).toMatchObject({
      verified: false,
      reason: expect.stringContaining('rsa-sha256'),
    });
  });

  describe('the signer certificate is for signing (keyUsage)', () => {
    it.each([
      ['digitalSignature', { digitalSignature: true }],
      ['nonRepudiation', { nonRepudiation: true }],
    ])('accepts keyUsage %s', async (_name, keyUsage) => {
      expect(await verify(sign(decision, issue('So Xay dung', issuing, { keyUsage }), [issuing]))).toMatchObject({ verified: true });
    });

    it('refuses a certificate without keyUsage, or whose keyUsage is for something else', async () => {
      const none = await verify(sign(decision, issue('So Xay dung', issuing, { keyUsage: 'none' }), [issuing]));
      expect(none).toMatchObject({
        verified: false,
        reason:
          'the signer certificate CN=So Xay dung, C=VN is not for signing: it has no keyUsage extension; digitalSignature or nonRepudiation is required',
      });
      const encipher = await verify(sign(decision, issue('So Xay dung', issuing, { keyUsage: { keyEncipherment: true } }), [issuing]));
      expect(encipher).toMatchObject({
        verified: false,
        reason: expect.stringContaining('its keyUsage is keyEncipherment; digitalSignature or nonRepudiation is required'),
      });
    });
  });

  describe('certificates are checked at the signing time', () => {
    // Valid from 10 days ago until yesterday: expired now.
    const expired = issue('So Xay dung', issuing, { validity: { from: -10 * DAY, to: -DAY } });
    // Valid from yesterday on.
    const recent = issue('So Xay dung', issuing, { validity: { from: -DAY, to: 365 * DAY } });
    const threeDaysAgo = new Date(Math.floor((NOW - 3 * DAY) / 1000) * 1000);
    // The bus sent its package four days ago; the answer sat in iOffice from two days ago until now.
    const old = { sentAt: new Date(NOW - 4 * DAY), receivedAt: new Date(NOW - 2 * DAY) };

    it('accepts a certificate expired now that was valid when the package was signed', async () => {
      expect(await verify(sign(decisionAt(threeDaysAgo), expired, [issuing]), old)).toEqual({
        verified: true,
        signerSubject: 'CN=So Xay dung, C=VN',
        signedAt: threeDaysAgo,
      });
    });

    it('refuses a certificate that was not yet valid when the package was signed', async () => {
      const verdict = await verify(sign(decisionAt(threeDaysAgo), recent, [issuing]), old);
      expect(verdict).toMatchObject({
        verified: false,
        reason: expect.stringContaining(`certificate CN=So Xay dung, C=VN was not yet valid at ${threeDaysAgo.toISOString()}`),
      });
    });

    it('does not believe a signing time before the bus sent what it answers (backdating an expired certificate)', async () => {
      // Signed with yesterday's expired certificate, claiming three days ago; the bus sent its draft twelve hours ago.
      const verdict = await verify(sign(decisionAt(threeDaysAgo), expired, [issuing]), {
        sentAt: new Date(NOW - 12 * 3600_000),
        receivedAt: new Date(NOW - 60_000),
      });
      expect(verdict).toMatchObject({ verified: false, reason: expect.stringContaining('had expired at') });
    });

    it('uses the nearest time iOffice vouches for when the claim is outside it, and the receipt when there is none', () => {
      const pkg = (at: Date) => parseEdxml(Buffer.from(decisionAt(at)));
      const window = { sentAt: new Date('2026-04-20T01:00:00Z'), receivedAt: new Date('2026-04-21T01:00:00Z') };
      expect(signingTime(pkg(new Date('2026-04-20T12:00:00Z')), window)).toEqual(new Date('2026-04-20T12:00:00Z'));
      expect(signingTime(pkg(new Date('2026-04-19T12:00:00Z')), window)).toEqual(new Date(window.sentAt.getTime() - SIGNING_CLOCK_SKEW_MS));
      expect(signingTime(pkg(new Date('2026-04-25T12:00:00Z')), window)).toEqual(
        new Date(window.receivedAt.getTime() + SIGNING_CLOCK_SKEW_MS),
      );
      const untraced = parseEdxml(Buffer.from(decisionAt(new Date()).replace(/<edXML:TraceHeader>.*<\/edXML:TraceHeader>/, '')));
      expect(signingTime(untraced, window)).toEqual(window.receivedAt);
    });
  });

  describe('only CA certificates issue (anchors, intermediates)', () => {
    it('refuses a trust anchors file holding a certificate that is not a CA, naming TRUST_ANCHORS', () => {
      const loaded = anchorsFromPem(`${root.pem}${org.pem}`, '/etc/lienthong/ca.pem');
      expect(loaded).toEqual({
        ok: false,
        reason:
          'TRUST_ANCHORS: in /etc/lienthong/ca.pem, certificate 2 (CN=So Xay dung, C=VN) cannot be a trust anchor: certificate CN=So Xay dung, C=VN is not a CA certificate (basicConstraints CA:TRUE), so it cannot issue others',
      });
      expect(anchorsFromPem(`${root.pem}${issuing.pem}`, 'ca.pem')).toMatchObject({ ok: true });
    });

    it('does not verify a package signed by a certificate that is itself a (non-CA) anchor', async () => {
      // The organization's own certificate configured as an anchor: refused when the anchors load, so nothing verifies.
      const loaded = anchorsFromPem(org.pem, 'ca.pem');
      const pinned = new SignatureVerifier({ load: () => loaded });
      expect(await pinned.verify(parseEdxml(Buffer.from(sign(decision, org))), context)).toMatchObject({
        verified: false,
        reason: expect.stringContaining('TRUST_ANCHORS: in ca.pem, certificate 1'),
      });
    });

    it('refuses a chain through an intermediate that is not a CA, or has no keyCertSign, or exceeds a path length', async () => {
      const notCa = issue('Fake Issuing CA', root, { ca: false, keyUsage: 'none' });
      expect(await verify(sign(decision, issue('So Xay dung', notCa), [notCa]))).toMatchObject({
        verified: false,
        reason: expect.stringContaining('certificate CN=Fake Issuing CA, C=VN is not a CA certificate'),
      });
      const noCertSign = issue('Signing-only CA', root, { ca: true, keyUsage: { digitalSignature: true } });
      expect(await verify(sign(decision, issue('So Xay dung', noCertSign), [noCertSign]))).toMatchObject({
        verified: false,
        reason: expect.stringContaining('has a keyUsage without keyCertSign'),
      });
      const leafOnlyRoot = issue('Leaf-only Root CA', 'self', { ca: true, pathLen: 0 });
      const under = issue('Issuing CA', leafOnlyRoot, { ca: true });
      const verdict = await new SignatureVerifier(anchorsOf(leafOnlyRoot)).verify(
        parseEdxml(Buffer.from(sign(decision, issue('So Xay dung', under), [under]))),
        context,
      );
      expect(verdict).toMatchObject({
        verified: false,
        reason: expect.stringContaining('allows 0 CA certificate(s) below it (pathLenConstraint), the chain has 1'),
      });
    });

    it('refuses a certificate with a critical extension the bus does not process', async () => {
      const constrained = issue('So Xay dung', issuing, {
        extra: [
          { id: '2.5.29.30', critical: true, value: forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, []) },
        ],
      });
      expect(await verify(sign(decision, constrained, [issuing]))).toMatchObject({
        verified: false,
        reason: expect.stringContaining('has a critical extension the bus does not process (2.5.29.30)'),
      });
    });
  });

  describe('revocation', () => {
    const checked: Array<{ path: string[]; receivedAt: Date }> = [];
    const withStatus = (status: RevocationStatus) =>
      new SignatureVerifier(anchors, {
        check: (path, receivedAt) => {
          checked.push({ path: path.map((c) => oneLineName(c.subject)), receivedAt });
          return Promise.resolve(status);
        },
      });
    const pkg = () => parseEdxml(Buffer.from(sign(decision, org, [issuing])));

    it('checks the whole path once everything else holds, and refuses a revoked certificate', async () => {
      expect(await withStatus({ status: 'good' }).verify(pkg(), context)).toMatchObject({ verified: true });
      expect(checked.at(-1)).toEqual({
        path: ['CN=So Xay dung, C=VN', 'CN=Test Issuing CA, C=VN', 'CN=Test Root CA, C=VN'],
        receivedAt: context.receivedAt,
      });
      expect(
        await withStatus({ status: 'revoked', reason: 'certificate CN=So Xay dung, C=VN was revoked' }).verify(pkg(), context),
      ).toMatchObject({ verified: false, reason: 'certificate CN=So Xay dung, C=VN was revoked' });
      const before = checked.length;
      expect(await withStatus({ status: 'good' }).verify(parseEdxml(Buffer.from(sign(decision, stranger))), context)).toMatchObject({
        verified: false,
      });
      expect(checked).toHaveLength(before); // nothing to ask about a chain that does not verify
    });

    it('never verifies on an unknown status: a transient failure (IOFFICE.REVOCATION_UNKNOWN)', async () => {
      const unknown = withStatus({ status: 'unknown', reason: 'the CRL at http://crl.example/ca.crl cannot be fetched' }).verify(
        pkg(),
        context,
      );
      await expect(unknown).rejects.toBeInstanceOf(RevocationUnknown);
      await expect(unknown).rejects.toMatchObject({
        code: 'IOFFICE.REVOCATION_UNKNOWN',
        message: expect.stringContaining('http://crl.example/ca.crl cannot be fetched'),
      });
      await expect(unknown).rejects.toBeInstanceOf(TransientFailure);
    });
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
      [
        'in the body',
        (x: string) => x.replace('<edXML:edXMLManifest>', `<edXML:edXMLManifest>${second}`),
        'edXMLBody/edXMLManifest/Signature',
      ],
      [
        'in an attachment',
        (x: string) => x.replace('<edXML:Attachment>', `<edXML:Attachment>${second}`),
        'AttachmentEncoded/Attachment/Signature',
      ],
      [
        'nested in the header',
        (x: string) => x.replace('<edXML:MessageHeader>', `<edXML:MessageHeader>${second}`),
        'edXMLHeader/MessageHeader/Signature',
      ],
      [
        'a copy of the real one, in the body',
        (x: string) => x.replace('<edXML:edXMLManifest>', `<edXML:edXMLManifest>${real}`),
        'edXMLBody/edXMLManifest/Signature',
      ],
      [
        'under another prefix',
        (x: string) =>
          x.replace('<edXML:edXMLManifest>', '<edXML:edXMLManifest><sig:Signature xmlns:sig="http://www.w3.org/2000/09/xmldsig#"/>'),
        'edXMLBody/edXMLManifest/Signature',
      ],
      [
        'inside the signature itself',
        (x: string) => x.replace('</ds:SignatureValue>', `</ds:SignatureValue><ds:Object>${second}</ds:Object>`),
        'edXMLHeader/Signature/Object/Signature',
      ],
      [
        'a stray SignedInfo in no namespace',
        (x: string) => x.replace('<edXML:Subject>', '<SignedInfo/><edXML:Subject>'),
        'edXMLHeader/MessageHeader/SignedInfo',
      ],
    ])('refuses a second signature %s (EDXML.SIGNATURE_PLACEMENT), even when the first verifies', async (_where, change, element) => {
      expect(await verify(signed)).toMatchObject({ verified: true });
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
      expect(refusal(sign(withDecoy, org, [issuing]))).toMatchObject({
        code: 'EDXML.SIGNATURE_PLACEMENT',
        element: 'edXMLBody/edXMLManifest/Signature',
      });
    });
  });
});

describe('verified chains reused across packages cannot change a verdict', () => {
  const pkg = (signer: Issued, chain: Issued[], at = new Date(Math.floor((NOW - 30 * 60_000) / 1000) * 1000)) =>
    parseEdxml(Buffer.from(sign(decisionAt(at), signer, chain)));

  it('refuses a package, after its chain was trusted, once the trust anchors no longer hold its root', async () => {
    let trusted = [root];
    const verifier = new SignatureVerifier({ load: () => ({ ok: true, certificates: trusted.map((c) => new X509Certificate(c.pem)) }) });
    expect(await verifier.verify(pkg(org, [issuing]), context)).toMatchObject({ verified: true });
    trusted = [issue('Other Root CA', 'self', { ca: true })];
    expect(await verifier.verify(pkg(org, [issuing]), context)).toMatchObject({
      verified: false,
      reason: expect.stringContaining('does not chain to any trust anchor'),
    });
    trusted = [root];
    expect(await verifier.verify(pkg(org, [issuing]), context)).toMatchObject({ verified: true });
  });

  it('refuses a signing time outside the validity of any certificate of a chain trusted before', async () => {
    // The issuing CA expired yesterday; the signer's certificate is valid from 10 days ago for a year.
    const expiring = issue('Expiring Issuing CA', root, { ca: true, validity: { from: -20 * DAY, to: -DAY } });
    const signer = issue('So Xay dung', expiring, { validity: { from: -10 * DAY, to: 365 * DAY } });
    const verifier = new SignatureVerifier(anchors);
    const at = (days: number) => new Date(Math.floor((NOW - days * DAY) / 1000) * 1000);
    const around = (days: number) => ({ sentAt: new Date(NOW - (days + 1) * DAY), receivedAt: new Date(NOW - (days - 1) * DAY) });
    expect(await verifier.verify(pkg(signer, [expiring], at(3)), around(3))).toMatchObject({ verified: true, signedAt: at(3) });
    expect(await verifier.verify(pkg(signer, [expiring], at(0)), context)).toMatchObject({
      verified: false,
      reason: expect.stringContaining('certificate CN=Expiring Issuing CA, C=VN had expired at'),
    });
    expect(await verifier.verify(pkg(signer, [expiring], at(15)), around(15))).toMatchObject({
      verified: false,
      reason: expect.stringContaining('certificate CN=So Xay dung, C=VN was not yet valid at'),
    });
    expect(await verifier.verify(pkg(signer, [expiring], at(2)), around(2))).toMatchObject({ verified: true });
  });

  it('verifies another chain on its own: the same subject from another CA, the same signer without its intermediate', async () => {
    const verifier = new SignatureVerifier(anchors);
    expect(await verifier.verify(pkg(org, [issuing]), context)).toMatchObject({ verified: true });
    const lookAlike = issue('So Xay dung', issue('Test Issuing CA', issue('Test Root CA', 'self', { ca: true }), { ca: true }));
    expect(await verifier.verify(pkg(lookAlike, []), context)).toMatchObject({
      verified: false,
      reason: expect.stringContaining('does not chain to any trust anchor'),
    });
    expect(await verifier.verify(pkg(org, []), context)).toMatchObject({
      verified: false,
      reason: expect.stringContaining('issued by CN=Test Issuing CA'),
    });
  });

  it('still checks the XML signature, the signer subject and revocation of every package', async () => {
    let status: RevocationStatus = { status: 'good' };
    let checks = 0;
    const verifier = new SignatureVerifier(anchors, {
      check: () => {
        checks++;
        return Promise.resolve(status);
      },
    });
    const signed = sign(decisionAt(new Date(Math.floor((NOW - 30 * 60_000) / 1000) * 1000)), org, [issuing]);
    const verify = (xml: string, with_: Partial<SigningContext> = {}) =>
      verifier.verify(parseEdxml(Buffer.from(xml, 'utf8')), { ...context, ...with_ });
    expect(await verify(signed)).toMatchObject({ verified: true });
    expect(await verify(signed)).toMatchObject({ verified: true });
    expect(checks).toBe(2);
    expect(await verify(signed.replace('Giấy phép xây dựng', 'Giấy phép (đã sửa)'))).toMatchObject({
      verified: false,
      reason: expect.stringContaining('changed after it was signed'),
    });
    expect(await verify(signed, { signer: { pattern: /^CN=So Tu phap(,|$)/u, department: 'Sở Tư pháp' } })).toMatchObject({
      verified: false,
      reason: expect.stringContaining("is not Sở Tư pháp's"),
    });
    status = { status: 'revoked', reason: 'certificate CN=So Xay dung, C=VN was revoked' };
    expect(await verify(signed)).toMatchObject({ verified: false, reason: 'certificate CN=So Xay dung, C=VN was revoked' });
    expect(checks).toBe(3);
  });

  describe('VerifiedChains', () => {
    const der = (c: Issued) => forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(c.cert)).getBytes());
    const x509 = (c: Issued) => new X509Certificate(c.pem);
    const at = new Date(NOW - 60_000);

    it('parses a list of certificates once and reuses a trusted path for the same certificates and anchors', () => {
      const chains = new VerifiedChains();
      const certificates = chains.certificates([der(org), der(issuing)]);
      expect(chains.certificates([der(org), der(issuing)])).toBe(certificates);
      const [leaf, ...intermediates] = certificates;
      const first = chains.verify(leaf, intermediates, [x509(root)], at);
      expect(first).toMatchObject({ trusted: true });
      // Other objects for the same bytes (a reloaded anchors file, a package parsed again) find the same path.
      const again = chains.verify(x509(org), [x509(issuing)], [x509(root)], new Date(NOW - 3600_000));
      expect(again.trusted && again.path).toBe(first.trusted && first.path);
      expect(() => chains.certificates(['bm90IGEgY2VydGlmaWNhdGU='])).toThrow();
    });

    it('keeps no refusal: a chain refused at one time is verified again at the next', () => {
      const chains = new VerifiedChains();
      const notYet = chains.verify(x509(org), [x509(issuing)], [x509(root)], new Date(NOW - 60 * DAY));
      expect(notYet).toMatchObject({ trusted: false, reason: expect.stringContaining('was not yet valid') });
      expect(chains.verify(x509(org), [x509(issuing)], [x509(root)], at)).toMatchObject({ trusted: true });
    });

    it('holds a bounded number of entries', () => {
      const chains = new VerifiedChains(1);
      const first = chains.certificates([der(org)]);
      chains.certificates([der(issuing)]);
      expect(chains.certificates([der(org)])).not.toBe(first);
    });
  });
});

describe('oneLineName', () => {
  it('writes a subject on one line, CN first, in NFC whatever form the certificate used', () => {
    const subject = 'C=VN\nST=Lang Son\nCN=Sở Kế hoạch và Đầu tư'.normalize('NFD');
    expect(oneLineName(subject)).toBe('CN=Sở Kế hoạch và Đầu tư, ST=Lang Son, C=VN'.normalize('NFC'));
  });
});
