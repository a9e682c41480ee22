/**
 * Revocation by CRL and OCSP against the simulator's test PKI (a CA the adapter did not write, checked against
 * OpenSSL in its own spec), its CRLs and OCSP responder served over a real socket.
 * Tests are outside the "apps never import apps" rule (.dependency-cruiser.js excludes them).
 */
import { X509Certificate } from 'node:crypto';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestPki, generateTestPki } from '../../../sim-ioffice/src';
import { buildCrl } from '../../../sim-ioffice/src/pki/revocation.responses';
import type { OrganCertificateOptions } from '../../../sim-ioffice/src/pki/test-pki';
import { RevocationServer } from '../../../sim-ioffice/src/pki/testing/revocation.server';
import { type HttpBytes, RevocationChecker, httpBytes } from './revocation.checker';
import type { RevocationOptions } from './revocation';

const SXD = '000.00.12.H36';
const HOUR = 3600_000;

let dir: string;
let pki: TestPki;
let server: RevocationServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'revocation-'));
  pki = generateTestPki(join(dir, 'pki'), { organs: [{ organId: SXD, name: 'Sở Xây dựng' }] });
  server = await RevocationServer.start(pki);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.behaviour = {};
  server.requests.clear();
});

/** A fresh organization certificate and its path to the anchor: leaf, issuing CA, root. */
function signer(options: OrganCertificateOptions = {}): { serial: string; path: X509Certificate[] } {
  const issued = pki.issueIdentity(SXD, options);
  return { serial: issued.serial, path: [...issued.certificateChainPem, pki.trustAnchorPem].map((pem) => new X509Certificate(pem)) };
}

const checker = (options: Partial<RevocationOptions> = {}, http?: HttpBytes, now?: () => Date) =>
  new RevocationChecker({ mode: 'required', crlUrls: [], timeoutMs: 2000, ...options }, http, now);
const bothCrls = () => [server.crlUrl('issuing'), server.crlUrl('root')];
const justNow = () => new Date();

describe('RevocationChecker: CRLs', () => {
  it('finds a revoked certificate in a CRL of TRUST_CRL_URLS; a good one passes; the CA certificates are checked too', async () => {
    const revocation = checker({ crlUrls: bothCrls() });
    const good = signer();
    expect(await revocation.check(good.path, justNow())).toEqual({ status: 'good' });
    const bad = signer();
    const at = new Date(Date.now() - HOUR);
    pki.revoke(bad.serial, { at, reason: 1 });
    const status = await checker({ crlUrls: bothCrls() }).check(bad.path, justNow());
    expect(status).toEqual({
      status: 'revoked',
      reason: expect.stringMatching(
        new RegExp(
          `^certificate CN=Sở Xây dựng, .* \\(serial ${bad.serial}\\) was revoked at ${at.toISOString().replace(/\.\d+Z$/, '.000Z')} \\(keyCompromise\\), according to the CRL at ${server.crlUrl('issuing')} \\(TRUST_CRL_URLS\\), before iOffice received the package`,
        ),
      ),
    });
    // The issuing CA revoked by the root: every certificate it issued is refused.
    const caSerial = new X509Certificate(pki.issuingCaPem).serialNumber.toLowerCase().replace(/^(00)+/, '');
    pki.revoke(caSerial, { issuer: 'root', reason: 2 });
    try {
      const status = await checker({ crlUrls: bothCrls() }).check(signer().path, justNow());
      expect(status).toMatchObject({
        status: 'revoked',
        reason: expect.stringMatching(
          /^certificate CN=Lien thong Test Issuing CA, .* \(cACompromise\), according to the CRL at .*\/crl\/root\.crl/,
        ),
      });
    } finally {
      pki.unrevoke(caSerial);
    }
  });

  it('reads the CRL Distribution Points of the certificate when no configured CRL is from its issuer', async () => {
    const bad = signer({ crlUrls: [server.crlUrl('issuing')] });
    pki.revoke(bad.serial);
    const status = await checker({ mode: 'when-published' }).check(bad.path, justNow());
    expect(status).toMatchObject({
      status: 'revoked',
      reason: expect.stringContaining(`according to the CRL at ${server.crlUrl('issuing')},`),
    });
  });

  it('does not undo a signature made before the revocation: revoked after iOffice received the package is good', async () => {
    const later = signer();
    pki.revoke(later.serial, { at: new Date(Date.now() - HOUR), reason: 4 });
    expect(await checker({ crlUrls: bothCrls() }).check(later.path, new Date(Date.now() - 2 * HOUR))).toEqual({ status: 'good' });
  });

  it('keeps a CRL until its nextUpdate, then downloads it again; one past its nextUpdate is an unknown status', async () => {
    let now = new Date();
    const revocation = checker({ crlUrls: [server.crlUrl('issuing')], mode: 'when-published' }, undefined, () => now);
    const { path } = signer();
    await revocation.check(path, now);
    await revocation.check(path, now);
    expect(server.requests.get('/crl/issuing.crl')).toBe(1);
    expect(revocation.report().cachedCrls).toEqual([{ url: server.crlUrl('issuing'), nextUpdate: expect.any(String) }]);
    now = new Date(Date.now() + 25 * HOUR); // past the CRL's nextUpdate (one day)
    server.behaviour = { crl: { thisUpdate: new Date(Date.now() - 2 * 24 * HOUR), nextUpdate: new Date(Date.now() - 24 * HOUR) } };
    const stale = await revocation.check(path, now);
    expect(server.requests.get('/crl/issuing.crl')).toBe(2);
    expect(stale).toMatchObject({ status: 'unknown', reason: expect.stringContaining('is out of date (nextUpdate') });
  });

  it("refuses a CRL that names the certificate's issuer but is not signed by it", async () => {
    const { path } = signer();
    const rootKey = readFileSync(join(pki.dir, 'ca.key.pem'), 'utf8');
    const forged = buildCrl(
      { certificatePem: pki.issuingCaPem, privateKeyPem: rootKey, revoked: [] },
      new Date(),
      new Date(Date.now() + HOUR),
    );
    const url = 'http://crl.example.invalid/issuing.crl';
    const status = await checker({ crlUrls: [url] }, (asked) =>
      asked === url ? Promise.resolve(forged) : Promise.reject(new Error(`${asked}: not served`)),
    ).check(path, justNow());
    expect(status).toMatchObject({ status: 'unknown', reason: expect.stringContaining('signature does not verify with that issuer') });
  });
});

