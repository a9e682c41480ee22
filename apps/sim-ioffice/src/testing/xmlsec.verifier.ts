import { execFile } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Test helper: verifies an enveloped XML-DSig with xmlsec1 (libxmlsec1, an independent implementation)
 * against a trusted CA file. Resolves { ok, output }; rejects only when xmlsec1 itself is missing.
 */
export function xmlsecVerify(xml: Buffer | string, trustedPemFile: string): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'xmlsec-'));
  const file = join(dir, 'package.xml');
  writeFileSync(file, xml);
  return new Promise((resolve, reject) => {
    execFile('xmlsec1', ['--verify', '--trusted-pem', trustedPemFile, file], (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('xmlsec1 is not installed: apt-get install -y xmlsec1'));
        return;
      }
      resolve({ ok: !error, output: `${stdout}${stderr}` });
    });
  });
}
