import { generateKeyPairSync, randomBytes } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as forge from 'node-forge';
import { TEST_PKI_ORGANIZATION } from '@lienthong/config';
import { SigningIdentity } from '../edxml/edxml.signer';
import { CertificateAuthority, RevokedCertificate, buildCrl, buildOcspResponse, normalSerial } from './revocation.responses';

/** Options of the test PKI. */
export interface TestPkiOptions {
  /** Organs that get an organization certificate (one per department); the name goes into the subject. */
  organs: { organId: string; name?: string }[];
  /** Issue the organization certificates from an intermediate CA (default true: exercises chain building). */
  intermediate?: boolean;
  /**
   * `O=` of every certificate of a new hierarchy (ASCII). Default `TEST_PKI_ORGANIZATION`: the simulator's published
   * test PKI, which production refuses as trust anchors. A test standing for a site's own CA (fresh keys, found on
   * no other machine) gives another.
   */
  organization?: string;
}

/** How to (re)issue an organ's organization certificate, for tests of the bus's certificate checks. */
export interface OrganCertificateOptions {
  /** keyUsage digitalSignature + nonRepudiation (default); false: no keyUsage extension at all. */
  keyUsage?: boolean;
  /** CRL Distribution Points the certificate names (http URLs). */
  crlUrls?: string[];
  /** OCSP responders the certificate names (Authority Information Access). */
  ocspUrls?: string[];
  notBefore?: Date;
  notAfter?: Date;
}

/** Which CA of the hierarchy: the root (the trust anchor) or the one that issues organization certificates. */
export type CaName = 'root' | 'issuing';

/** The loaded test PKI: trusted identities per organ, and untrusted look-alikes from a different CA. */
export interface TestPki {
  dir: string;
  /** PEM of the root CA: the trust anchor the bus must be configured with (`<dir>/ca.pem`). */
  trustAnchorPem: string;
  trustAnchorFile: string;
  /** PEM of the CA that issues organization certificates (the intermediate, or the root without one). */
  issuingCaPem: string;
  identity(organId: string): SigningIdentity;
  /** Same subject as `identity`, issued by a CA that is NOT in the trust anchors. */
  untrustedIdentity(organId: string): SigningIdentity;
  /**
   * (Re)issues the organ's trusted organization certificate with `options`; the files are replaced, so the
   * simulator signs with the new one from then on. Returns it, with its serial (hex, as CRLs list it).
   */
  issueIdentity(organId: string, options?: OrganCertificateOptions): SigningIdentity & { serial: string };
  /** Records a certificate issued by `issuer` as revoked (RFC 5280 reason code, default 1 keyCompromise). */
  revoke(serial: string, options?: { issuer?: CaName; at?: Date; reason?: number }): void;
  /** Forgets a revocation (a test's clean-up; a real CA never does this). */
  unrevoke(serial: string): void;
  /** A CRL (DER) of `issuer`, signed by it, listing what `revoke` recorded; nextUpdate one day after thisUpdate. */
  crl(issuer: CaName, options?: { thisUpdate?: Date; nextUpdate?: Date }): Buffer;
  /**
   * The OCSP response (DER) to an OCSP request, signed by the issuer of the certificate asked about (`signer:
   * 'delegated'`: by a responder certificate that issuer certified for OCSP signing; `'stranger'`: by a key nobody
   * certified, as a forger would).
   */
  ocspResponse(request: Buffer, options?: { signer?: 'issuer' | 'delegated' | 'stranger'; thisUpdate?: Date; nextUpdate?: Date }): Buffer;
}

interface Issuer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

const files = {
  rootCert: 'ca.pem',
  rootKey: 'ca.key.pem',
  intermediateCert: 'intermediate.pem',
  intermediateKey: 'intermediate.key.pem',
  untrustedRootCert: 'untrusted/ca.pem',
  untrustedRootKey: 'untrusted/ca.key.pem',
  responderCert: (ca: CaName) => `ocsp/${ca}-responder.pem`,
  responderKey: (ca: CaName) => `ocsp/${ca}-responder.key.pem`,
  revoked: 'revoked.json',
  org: (organId: string, untrusted: boolean) => `${untrusted ? 'untrusted/' : ''}orgs/${organId}.pem`,
  orgKey: (organId: string, untrusted: boolean) => `${untrusted ? 'untrusted/' : ''}orgs/${organId}.key.pem`,
};

function newKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  // Node's native generator: pure-JS forge key generation takes seconds per key.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

