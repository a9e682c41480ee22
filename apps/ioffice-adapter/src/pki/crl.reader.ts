import { Der, DerError, TAG } from './der.reader';
import { type SignedStructure, derOrPem, signedStructure } from './signed-structure';

/** CRLReason (RFC 5280 5.3.1), by value. */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'unused',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export const reasonName = (code: number): string => REVOCATION_REASONS[code] ?? `reason ${code}`;

/** One revoked certificate of a CRL. */
export interface RevokedEntry {
  readonly revokedAt: Date;
  readonly reason?: string;
  /** invalidityDate: when the key is known or suspected to have been compromised (may be before `revokedAt`). */
  readonly invalidSince?: Date;
}

/** A certificate revocation list as read (its signature is checked by the caller, against the issuer it names). */
export interface Crl {
  readonly signed: SignedStructure;
  /** DER of the issuer Name, compared byte for byte with a certificate's issuer. */
  readonly issuerName: Buffer;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  /** By serial number (lower-case hex, no leading zeros). */
  readonly revoked: ReadonlyMap<string, RevokedEntry>;
  /** Critical CRL or entry extensions the bus does not process (a delta CRL, a partitioned scope...): the CRL is unusable. */
  readonly unknownCritical: readonly string[];
}

const CRL_NUMBER = '2.5.29.20';
const AUTHORITY_KEY_ID = '2.5.29.35';
const REASON_CODE = '2.5.29.21';
const INVALIDITY_DATE = '2.5.29.24';

function extensionsOf(list: Der | undefined, what: string): Array<{ id: string; critical: boolean; value: Buffer }> {
  return (list?.children(what) ?? []).map((extension) => {
    const parts = extension.children(what);
    return {
      id: parts[0].oid(`${what} extnID`),
      critical: parts.length === 3 && parts[1].boolean(`${what} critical`),
      value: parts[parts.length - 1].octets(`${what} extnValue`),
    };
  });
}

/** Reads a CRL (DER, or PEM `X509 CRL`); throws `DerError` naming what is wrong. */
export function readCrl(bytes: Buffer): Crl {
  const parts = Der.read(derOrPem(bytes, 'X509 CRL'), 'CRL').children('CRL');
  const signed = signedStructure(parts, 'CRL');
  const fields = parts[0].children('tbsCertList');
  let at = fields[0]?.tag === TAG.integer ? 1 : 0; // version (v2) is optional
  const algorithm = fields[at++]?.children('tbsCertList signature')[0].oid('tbsCertList signature');
  if (algorithm !== signed.algorithm) throw new DerError('CRL: the signature algorithm inside and outside the signed part differ');
  const issuer = fields[at++]?.expect(TAG.sequence, 'CRL issuer');
  const thisUpdate = fields[at++]?.time('CRL thisUpdate');
  if (!issuer || !thisUpdate) throw new DerError('CRL: issuer or thisUpdate missing');
  const nextUpdate = fields[at]?.isTime() ? fields[at++].time('CRL nextUpdate') : undefined;
  const unknownCritical: string[] = [];
  const revoked = new Map<string, RevokedEntry>();
  if (fields[at]?.tag === TAG.sequence) {
    for (const entry of fields[at++].children('revokedCertificates')) {
      const [serial, date, extensions] = entry.children('revokedCertificate');
      let reason: string | undefined;
      let invalidSince: Date | undefined;
      for (const e of extensionsOf(extensions, 'crlEntryExtensions')) {
        if (e.id === REASON_CODE) reason = reasonName(Der.read(e.value, 'reasonCode').smallInteger('reasonCode'));
        else if (e.id === INVALIDITY_DATE) invalidSince = Der.read(e.value, 'invalidityDate').time('invalidityDate');
        else if (e.critical) unknownCritical.push(e.id);
      }
      revoked.set(serial.integerHex('userCertificate'), {
        revokedAt: date.time('revocationDate'),
        ...(reason ? { reason } : {}),
        ...(invalidSince ? { invalidSince } : {}),
      });
    }
  }
  const crlExtensions = fields[at]?.tag === TAG.contextConstructed(0) ? fields[at].children('crlExtensions')[0] : undefined;
  for (const e of extensionsOf(crlExtensions, 'crlExtensions')) {
    if (e.critical && e.id !== CRL_NUMBER && e.id !== AUTHORITY_KEY_ID) unknownCritical.push(e.id);
  }
  return { signed, issuerName: issuer.raw, thisUpdate, ...(nextUpdate ? { nextUpdate } : {}), revoked, unknownCritical };
}