describe('RevocationChecker: OCSP', () => {
  it('asks the responder the certificate names: good, then revoked; a delegated responder is believed', async () => {
    const named = signer({ ocspUrls: [server.ocspUrl] });
    expect(await checker({ crlUrls: [server.crlUrl('root')] }).check(named.path, justNow())).toEqual({ status: 'good' });
    server.behaviour = { ocsp: { signer: 'delegated' } };
    expect(await checker({ crlUrls: [server.crlUrl('root')] }).check(named.path, justNow())).toEqual({ status: 'good' });
    pki.revoke(named.serial, { reason: 1 });
    const status = await checker({ crlUrls: [server.crlUrl('root')] }).check(named.path, justNow());
    expect(status).toMatchObject({
      status: 'revoked',
      reason: expect.stringContaining(`(keyCompromise), according to the OCSP responder ${server.ocspUrl}`),
    });
  });

  it("does not believe an answer signed by a key the issuer did not certify, and falls back to the certificate's CRL", async () => {
    const bad = signer({ ocspUrls: [server.ocspUrl], crlUrls: [server.crlUrl('issuing')] });
    pki.revoke(bad.serial);
    server.behaviour = { ocsp: { signer: 'stranger' } };
    // A forged "good": the CRL still says revoked.
    expect(await checker({ crlUrls: [server.crlUrl('root')] }).check(bad.path, justNow())).toMatchObject({
      status: 'revoked',
      reason: expect.stringContaining('according to the CRL at'),
    });
    const onlyOcsp = signer({ ocspUrls: [server.ocspUrl] });
    const status = await checker({ crlUrls: [server.crlUrl('root')] }).check(onlyOcsp.path, justNow());
    expect(status).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('is signed neither by CN=Lien thong Test Issuing CA'),
    });
  });
});

describe('RevocationChecker: when the status cannot be known', () => {
  it('a publication point down is an unknown status naming it (never good)', async () => {
    const { path } = signer({ crlUrls: [server.crlUrl('issuing')], ocspUrls: [server.ocspUrl] });
    server.behaviour = { failWith: 503 };
    const revocation = checker({ mode: 'when-published' });
    const status = await revocation.check(path, justNow());
    expect(status).toMatchObject({ status: 'unknown' });
    const reason = (status as { reason: string }).reason;
    expect(reason).toContain(`the OCSP responder ${server.ocspUrl}: no answer (${server.ocspUrl}: HTTP 503)`);
    expect(reason).toContain(`the CRL at ${server.crlUrl('issuing')}: it cannot be had (${server.crlUrl('issuing')}: HTTP 503)`);
    expect(revocation.report()).toMatchObject({ last: { status: 'unknown', reason }, checks: { unknown: 1 } });
  });

  it('a server that does not answer in time, or a port where nothing listens', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const hangs = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/issuing.crl`;
      const { path } = signer({ crlUrls: [hangs] });
      expect(await checker({ mode: 'when-published' }, httpBytes(200)).check(path, justNow())).toMatchObject({
        status: 'unknown',
        reason: expect.stringContaining(`${hangs}: no answer within 200 ms (TRUST_REVOCATION_TIMEOUT_MS)`),
      });
      const refused = `http://127.0.0.1:${closedPort}/issuing.crl`;
      const other = signer({ crlUrls: [refused] });
      expect(await checker({ mode: 'when-published' }, httpBytes(2000)).check(other.path, justNow())).toMatchObject({
        status: 'unknown',
        reason: expect.stringContaining(`${refused}: ECONNREFUSED`),
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('required: a certificate with no source at all is an unknown status; when-published: not checked; off: nothing asked', async () => {
    const { path } = signer();
    expect(await checker({ mode: 'required' }).check(path, justNow())).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('names no CRL distribution point or OCSP responder, and no CRL of TRUST_CRL_URLS is from its issuer'),
    });
    expect(await checker({ mode: 'when-published' }).check(path, justNow())).toEqual({ status: 'good' });
    const revoked = signer({ crlUrls: [server.crlUrl('issuing')] });
    pki.revoke(revoked.serial);
    expect(await checker({ mode: 'off' }).check(revoked.path, justNow())).toEqual({ status: 'good' });
    expect(server.requests.size).toBe(0);
  });
});
