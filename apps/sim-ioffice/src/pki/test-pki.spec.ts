import { X509Certificate, generateKeyPairSync } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as forge from 'node-forge';
import { loadDepartments } from '@lienthong/config';
import { generateTestPki, organizationSubject } from './test-pki';

/** A certificate's subject on one line, most specific first, as the bus shows it (`CN=..., O=..., ST=..., C=VN`). */
const subjectOf = (pem: string): string => new X509Certificate(pem).subject.split('\n').filter(Boolean).reverse().join(', ');

describe('test PKI', () => {
  const dirs: string[] = [];
  const freshDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-pki-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("gives each department of the shipped table a certificate subject its signerSubject matches, and no other department's", () => {
    const departments = loadDepartments(join(__dirname, '../../../../config/departments.yaml')).all;
    // One key signs every certificate here: only the subjects are under test (generateTestPki issues them the same way).
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const key = forge.pki.privateKeyFromPem(privateKey);
    const certificate = (name: string): string => {
      const cert = forge.pki.createCertificate();
      cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
      cert.serialNumber = '01';
      cert.validity.notBefore = new Date();
      cert.validity.notAfter = new Date(Date.now() + 3600_000);
      cert.setSubject(organizationSubject(name));
      cert.setIssuer([{ name: 'commonName', value: 'Unit' }]);
      cert.sign(key, forge.md.sha256.create());
      return forge.pki.certificateToPem(cert);
    };
    const subjects = departments.map((d) => subjectOf(certificate(d.name)));
    for (const [i, d] of departments.entries()) {
      const matching = subjects.filter((subject) => new RegExp(d.signerSubject!, 'u').test(subject));
      expect(`${d.abbreviation}: ${matching.join(' | ')}`).toBe(`${d.abbreviation}: ${subjects[i]}`);
    }
    // Vietnamese names stay Vietnamese (UTF8String); a comma inside the name is escaped as the bus shows it.
    expect(subjects[departments.findIndex((d) => d.abbreviation === 'SKHĐT')]).toBe(
      'CN=Sở Kế hoạch và Đầu tư, O=Lien thong test PKI, ST=Lang Son, C=VN',
    );
    expect(subjects[departments.findIndex((d) => d.abbreviation === 'SVHTTDL')]).toBe(
      'CN=Sở Văn hóa\\, Thể thao và Du lịch, O=Lien thong test PKI, ST=Lang Son, C=VN',
    );
  });

  it('names an organization typed in NFD as in NFC, and issues a new certificate when the organization is renamed', () => {
    const dir = freshDir();
    const first = generateTestPki(dir, {
      organs: [{ organId: 'X', name: 'Sở Giáo dục và Đào tạo'.normalize('NFD') }],
      intermediate: false,
    });
    const nfdCert = first.identity('X').certificateChainPem[0];
    expect(subjectOf(nfdCert)).toMatch(/^CN=Sở Giáo dục và Đào tạo, /);
    // Same name (in NFC now): the certificate on file is kept.
    const same = generateTestPki(dir, { organs: [{ organId: 'X', name: 'Sở Giáo dục và Đào tạo' }], intermediate: false });
    expect(same.identity('X').certificateChainPem[0]).toBe(nfdCert);
    // Renamed in the table: the simulator issues a certificate with the new name (an older one would no longer match signerSubject).
    const renamed = generateTestPki(dir, { organs: [{ organId: 'X', name: 'Sở Giáo dục' }], intermediate: false });
    expect(subjectOf(renamed.identity('X').certificateChainPem[0])).toMatch(/^CN=Sở Giáo dục, /);
    expect(subjectOf(renamed.untrustedIdentity('X').certificateChainPem[0])).toMatch(/^CN=Sở Giáo dục, /);
  });
});
