import { createHash, createPublicKey, sign } from 'crypto';
import * as forge from 'node-forge';

/**
 * What a test CA publishes about revocation, written from RFC 5280 (CRLs) and RFC 6960 (OCSP) with forge's ASN.1
 * writer: independent of the bus's own DER reader, and checked against OpenSSL in `test-pki.spec.ts`.
 */

/** A certificate recorded as revoked: serial (hex, minimal), when, and the RFC 5280 reason code. */
export interface RevokedCertificate {
  serial: string;
  at: Date;
  reason: number;
}

/** A CA that signs CRLs and OCSP answers, with what it revoked. */
export interface CertificateAuthority {
  certificatePem: string;
  privateKeyPem: string;
  revoked: RevokedCertificate[];
}

/** Who signs an OCSP answer: a certificate's key (sent along when `includeCertificate`), or a key nobody certified. */
export interface OcspSigner {
  certificatePem?: string;
  privateKeyPem: string;
  includeCertificate: boolean;
}

const { asn1 } = forge;
type Node = forge.asn1.Asn1;
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const universal = (type: number, constructed: boolean, value: string | Node[]): Node =>
  asn1.create(asn1.Class.UNIVERSAL, type, constructed, value);
const sequence = (value: Node[]): Node => universal(asn1.Type.SEQUENCE, true, value);
const oid = (dotted: string): Node => universal(asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
const octets = (bytes: string): Node => universal(asn1.Type.OCTETSTRING, false, bytes);
const enumerated = (n: number): Node => universal(asn1.Type.ENUMERATED, false, String.fromCharCode(n));
const generalizedTime = (at: Date): Node => universal(asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(at));
const utcTime = (at: Date): Node => universal(asn1.Type.UTCTIME, false, asn1.dateToUtcTime(at));
const explicit = (n: number, value: Node[]): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, value);
const algorithm = (): Node => sequence([oid(SHA256_WITH_RSA), universal(asn1.Type.NULL, false, '')]);
const der = (node: Node): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
// forge's typings know only the boolean form of the options; BIT STRINGs are kept as raw octets (key bits are hashed).
const fromDer = asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: { decodeBitStrings: boolean }) => Node;
const parse = (bytes: Buffer): Node => fromDer(forge.util.createBuffer(bytes.toString('binary')), { decodeBitStrings: false });

/** A serial as hex in minimal form (no leading zero octets), as CRLs and OCSP answers are matched. */
export function normalSerial(hex: string): string {
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return bytes.toString('hex');
}

/** A positive INTEGER from a serial's hex. */
function integer(serialHex: string): Node {
  const bytes = Buffer.from(normalSerial(serialHex), 'hex');
  return universal(asn1.Type.INTEGER, false, (bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes).toString('binary'));
}

/** A certificate's subject Name (as its own DER) and its subjectPublicKey bits. */
function certificateParts(pem: string): { subject: Node; keyBits: string } {
  const tbs = (parse(Buffer.from(forge.pem.decode(pem)[0].body, 'binary')).value as Node[])[0].value as Node[];
  const at = tbs[0].tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const spki = tbs[at + 5].value as Node[];
  return { subject: tbs[at + 4], keyBits: (spki[1].value as string).slice(1) };
}

function keyBitsOf(signer: OcspSigner): string {
  if (signer.certificatePem) return certificateParts(signer.certificatePem).keyBits;
  const spki = parse(createPublicKey(signer.privateKeyPem).export({ type: 'spki', format: 'der' }) as Buffer).value as Node[];
  return (spki[1].value as string).slice(1);
}

const signed = (tbs: Node, privateKeyPem: string): Node[] => [
  tbs,
  algorithm(),
  universal(asn1.Type.BITSTRING, false, `\0${sign('sha256', der(tbs), privateKeyPem).toString('binary')}`),
];

