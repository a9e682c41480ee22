import type { X509Certificate } from 'node:crypto';
import { Der, DerError, TAG } from './der.reader';

/** Extension OIDs (RFC 5280 4.2) read or accepted by the bus. */
export const EXTENSION = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

/**
 * Extensions a certificate may mark critical and still be used: the bus processes them (or, for certificate
 * policies, accepts any policy). Any other critical extension (name constraints, policy constraints, ...) makes the
 * certificate unusable, as RFC 5280 requires of a verifier that does not process it.
 */
const UNDERSTOOD = new Set<string>(Object.values(EXTENSION));

/** keyUsage bits (RFC 5280 4.2.1.3), by position. */
const KEY_USAGE = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE)[number];

/** id-kp-OCSPSigning: a delegated OCSP responder's certificate carries it. */
export const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const AD_OCSP = '1.3.6.1.5.5.7.48.1';

/** What the bus reads from a certificate beyond what Node's X509Certificate offers. */
export interface CertificateFacts {
  /** Serial number, lower-case hex without leading zeros (as CRLs and OCSP responses are matched). */
  readonly serial: string;
  /** DER of the issuer and subject Names (matched byte for byte against a CRL's issuer). */
  readonly issuerName: Buffer;
  readonly subjectName: Buffer;
  /** The subjectPublicKey bits (hashed into an OCSP CertID). */
  readonly publicKeyBits: Buffer;
  /** basicConstraints cA (Node's `X509Certificate.ca` is also false for a CA whose keyUsage lacks keyCertSign). */
  readonly ca: boolean;
  /** undefined when the certificate has no keyUsage extension. */
  readonly keyUsage?: ReadonlySet<KeyUsage>;
  readonly pathLength?: number;
  readonly extendedKeyUsage?: readonly string[];
  /** http(s) URLs of the CRL Distribution Points (full names); other schemes (ldap) are left out. */
  readonly crlUrls: readonly string[];
  /** http(s) URLs of the OCSP responders named in Authority Information Access. */
  readonly ocspUrls: readonly string[];
  /** OIDs of critical extensions the bus does not process. */
  readonly unknownCritical: readonly string[];
}

const cache = new WeakMap<X509Certificate, CertificateFacts>();

const httpUrl = (url: string): boolean => /^https?:\/\//i.test(url);

/** GeneralName uniformResourceIdentifier ([6] IA5String). */
const uris = (names: readonly Der[]): string[] => names.filter((n) => n.tag === TAG.context(6)).map((n) => n.content.toString('latin1'));

function distributionPoints(value: Buffer): string[] {
  const out: string[] = [];
  for (const point of Der.read(value, 'cRLDistributionPoints').children('cRLDistributionPoints')) {
    const name = point.children('DistributionPoint').find((c) => c.tag === TAG.contextConstructed(0));
    const fullName = name?.children('distributionPoint').find((c) => c.tag === TAG.contextConstructed(0));
    if (fullName) out.push(...uris(fullName.children('fullName')));
  }
  return out.filter(httpUrl);
}

function ocspResponders(value: Buffer): string[] {
  const out: string[] = [];
  for (const access of Der.read(value, 'authorityInfoAccess').children('authorityInfoAccess')) {
    const [method, location] = access.children('AccessDescription');
    if (method?.oid('accessMethod') === AD_OCSP && location) out.push(...uris([location]));
  }
  return out.filter(httpUrl);
}

function keyUsage(value: Buffer): Set<KeyUsage> {
  const { bytes } = Der.read(value, 'keyUsage').bitString('keyUsage');
  const usages = new Set<KeyUsage>();
  KEY_USAGE.forEach((usage, bit) => {
    const byte = bytes[bit >> 3];
    if (byte !== undefined && byte & (0x80 >> (bit & 7))) usages.add(usage);
  });
  return usages;
}

/** Reads a certificate's DER once (cached per certificate object); throws `DerError` when it cannot be read. */
export function certificateFacts(cert: X509Certificate): CertificateFacts {
  const known = cache.get(cert);
  if (known) return known;
  const [tbs] = Der.read(cert.raw, 'certificate').children('certificate');
  const fields = tbs.children('tbsCertificate');
  // version [0] EXPLICIT is present in v3 certificates; every other field has a fixed place after it.
  const at = fields[0]?.tag === TAG.contextConstructed(0) ? 1 : 0;
  const [serial, , issuer, , subject, spki] = fields.slice(at);
  if (!spki) throw new DerError('tbsCertificate: too few fields');
  const [, publicKey] = spki.children('subjectPublicKeyInfo');
  const extensions =
    fields
      .find((f) => f.tag === TAG.contextConstructed(3))
      ?.children('extensions')[0]
      ?.children('extensions') ?? [];
  let facts: CertificateFacts = {
    serial: serial.integerHex('serialNumber'),
    issuerName: issuer.expect(TAG.sequence, 'issuer').raw,
    subjectName: subject.expect(TAG.sequence, 'subject').raw,
    publicKeyBits: publicKey.bitString('subjectPublicKey').bytes,
    ca: false,
    crlUrls: [],
    ocspUrls: [],
    unknownCritical: [],
  };
  const unknownCritical: string[] = [];
  for (const extension of extensions) {
    const parts = extension.children('Extension');
    const id = parts[0].oid('extnID');
    const critical = parts.length === 3 && parts[1].boolean('critical');
    const value = parts[parts.length - 1].octets('extnValue');
    if (critical && !UNDERSTOOD.has(id)) unknownCritical.push(id);
    switch (id) {
      case EXTENSION.keyUsage:
        facts = { ...facts, keyUsage: keyUsage(value) };
        break;
      case EXTENSION.basicConstraints: {
        const inner = Der.read(value, 'basicConstraints').children('basicConstraints');
        const ca = inner.find((d) => d.tag === TAG.boolean)?.boolean('cA') ?? false;
        const length = inner.find((d) => d.tag === TAG.integer);
        facts = { ...facts, ca, ...(length ? { pathLength: length.smallInteger('pathLenConstraint') } : {}) };
        break;
      }
      case EXTENSION.extendedKeyUsage:
        facts = {
          ...facts,
          extendedKeyUsage: Der.read(value, 'extKeyUsage')
            .children('extKeyUsage')
            .map((d) => d.oid('KeyPurposeId')),
        };
        break;
      case EXTENSION.crlDistributionPoints:
        facts = { ...facts, crlUrls: distributionPoints(value) };
        break;
      case EXTENSION.authorityInfoAccess:
        facts = { ...facts, ocspUrls: ocspResponders(value) };
        break;
    }
  }
  facts = { ...facts, unknownCritical };
  cache.set(cert, facts);
  return facts;
}
