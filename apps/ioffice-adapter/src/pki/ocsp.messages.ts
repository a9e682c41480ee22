import { X509Certificate, createHash } from 'node:crypto';
import type { CertificateFacts } from './certificate.facts';
import { reasonName } from './crl.reader';
import { Der, DerError, TAG, derEncode, derOid } from './der.reader';
import { type SignedStructure, signedStructure } from './signed-structure';

/** Hash algorithms of a CertID (RFC 6960 4.1.1), by OID. The bus asks with SHA-1, as RFC 5019 responders expect. */
const CERT_ID_HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SHA1 = '1.3.14.3.2.26';
const BASIC_RESPONSE = '1.3.6.1.5.5.7.48.1.1';
const RESPONSE_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', '(unused)', 'sigRequired', 'unauthorized'];

/** Which certificate a request or single response is about: its issuer's name and key, and its serial. */
export interface CertId {
  readonly hash: string;
  readonly issuerNameHash: Buffer;
  readonly issuerKeyHash: Buffer;
  readonly serial: string;
}

/** One `SingleResponse`. */
export interface SingleResponse {
  readonly certId: CertId;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revokedAt?: Date;
  readonly reason?: string;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
}

/** A successful basic OCSP response as read (its signature is checked by the caller). */
export interface OcspResponse {
  readonly signed: SignedStructure;
  readonly producedAt: Date;
  readonly responses: readonly SingleResponse[];
  /** Certificates the responder sent along (a delegated responder's own certificate). */
  readonly certificates: readonly X509Certificate[];
}

const hashWith = (algorithm: string, data: Buffer): Buffer => createHash(algorithm).update(data).digest();

/** Whether `id` names the certificate `subject` issued by `issuer`. */
export function certIdMatches(id: CertId, subject: CertificateFacts, issuer: CertificateFacts): boolean {
  return (
    id.serial === subject.serial &&
    id.issuerNameHash.equals(hashWith(id.hash, subject.issuerName)) &&
    id.issuerKeyHash.equals(hashWith(id.hash, issuer.publicKeyBits))
  );
}

/** A DER `OCSPRequest` for one certificate (unsigned, no nonce: freshness is judged by thisUpdate/nextUpdate). */
export function ocspRequest(subject: CertificateFacts, issuer: CertificateFacts): Buffer {
  const serial = Buffer.from(subject.serial.length % 2 ? `0${subject.serial}` : subject.serial, 'hex');
  const certId = derEncode(TAG.sequence, [
    derEncode(TAG.sequence, [derOid(SHA1), derEncode(TAG.null, Buffer.alloc(0))]),
    derEncode(TAG.octetString, hashWith('sha1', subject.issuerName)),
    derEncode(TAG.octetString, hashWith('sha1', issuer.publicKeyBits)),
    derEncode(TAG.integer, serial[0] & 0x80 ? Buffer.concat([Buffer.from([0]), serial]) : serial),
  ]);
  const request = derEncode(TAG.sequence, certId);
  return derEncode(TAG.sequence, derEncode(TAG.sequence, derEncode(TAG.sequence, request)));
}

function readCertId(der: Der): CertId {
  const [algorithm, nameHash, keyHash, serial] = der.children('CertID');
  const oid = algorithm.children('CertID hashAlgorithm')[0].oid('CertID hashAlgorithm');
  const hash = CERT_ID_HASHES[oid];
  if (!hash) throw new DerError(`OCSP CertID: hash algorithm ${oid} is not known`);
  return {
    hash,
    issuerNameHash: nameHash.octets('issuerNameHash'),
    issuerKeyHash: keyHash.octets('issuerKeyHash'),
    serial: serial.integerHex('serialNumber'),
  };
}

function readSingle(der: Der): SingleResponse {
  const [certId, status, thisUpdate, ...rest] = der.children('SingleResponse');
  const nextUpdate = rest
    .find((d) => d.tag === TAG.contextConstructed(0))
    ?.children('nextUpdate')[0]
    .time('nextUpdate');
  const common = { certId: readCertId(certId), thisUpdate: thisUpdate.time('thisUpdate'), ...(nextUpdate ? { nextUpdate } : {}) };
  if (status.tag === TAG.context(0)) return { ...common, status: 'good' };
  if (status.tag === TAG.context(2)) return { ...common, status: 'unknown' };
  if (status.tag !== TAG.contextConstructed(1)) throw new DerError(`OCSP certStatus: unexpected tag 0x${status.tag.toString(16)}`);
  const [revokedAt, reason] = status.children('RevokedInfo');
  const code = reason?.children('revocationReason')[0].smallInteger('revocationReason');
  return {
    ...common,
    status: 'revoked',
    revokedAt: revokedAt.time('revocationTime'),
    ...(code === undefined ? {} : { reason: reasonName(code) }),
  };
}

/** Reads an `OCSPResponse`; throws `DerError` for anything but a well-formed successful basic response. */
export function readOcspResponse(bytes: Buffer): OcspResponse {
  const [status, body] = Der.read(bytes, 'OCSPResponse').children('OCSPResponse');
  const code = status.smallInteger('responseStatus');
  if (code !== 0) throw new DerError(`the responder answered ${RESPONSE_STATUS[code] ?? code}`);
  if (!body) throw new DerError('OCSPResponse: a successful response without responseBytes');
  const [type, response] = body.expect(TAG.contextConstructed(0), 'responseBytes').children('responseBytes')[0].children('ResponseBytes');
  if (type.oid('responseType') !== BASIC_RESPONSE || !response) throw new DerError('OCSPResponse: not a basic OCSP response');
  const parts = Der.read(response.octets('response'), 'BasicOCSPResponse').children('BasicOCSPResponse');
  const signed = signedStructure(parts, 'BasicOCSPResponse');
  const data = parts[0].children('ResponseData');
  const at = data[0]?.tag === TAG.contextConstructed(0) ? 1 : 0; // version
  const producedAt = data[at + 1].time('producedAt');
  const responses = data[at + 2].children('responses').map(readSingle);
  const certs =
    parts
      .find((p) => p.tag === TAG.contextConstructed(0))
      ?.children('certs')[0]
      .children('certs') ?? [];
  return { signed, producedAt, responses, certificates: certs.map((c) => new X509Certificate(c.raw)) };
}