/**
 * CA subjects are kept ASCII (diacritics removed): forge re-encodes UTF-8 attribute values when a certificate
 * is loaded back from PEM, which would break the issuer/subject match across restarts. An organization's
 * certificate issues nothing, so it names the organization in Vietnamese (UTF8String), as real CAs do.
 */
function ascii(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?');
}

function subject(commonName: string, isCa: boolean, organization = TEST_PKI_ORGANIZATION): forge.pki.CertificateField[] {
  return [
    { name: 'countryName', value: 'VN' },
    { name: 'stateOrProvinceName', value: 'Lang Son' },
    { name: 'organizationName', value: ascii(organization) },
    isCa
      ? { name: 'commonName', value: ascii(commonName) }
      : { name: 'commonName', value: commonName.normalize('NFC'), valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
  ];
}

/** The subject the simulator gives an organization's certificate (its name as CN); what `signerSubject` must match. */
export function organizationSubject(name: string): forge.pki.CertificateField[] {
  return subject(name, false);
}

/** The common name a certificate was issued with (UTF8String or ASCII). */
function commonName(cert: forge.pki.Certificate): string {
  return forge.util.decodeUtf8(String(cert.subject.getField('CN')?.value ?? ''));
}

interface IssueOptions extends OrganCertificateOptions {
  ca: boolean;
  /** `O=` of the subject (default the published test PKI's). */
  organization?: string;
  years: number;
  /** Extended key usages (OIDs), e.g. OCSP signing for a delegated responder. */
  extKeyUsage?: string[];
}

const uriNames = (urls: string[]) => urls.map((value) => ({ type: 6, value }));

/** Authority Information Access with OCSP responders (forge has no name for it: written as ASN.1). */
function authorityInfoAccess(urls: string[]): object {
  const { asn1 } = forge;
  const access = urls.map((url) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.3.6.1.5.5.7.48.1').getBytes()),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, url),
    ]),
  );
  return { id: '1.3.6.1.5.5.7.1.1', value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, access) };
}

