import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import * as forge from 'node-forge';
import { certificateFacts } from './certificate.facts';
import { Der, DerError, TAG, derEncode, derOid } from './der.reader';

describe('DER reader', () => {
  it('reads tags, short and long lengths, and nested structures, keeping the exact bytes', () => {
    const long = Buffer.alloc(300, 0x41);
    const encoded = derEncode(TAG.sequence, [
      derEncode(TAG.octetString, long),
      derOid('1.3.6.1.5.5.7.48.1'),
      derEncode(TAG.integer, Buffer.from([0x00, 0x80, 0x01])),
    ]);
    const [octets, oid, integer] = Der.read(encoded).children();
    expect(octets.octets().equals(long)).toBe(true);
    expect(octets.raw.subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x01, 0x2c]));
    expect(oid.oid()).toBe('1.3.6.1.5.5.7.48.1');
    expect(derOid('2.5.29.15').equals(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0f]))).toBe(true);
    expect(integer.integerHex()).toBe('8001');
  });

  it('reads UTCTime (two-digit years around 1950/2049) and GeneralizedTime with fractions', () => {
    const time = (tag: number, text: string) => Der.read(derEncode(tag, Buffer.from(text, 'latin1'))).time();
    expect(time(TAG.utcTime, '491231235959Z')).toEqual(new Date('2049-12-31T23:59:59Z'));
    expect(time(TAG.utcTime, '500101000000Z')).toEqual(new Date('1950-01-01T00:00:00Z'));
    expect(time(TAG.generalizedTime, '20260420081530.123Z')).toEqual(new Date('2026-04-20T08:15:30Z'));
    expect(() => time(TAG.generalizedTime, '20260230000000Z')).toThrow(/impossible date/);
    expect(() => time(TAG.generalizedTime, '20260420081530+0700')).toThrow(DerError);
  });

  it('refuses what is not DER: indefinite lengths, truncation, trailing bytes, lengths past the end', () => {
    expect(() => Der.read(Buffer.from([0x30, 0x80, 0x00, 0x00]))).toThrow(/indefinite length/);
    expect(() => Der.read(Buffer.from([0x30, 0x05, 0x01]))).toThrow(/runs past the end/);
    expect(() => Der.read(Buffer.from([0x05, 0x00, 0x00]))).toThrow(/1 bytes after the end/);
    expect(() => Der.read(Buffer.from([0x30]))).toThrow(/truncated/);
    expect(() => Der.read(Buffer.from([0x1f, 0x81, 0x00]))).toThrow(/multi-byte/);
  });
});

describe('certificateFacts', () => {
  it('reads keyUsage, basicConstraints, extended key usage, CRL Distribution Points and OCSP responders', () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const key = forge.pki.privateKeyFromPem(privateKey);
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    cert.serialNumber = '00ff01';
    cert.validity.notBefore = new Date();
    cert.validity.notAfter = new Date(Date.now() + 3600_000);
    cert.setSubject([{ name: 'commonName', value: 'Ocsp' }]);
    cert.setIssuer([{ name: 'commonName', value: 'Ocsp' }]);
    const { asn1 } = forge;
    const aia = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.3.6.1.5.5.7.48.1').getBytes()),
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, 'http://ocsp.ca.gov.vn'),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.3.6.1.5.5.7.48.2').getBytes()),
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, 'http://ca.gov.vn/ca.crt'),
      ]),
    ]);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, pathLenConstraint: 1, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'extKeyUsage', '1.3.6.1.5.5.7.3.9': true },
      {
        name: 'cRLDistributionPoints',
        altNames: [
          { type: 6, value: 'ldap://ca.gov.vn/cn=CA' },
          { type: 6, value: 'http://ca.gov.vn/ca.crl' },
        ],
      },
      { id: '1.3.6.1.5.5.7.1.1', value: aia },
      { id: '1.2.3.4.5', critical: true, value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '') },
    ]);
    cert.sign(key, forge.md.sha256.create());
    const facts = certificateFacts(new X509Certificate(forge.pki.certificateToPem(cert)));
    expect(facts).toMatchObject({
      serial: 'ff01',
      ca: true,
      pathLength: 1,
      extendedKeyUsage: ['1.3.6.1.5.5.7.3.9'],
      crlUrls: ['http://ca.gov.vn/ca.crl'],
      ocspUrls: ['http://ocsp.ca.gov.vn'],
      unknownCritical: ['1.2.3.4.5'],
    });
    expect([...facts.keyUsage!]).toEqual(['keyCertSign', 'cRLSign']);
    expect(facts.issuerName.equals(facts.subjectName)).toBe(true);
  });
});
