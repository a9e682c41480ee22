/**
 * The test PKI's certificates, CRLs and OCSP answers, checked with OpenSSL (an implementation the project did not
 * write), so that the bus's tests of revocation rest on a CA that behaves like a real one.
 */
import { execFile } from 'child_process';
import { X509Certificate } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RevocationServer } from './testing/revocation.server';
import { type TestPki, generateTestPki } from './test-pki';

const SXD = '000.00.12.H36';

function openssl(args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(new Error('openssl is not installed: apt-get install -y openssl'));
      resolve({ ok: !error, output: `${stdout}${stderr}` });
    });
  });
}

let dir: string;
let pki: TestPki;
let server: RevocationServer;
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'test-pki-'));
  pki = generateTestPki(join(dir, 'pki'), { organs: [{ organId: SXD, name: 'Sở Xây dựng' }] });
  server = await RevocationServer.start(pki);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('test PKI', () => {
  it('issues organization certificates with or without keyUsage, naming CRL and OCSP locations on request', async () => {
    const plain = new X509Certificate(pki.identity(SXD).certificateChainPem[0]);
    expect(plain.subject).toContain('CN=Sở Xây dựng');
    const named = pki.issueIdentity(SXD, { crlUrls: [server.crlUrl('issuing')], ocspUrls: [server.ocspUrl] });
    const text = (await openssl(['x509', '-noout', '-text', '-in', file('named.pem', named.certificateChainPem[0])])).output;
    expect(text).toContain('Digital Signature, Non Repudiation');
    expect(text).toContain(`URI:${server.crlUrl('issuing')}`);
    expect(text).toContain(`OCSP - URI:${server.ocspUrl}`);
    expect(text.replace(/:/g, '').toLowerCase()).toContain(named.serial);
    const bare = pki.issueIdentity(SXD, { keyUsage: false });
    expect((await openssl(['x509', '-noout', '-text', '-in', file('bare.pem', bare.certificateChainPem[0])])).output).not.toContain(
      'Key Usage',
    );
    // The chain still verifies for the signing certificate either way.
    const chain = file('chain.pem', pki.issuingCaPem);
    expect(
      (await openssl(['verify', '-CAfile', pki.trustAnchorFile, '-untrusted', chain, file('bare2.pem', bare.certificateChainPem[0])])).ok,
    ).toBe(true);
  });

  it('publishes CRLs signed by their CA, listing what was revoked, with the reason', async () => {
    const revoked = pki.issueIdentity(SXD);
    pki.revoke(revoked.serial, { reason: 1 });
    const crl = file('issuing.crl', pki.crl('issuing'));
    const checked = await openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      crl,
      '-CAfile',
      file('cas.pem', pki.issuingCaPem + pki.trustAnchorPem),
      '-noout',
      '-text',
    ]);
    expect(checked.output).toContain('verify OK');
    expect(checked.output.toLowerCase()).toContain(`serial number: ${revoked.serial}`);
    expect(checked.output).toContain('Key Compromise');
    const rootCrl = await openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      file('root.crl', pki.crl('root')),
      '-CAfile',
      pki.trustAnchorFile,
      '-noout',
      '-text',
    ]);
    expect(rootCrl.output).toContain('verify OK');
    expect(rootCrl.output).toContain('No Revoked Certificates');
  });

  it('answers OCSP over a real socket: good, revoked, signed by the issuer or a delegated responder; a forger’s answer does not verify', async () => {
    const cas = file('ocsp-cas.pem', pki.issuingCaPem + pki.trustAnchorPem);
    const issuer = file('issuing.pem', pki.issuingCaPem);
    const ask = (cert: string) => openssl(['ocsp', '-issuer', issuer, '-cert', cert, '-url', server.ocspUrl, '-CAfile', cas, '-no_nonce']);
    const good = pki.issueIdentity(SXD);
    const goodFile = file('good.pem', good.certificateChainPem[0]);
    let answer = await ask(goodFile);
    expect(answer.output).toContain('Response verify OK');
    expect(answer.output).toContain(`${goodFile}: good`);
    pki.revoke(good.serial, { reason: 4 });
    answer = await ask(goodFile);
    expect(answer.output).toContain(`${goodFile}: revoked`);
    expect(answer.output).toContain('Reason: superseded');
    server.behaviour = { ocsp: { signer: 'delegated' } };
    expect((await ask(goodFile)).output).toContain('Response verify OK');
    server.behaviour = { ocsp: { signer: 'stranger' } };
    expect((await ask(goodFile)).output).toMatch(/Response Verify Failure|signer certificate not found/i);
    server.behaviour = {};
    expect(server.requests.get('/ocsp')).toBe(4);
  });
});