function issue(commonName: string, issuer: Issuer | 'self', options: IssueOptions): Issuer {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  // A positive serial in minimal DER: the first octet non-zero and below 0x80.
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + options.years * 365 * 24 * 3600 * 1000);
  cert.setSubject(subject(commonName, options.ca, options.organization));
  const signer = issuer === 'self' ? { cert, key: keys.privateKey } : issuer;
  cert.setIssuer(signer.cert.subject.attributes);
  // forge derives the subject key identifier itself; the authority key identifier must equal the issuer's.
  const aki = issuer === 'self' ? true : issuer.cert.generateSubjectKeyIdentifier().getBytes();
  const keyUsage = options.ca
    ? [{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]
    : options.keyUsage === false
      ? []
      : [{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }];
  cert.setExtensions([
    { name: 'basicConstraints', cA: options.ca, critical: true },
    ...keyUsage,
    ...(options.extKeyUsage ? [{ name: 'extKeyUsage', ...Object.fromEntries(options.extKeyUsage.map((oid) => [oid, true])) }] : []),
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: aki },
    ...(options.crlUrls?.length ? [{ name: 'cRLDistributionPoints', altNames: uriNames(options.crlUrls) }] : []),
    ...(options.ocspUrls?.length ? [authorityInfoAccess(options.ocspUrls)] : []),
  ]);
  cert.sign(signer.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function write(dir: string, relative: string, content: string): void {
  const path = join(dir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  // Write-then-rename so a reader never sees a half-written PEM.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: relative.endsWith('.key.pem') ? 0o600 : 0o644 });
  renameSync(temp, path);
}

function read(dir: string, relative: string): string {
  return readFileSync(join(dir, relative), 'utf8');
}

function loadIssuer(dir: string, certFile: string, keyFile: string): Issuer {
  return { cert: forge.pki.certificateFromPem(read(dir, certFile)), key: forge.pki.privateKeyFromPem(read(dir, keyFile)) };
}

function saveIssuer(dir: string, certFile: string, keyFile: string, issuer: Issuer): void {
  write(dir, keyFile, forge.pki.privateKeyToPem(issuer.key));
  write(dir, certFile, forge.pki.certificateToPem(issuer.cert));
}

/** Creates (or completes) the CA hierarchy in `dir`; existing files are reused, missing ones issued. */
function ensureHierarchy(dir: string, options: TestPkiOptions): void {
  const useIntermediate = options.intermediate ?? true;
  const { organization } = options;
  if (!existsSync(join(dir, files.rootCert))) {
    saveIssuer(dir, files.rootCert, files.rootKey, issue('Liên thông Test Root CA', 'self', { ca: true, years: 20, organization }));
  }
  const root = loadIssuer(dir, files.rootCert, files.rootKey);
  if (useIntermediate && !existsSync(join(dir, files.intermediateCert))) {
    saveIssuer(
      dir,
      files.intermediateCert,
      files.intermediateKey,
      issue('Liên thông Test Issuing CA', root, { ca: true, years: 10, organization }),
    );
  }
  if (!existsSync(join(dir, files.untrustedRootCert))) {
    saveIssuer(
      dir,
      files.untrustedRootCert,
      files.untrustedRootKey,
      issue('Untrusted Look-alike CA', 'self', { ca: true, years: 20, organization }),
    );
  }
}

/**
 * Issues an organization's certificate (by the trusted hierarchy, or the look-alike one) on first use, and again
 * when the one on file names another organization (the department was renamed in the table). Issuing on first
 * use keeps start-up quick with a province's twenty departments: a key pair takes a quarter of a second.
 */
function ensureOrganization(dir: string, organ: { organId: string; name?: string }, untrusted: boolean, organization?: string): void {
  const certFile = files.org(organ.organId, untrusted);
  const name = organ.name ?? organ.organId;
  if (existsSync(join(dir, certFile)) && commonName(forge.pki.certificateFromPem(read(dir, certFile))) === name.normalize('NFC')) return;
  const by = untrusted
    ? loadIssuer(dir, files.untrustedRootCert, files.untrustedRootKey)
    : existsSync(join(dir, files.intermediateCert))
      ? loadIssuer(dir, files.intermediateCert, files.intermediateKey)
      : loadIssuer(dir, files.rootCert, files.rootKey);
  saveIssuer(dir, certFile, files.orgKey(organ.organId, untrusted), issue(name, by, { ca: false, years: 5, organization }));
}

/**
 * Writes a test PKI into `dir`: `ca.pem` (the trust anchor) and its key, an intermediate CA (unless
 * disabled), one organization certificate and key per organ under `orgs/` (issued when first used, with the
 * organ's name as CN), and a look-alike hierarchy from a different CA under `untrusted/`. Files already present are
 * kept, unless an organization's certificate names another organization. Revocations (`revoked.json`) and
 * OCSP responder certificates (`ocsp/`) are written when a test asks for them.
 */
export function generateTestPki(dir: string, options: TestPkiOptions): TestPki {
  mkdirSync(dir, { recursive: true });
  ensureHierarchy(dir, options);
  const intermediatePem = existsSync(join(dir, files.intermediateCert)) ? read(dir, files.intermediateCert) : undefined;
  const organs = new Map(options.organs.map((o) => [o.organId, o]));
  // One identity object per organ and hierarchy while its certificate file is unchanged: the signer keeps its parsed
  // key by identity. A certificate re-issued on disk (by a test's `issueIdentity`, maybe through another handle on
  // the same directory) is a new file, and is read again.
  const loaded = new Map<string, { readonly version: string; readonly identity: SigningIdentity }>();
  const ensured = new Set<string>();
  const identity = (organId: string, untrusted: boolean): SigningIdentity => {
    const key = `${untrusted} ${organId}`;
    const organ = organs.get(organId);
    if (organ && !ensured.has(key)) {
      ensureOrganization(dir, organ, untrusted, options.organization);
      ensured.add(key);
    }
    const certFile = files.org(organId, untrusted);
    if (!existsSync(join(dir, certFile)))
      throw new Error(`SIM_IOFFICE.NO_CERTIFICATE: no organization certificate for organ ${organId} in ${dir}`);
    const stat = statSync(join(dir, certFile));
    const version = `${stat.ino}:${stat.mtimeMs}`; // files are written to a temporary name and renamed: a new inode
    const cached = loaded.get(key);
    if (cached?.version === version) return cached.identity;
    const chain = [read(dir, certFile)];
    if (!untrusted && intermediatePem) chain.push(intermediatePem);
    const made = { privateKeyPem: read(dir, files.orgKey(organId, untrusted)), certificateChainPem: chain };
    loaded.set(key, { version, identity: made });
    return made;
  };
  const ca = (name: CaName): Issuer & { pem: string } => {
    const [certFile, keyFile] =
      name === 'issuing' && intermediatePem ? [files.intermediateCert, files.intermediateKey] : [files.rootCert, files.rootKey];
    return { ...loadIssuer(dir, certFile, keyFile), pem: read(dir, certFile) };
  };
  const revoked = (): Array<RevokedCertificate & { issuer: CaName }> =>
    existsSync(join(dir, files.revoked))
      ? (JSON.parse(read(dir, files.revoked)) as Array<{ serial: string; issuer: CaName; at: string; reason: number }>).map((r) => ({
          ...r,
          at: new Date(r.at),
        }))
      : [];
  const authority = (name: CaName): CertificateAuthority => {
    const { pem, key } = ca(name);
    return { certificatePem: pem, privateKeyPem: forge.pki.privateKeyToPem(key), revoked: revoked().filter((r) => r.issuer === name) };
  };
  /** A responder certificate `name` certified for OCSP signing (id-kp-OCSPSigning), issued once. */
  const responder = (name: CaName): { certificatePem: string; privateKeyPem: string } => {
    if (!existsSync(join(dir, files.responderCert(name)))) {
      const issued = issue(`${commonName(ca(name).cert)} OCSP Responder`, ca(name), {
        ca: false,
        years: 1,
        keyUsage: true,
        extKeyUsage: ['1.3.6.1.5.5.7.3.9'],
        organization: options.organization,
      });
      saveIssuer(dir, files.responderCert(name), files.responderKey(name), issued);
    }
    return { certificatePem: read(dir, files.responderCert(name)), privateKeyPem: read(dir, files.responderKey(name)) };
  };
  const cas: CaName[] = intermediatePem ? ['issuing', 'root'] : ['root'];
  return {
    dir,
    trustAnchorPem: read(dir, files.rootCert),
    trustAnchorFile: join(dir, files.rootCert),
    issuingCaPem: ca('issuing').pem,
    identity: (organId) => identity(organId, false),
    untrustedIdentity: (organId) => identity(organId, true),
    issueIdentity(organId, certificate = {}) {
      const existing =
        organs.get(organId)?.name ??
        (existsSync(join(dir, files.org(organId, false)))
          ? commonName(forge.pki.certificateFromPem(read(dir, files.org(organId, false))))
          : organId);
      const org = issue(existing, ca('issuing'), { ca: false, years: 5, ...certificate, organization: options.organization });
      saveIssuer(dir, files.org(organId, false), files.orgKey(organId, false), org);
      return { ...identity(organId, false), serial: normalSerial(org.cert.serialNumber) };
    },
    revoke(serial, { issuer = 'issuing', at = new Date(), reason = 1 } = {}) {
      const list = [...revoked().filter((r) => r.serial !== normalSerial(serial)), { serial: normalSerial(serial), issuer, at, reason }];
      write(
        dir,
        files.revoked,
        JSON.stringify(
          list.map((r) => ({ ...r, at: r.at.toISOString() })),
          null,
          2,
        ),
      );
    },
    unrevoke(serial) {
      const list = revoked().filter((r) => r.serial !== normalSerial(serial));
      write(
        dir,
        files.revoked,
        JSON.stringify(
          list.map((r) => ({ ...r, at: r.at.toISOString() })),
          null,
          2,
        ),
      );
    },
    crl(issuer, { thisUpdate = new Date(), nextUpdate } = {}) {
      return buildCrl(authority(issuer), thisUpdate, nextUpdate ?? new Date(thisUpdate.getTime() + 24 * 3600 * 1000));
    },
    ocspResponse(request, { signer = 'issuer', thisUpdate = new Date(), nextUpdate } = {}) {
      return buildOcspResponse(
        request,
        cas.map((name) => authority(name)),
        (asked) => {
          const name = cas.find((n) => authority(n).certificatePem === asked.certificatePem) ?? 'root';
          if (signer === 'issuer')
            return { certificatePem: asked.certificatePem, privateKeyPem: asked.privateKeyPem, includeCertificate: false };
          if (signer === 'delegated') return { ...responder(name), includeCertificate: true };
          const { privateKey } = generateKeyPairSync('rsa', {
            modulusLength: 2048,
            privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
            publicKeyEncoding: { type: 'spki', format: 'pem' },
          });
          return { privateKeyPem: privateKey, includeCertificate: false };
        },
        thisUpdate,
        nextUpdate ?? new Date(thisUpdate.getTime() + 3600 * 1000),
      );
    },
  };
}
