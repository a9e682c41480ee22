import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IOFFICE_ADAPTER_SCHEMA } from '@lienthong/config';
import { generateTestPki } from '../../sim-ioffice/src/pki/test-pki';
import { adapterConfigFromEnv } from './ioffice-adapter.config';

/** Production trust anchors: the simulator's test CA (whose keys are on every development machine) is refused wherever it is. */
describe('TRUST_ANCHORS in production', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-anchors-'));
  const production = {
    NODE_ENV: 'production',
    IOFFICE_URL: 'https://ioffice.langson.gov.vn/EdocService',
    IOFFICE_SECRET: 'issued-by-ioffice',
    PUBLIC_BASE_URL: 'http://lienthong-gw.langson.gov.vn:3002',
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a file holding the iOffice simulator's test CA, even copied elsewhere and next to another certificate", () => {
    const pki = generateTestPki(join(dir, 'pki'), { organs: [] });
    const copied = join(dir, 'etc-lienthong-ca.pem');
    writeFileSync(copied, OTHER_CA + pki.trustAnchorPem);
    for (const file of [pki.trustAnchorFile, copied]) {
      expect(() => adapterConfigFromEnv({ ...production, TRUST_ANCHORS: file })).toThrow(
        expect.objectContaining({
          code: 'CONFIG.REFUSED_IN_PRODUCTION',
          message: expect.stringMatching(/^TRUST_ANCHORS \(.*\) holds the iOffice simulator's test CA/),
        }),
      );
    }
    expect(() => IOFFICE_ADAPTER_SCHEMA.load({ ...production, TRUST_ANCHORS: copied })).toThrow(
      /TRUST_ANCHORS .* holds the iOffice simulator's test CA/,
    );
    // Outside production the same file is what npm start and the tests use.
    expect(adapterConfigFromEnv({ TRUST_ANCHORS: copied }).trustAnchorsFile).toBe(copied);
  });

  it('accepts a file without it (here: a certificate of another hierarchy), and leaves an unreadable file to the adapter, which names it', () => {
    const other = join(dir, 'other.pem');
    writeFileSync(other, OTHER_CA);
    expect(adapterConfigFromEnv({ ...production, TRUST_ANCHORS: other }).trustAnchorsFile).toBe(other);
    expect(adapterConfigFromEnv({ ...production, TRUST_ANCHORS: join(dir, 'missing.pem') }).trustAnchorsFile).toBe(
      join(dir, 'missing.pem'),
    );
  });
});

/** A self-signed CA of no test PKI (CN=Other Root CA, O=Example), made once with openssl. */
const OTHER_CA = `-----BEGIN CERTIFICATE-----
MIIBqjCCAVGgAwIBAgIUAqsgevV0DOvRybnp/IIm/t5Iy8UwCgYIKoZIzj0EAwIw
KjEQMA4GA1UECgwHRXhhbXBsZTEWMBQGA1UEAwwNT3RoZXIgUm9vdCBDQTAgFw0y
NjEyMDcwMDAyNThaGA8yMTI2MTExMzAwMDI1OFowKjEQMA4GA1UECgwHRXhhbXBs
ZTEWMBQGA1UEAwwNT3RoZXIgUm9vdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABGO/7llIc3zXlMPNXL2afviPSmcd9thnYRoNB4UEQz53ztmwOTc3zVcaAAUM
mxT3UGYCNIDYcdhH2jso1fkpP7SjUzBRMB0GA1UdDgQWBBQGqB61X6Ll7C2g9XJ1
q8O4ez0LYjAfBgNVHSMEGDAWgBQGqB61X6Ll7C2g9XJ1q8O4ez0LYjAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIGkZxHBgCZ/FTC3FEBYhRtC4GrBX
gmUqZ47I7zZPuP/zAiAwRJCb7JmoZN6+aE5VBNgrv0A5B9SEj072JwCfz5Egkw==
-----END CERTIFICATE-----
`;
