import { type KeyObject, verify as verifySignature } from 'node:crypto';
import { Der, DerError, TAG } from './der.reader';

/**
 * Signature algorithms accepted on CRLs and OCSP responses, by OID: RSA PKCS#1 v1.5 and ECDSA with SHA-2, Ed25519.
 * SHA-1 signatures are refused (collisions are practical); RSA-PSS is not used by the CAs in view.
 */
const ALGORITHMS: Record<string, { readonly hash: string | null; readonly name: string }> = {
  '1.2.840.113549.1.1.11': { hash: 'sha256', name: 'sha256WithRSAEncryption' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', name: 'sha384WithRSAEncryption' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', name: 'sha512WithRSAEncryption' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', name: 'ecdsa-with-SHA256' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', name: 'ecdsa-with-SHA384' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', name: 'ecdsa-with-SHA512' },
  '1.3.101.112': { hash: null, name: 'Ed25519' },
};

/** Something signed the X.509 way: the exact to-be-signed bytes, the algorithm and the signature. */
export interface SignedStructure {
  readonly tbs: Buffer;
  readonly algorithm: string;
  readonly signature: Buffer;
}

/** Reads `SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING }` (certificates, CRLs, BasicOCSPResponse). */
export function signedStructure(parts: readonly Der[], what: string): SignedStructure {
  const [tbs, algorithm, signature] = parts;
  if (!signature) throw new DerError(`${what}: expected to-be-signed data, an algorithm and a signature`);
  return {
    tbs: tbs.expect(TAG.sequence, what).raw,
    algorithm: algorithm.children(`${what} signatureAlgorithm`)[0].oid(`${what} signatureAlgorithm`),
    signature: signature.bitString(`${what} signature`).bytes,
  };
}

/** Undefined when `key` signed `signed`; otherwise why not (for people). */
export function signatureProblem(signed: SignedStructure, key: KeyObject): string | undefined {
  const algorithm = ALGORITHMS[signed.algorithm];
  if (!algorithm) return `its signature algorithm ${signed.algorithm} is not accepted (SHA-2 with RSA or ECDSA, or Ed25519)`;
  try {
    return verifySignature(algorithm.hash, signed.tbs, key, signed.signature)
      ? undefined
      : `its ${algorithm.name} signature does not verify`;
  } catch (error) {
    return `its ${algorithm.name} signature cannot be checked (${(error as Error).message})`;
  }
}

/** Reads `Der.read` input that may be PEM (`-----BEGIN <label>-----`) or DER. */
export function derOrPem(bytes: Buffer, label: string): Buffer {
  const text = bytes.subarray(0, 64).toString('latin1');
  if (!text.startsWith(`-----BEGIN ${label}-----`)) return bytes;
  const body = bytes.toString('latin1').split(`-----BEGIN ${label}-----`)[1]?.split(`-----END ${label}-----`)[0] ?? '';
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}