/** A v2 CRL of `ca`, signed by it, with a CRL number and each revoked certificate's reason code. */
export function buildCrl(ca: CertificateAuthority, thisUpdate: Date, nextUpdate: Date): Buffer {
  const { subject } = certificateParts(ca.certificatePem);
  const entries = ca.revoked.map((r) =>
    sequence([
      integer(r.serial),
      utcTime(r.at),
      sequence([sequence([oid('2.5.29.21'), octets(asn1.toDer(enumerated(r.reason)).getBytes())])]),
    ]),
  );
  const crlNumber = octets(asn1.toDer(integer(Math.floor(thisUpdate.getTime() / 1000).toString(16))).getBytes());
  const tbs = sequence([
    universal(asn1.Type.INTEGER, false, String.fromCharCode(1)),
    algorithm(),
    subject,
    utcTime(thisUpdate),
    utcTime(nextUpdate),
    ...(entries.length > 0 ? [sequence(entries)] : []),
    explicit(0, [sequence([sequence([oid('2.5.29.20'), crlNumber])])]),
  ]);
  return der(sequence(signed(tbs, ca.privateKeyPem)));
}

/**
 * The basic OCSP answer to `request` (one `SingleResponse` per certificate asked about): good, revoked (time and
 * reason) or, for a certificate of no CA here, unknown; signed by `signerFor` the CA of the first certificate asked.
 * A request that cannot be read gets `malformedRequest`.
 */
export function buildOcspResponse(
  request: Buffer,
  cas: CertificateAuthority[],
  signerFor: (ca: CertificateAuthority) => OcspSigner,
  thisUpdate: Date,
  nextUpdate: Date,
): Buffer {
  let certIds: Node[];
  try {
    const tbsRequest = (parse(request).value as Node[])[0].value as Node[];
    const list = tbsRequest.find((n) => n.tagClass === asn1.Class.UNIVERSAL && n.type === asn1.Type.SEQUENCE)!;
    certIds = (list.value as Node[]).map((r) => (r.value as Node[])[0]);
  } catch {
    return der(sequence([enumerated(1)]));
  }
  let answering: CertificateAuthority | undefined;
  const singles = certIds.map((certId) => {
    const [hashAlgorithm, nameHash, keyHash, serial] = certId.value as Node[];
    const hash = HASHES[asn1.derToOid(forge.util.createBuffer((hashAlgorithm.value as Node[])[0].value as string))];
    const digest = (bytes: string) => (hash ? createHash(hash).update(Buffer.from(bytes, 'binary')).digest('binary') : '');
    const ca = cas.find((c) => {
      const parts = certificateParts(c.certificatePem);
      return digest(asn1.toDer(parts.subject).getBytes()) === nameHash.value && digest(parts.keyBits) === keyHash.value;
    });
    answering ??= ca;
    const revoked = ca?.revoked.find((r) => r.serial === normalSerial(Buffer.from(serial.value as string, 'binary').toString('hex')));
    const status = !ca
      ? asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, '')
      : revoked
        ? asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, true, [generalizedTime(revoked.at), explicit(0, [enumerated(revoked.reason)])])
        : asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, '');
    return sequence([certId, status, generalizedTime(thisUpdate), explicit(0, [generalizedTime(nextUpdate)])]);
  });
  const signer = signerFor(answering ?? cas[0]);
  const responderKeyHash = createHash('sha1')
    .update(Buffer.from(keyBitsOf(signer), 'binary'))
    .digest('binary');
  const data = sequence([explicit(2, [octets(responderKeyHash)]), generalizedTime(thisUpdate), sequence(singles)]);
  const certificate =
    signer.includeCertificate && signer.certificatePem
      ? [explicit(0, [sequence([parse(Buffer.from(forge.pem.decode(signer.certificatePem)[0].body, 'binary'))])])]
      : [];
  const basic = sequence([...signed(data, signer.privateKeyPem), ...certificate]);
  return der(sequence([enumerated(0), explicit(0, [sequence([oid('1.3.6.1.5.5.7.48.1.1'), octets(der(basic).toString('binary'))])])]));
}
