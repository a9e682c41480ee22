import { generateKeyPairSync, randomBytes } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as forge from 'node-forge';
import { SigningIdentity } from '../edxml/edxml.signer';

/** Options of the test PKI. */
export interface TestPkiOptions {
  /** Organs that get an organization certificate (one per department); the name goes into the subject. */
  organs: { organId: string; name?: string }[];
  /** Issue the organization certificates from an intermediate CA (default true: exercises chain building). */
  intermediate?: boolean;
}

/** The loaded test PKI: trusted identities per organ, and untrusted look-alikes from a different CA. */
export interface TestPki {
  dir: string;
  /** PEM of the root CA: the trust anchor the bus must be configured with (`<dir>/ca.pem`). */
  trustAnchorPem: string;
  trustAnchorFile: string;
  identity(organId: string): SigningIdentity;
  /** Same subject as `identity`, issued by a CA that is NOT in the trust anchors. */
  untrustedIdentity(organId: string): SigningIdentity;
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
  org: (organId: string, untrusted: boolean) => `${untrusted ? 'untrusted/' : ''}orgs/${organId}.pem`,
  orgKey: (organId: string, untrusted: boolean) => `${untrusted ? 'untrusted/' : ''}orgs/${organId}.key.pem`,
};

function newKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  // Node's native generator: pure-JS forge key generation takes seconds per key.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

/**
 * CA subjects are kept ASCII (diacritics removed): forge re-encodes UTF-8 attribute values when a certificate
 * is loaded back from PEM, which would break the issuer/subject match across restarts. An organization's
 * certificate issues nothing, so it names the organization in Vietnamese (UTF8String), as real CAs do.
 */
function ascii(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '?');
}

function subject(commonName: string, isCa: boolean): forge.pki.CertificateField[] {
  return [
    { name: 'countryName', value: 'VN' },
    { name: 'stateOrProvinceName', value: 'Lang Son' },
    { name: 'organizationName', value: 'Lien thong test PKI' },
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
function commonNameOf(pem: string): string | undefined {
  const value = forge.pki.certificateFromPem(pem).subject.getField('CN')?.value as string | undefined;
  return value === undefined ? undefined : forge.util.decodeUtf8(value);
}

function issue(commonName: string, issuer: Issuer | 'self', isCa: boolean, years: number): Issuer {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  // Positive serial: clear the top bit of the first byte.
  cert.serialNumber = '0' + (randomBytes(16)[0] & 0x7f).toString(16) + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 3600 * 1000);
  cert.setSubject(subject(commonName, isCa));
  const signer = issuer === 'self' ? { cert, key: keys.privateKey } : issuer;
  cert.setIssuer(signer.cert.subject.attributes);
  // forge derives the subject key identifier itself; the authority key identifier must equal the issuer's.
  const aki = issuer === 'self' ? true : issuer.cert.generateSubjectKeyIdentifier().getBytes();
  cert.setExtensions([
    { name: 'basicConstraints', cA: isCa, critical: true },
    isCa
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: aki },
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
  if (!existsSync(join(dir, files.rootCert))) {
    saveIssuer(dir, files.rootCert, files.rootKey, issue('Liên thông Test Root CA', 'self', true, 20));
  }
  const root = loadIssuer(dir, files.rootCert, files.rootKey);
  if (useIntermediate && !existsSync(join(dir, files.intermediateCert))) {
    saveIssuer(dir, files.intermediateCert, files.intermediateKey, issue('Liên thông Test Issuing CA', root, true, 10));
  }
  if (!existsSync(join(dir, files.untrustedRootCert))) {
    saveIssuer(dir, files.untrustedRootCert, files.untrustedRootKey, issue('Untrusted Look-alike CA', 'self', true, 20));
  }
}

/**
 * Issues an organization's certificate (by the trusted hierarchy, or the look-alike one) on first use, and again
 * when the one on file names another organization (the department was renamed in the table). Issuing on first
 * use keeps start-up quick with a province's twenty departments: a key pair takes a quarter of a second.
 */
function ensureOrganization(dir: string, organ: { organId: string; name?: string }, untrusted: boolean): void {
  const certFile = files.org(organ.organId, untrusted);
  const name = organ.name ?? organ.organId;
  if (existsSync(join(dir, certFile)) && commonNameOf(read(dir, certFile)) === name.normalize('NFC')) return;
  const by = untrusted
    ? loadIssuer(dir, files.untrustedRootCert, files.untrustedRootKey)
    : existsSync(join(dir, files.intermediateCert))
      ? loadIssuer(dir, files.intermediateCert, files.intermediateKey)
      : loadIssuer(dir, files.rootCert, files.rootKey);
  saveIssuer(dir, certFile, files.orgKey(organ.organId, untrusted), issue(name, by, false, 5));
}

/**
 * Writes a test PKI into `dir`: `ca.pem` (the trust anchor) and its key, an intermediate CA (unless
 * disabled), one organization certificate and key per organ under `orgs/` (issued when first used, with the
 * organ's name as CN), and a look-alike hierarchy from a different CA under `untrusted/`. Files already
 * present are kept, unless an organization's certificate names another organization.
 */
export function generateTestPki(dir: string, options: TestPkiOptions): TestPki {
  mkdirSync(dir, { recursive: true });
  ensureHierarchy(dir, options);
  const intermediatePem = existsSync(join(dir, files.intermediateCert)) ? read(dir, files.intermediateCert) : undefined;
  const organs = new Map(options.organs.map((o) => [o.organId, o]));
  // One identity object per organ and hierarchy, read from disk once: the signer keeps its parsed key by identity.
  const loaded = new Map<string, SigningIdentity>();
  const identity = (organId: string, untrusted: boolean): SigningIdentity => {
    const cached = loaded.get(`${untrusted} ${organId}`);
    if (cached) return cached;
    const organ = organs.get(organId);
    if (organ) ensureOrganization(dir, organ, untrusted);
    const certFile = files.org(organId, untrusted);
    if (!existsSync(join(dir, certFile))) throw new Error(`SIM_IOFFICE.NO_CERTIFICATE: no organization certificate for organ ${organId} in ${dir}`);
    const chain = [read(dir, certFile)];
    if (!untrusted && intermediatePem) chain.push(intermediatePem);
    const made = { privateKeyPem: read(dir, files.orgKey(organId, untrusted)), certificateChainPem: chain };
    loaded.set(`${untrusted} ${organId}`, made);
    return made;
  };
  return {
    dir,
    trustAnchorPem: read(dir, files.rootCert),
    trustAnchorFile: join(dir, files.rootCert),
    identity: (organId) => identity(organId, false),
    untrustedIdentity: (organId) => identity(organId, true),
  };
}
