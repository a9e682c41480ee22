import { ConfigError } from '@lienthong/config';
import { adapterConfigFromEnv } from './ioffice-adapter.config';

/** What production demands of the adapter besides revocation (libs/config/src/services/ioffice-adapter.schema.ts). */
const PRODUCTION = {
  NODE_ENV: 'production',
  AMQP_URL: 'amqp://lienthong-ioffice-adapter:pw@mq.langson.gov.vn/lienthong',
  SERVICE_TOKEN: 'a'.repeat(64),
  VERDICT_SEAL_KEY: 'b'.repeat(64),
  PUBLIC_BASE_URL: 'http://lienthong-gw.langson.gov.vn:3002',
  IOFFICE_URL: 'https://ioffice.langson.gov.vn/EdocService',
  IOFFICE_SECRET: 'issued-by-ioffice',
  TRUST_ANCHORS: '/etc/lienthong/trust-anchors.pem',
};

describe('adapterConfigFromEnv: revocation', () => {
  it('requires a known revocation status in production, checks what is published elsewhere', () => {
    expect(adapterConfigFromEnv(PRODUCTION).revocation).toEqual({ mode: 'required', crlUrls: [], timeoutMs: 10_000 });
    expect(adapterConfigFromEnv({}).revocation).toEqual({ mode: 'when-published', crlUrls: [], timeoutMs: 10_000 });
    expect(adapterConfigFromEnv({ ...PRODUCTION, TRUST_REVOCATION: 'when-published' }).revocation?.mode).toBe('when-published');
  });

  it('reads TRUST_REVOCATION, TRUST_CRL_URLS and TRUST_REVOCATION_TIMEOUT_MS, naming the variable of a bad value', () => {
    const env = {
      TRUST_REVOCATION: 'off',
      TRUST_CRL_URLS: ' http://crl.langson.gov.vn/ca.crl ,https://ca.gov.vn/sub.crl',
      TRUST_REVOCATION_TIMEOUT_MS: '2500',
    };
    expect(adapterConfigFromEnv(env).revocation).toEqual({
      mode: 'off',
      crlUrls: ['http://crl.langson.gov.vn/ca.crl', 'https://ca.gov.vn/sub.crl'],
      timeoutMs: 2500,
    });
    expect(() => adapterConfigFromEnv({ TRUST_REVOCATION: 'sometimes' })).toThrow(
      new ConfigError('TRUST_REVOCATION must be one of "required", "when-published" or "off", got "sometimes"'),
    );
    expect(() => adapterConfigFromEnv({ TRUST_CRL_URLS: 'ldap://ca.gov.vn/cn=CA' })).toThrow(
      /^TRUST_CRL_URLS must be http\(s\) URLs of CRLs separated by commas, got "ldap:\/\/ca\.gov\.vn\/cn=CA"$/,
    );
    expect(() => adapterConfigFromEnv({ TRUST_REVOCATION_TIMEOUT_MS: '5' })).toThrow(
      /TRUST_REVOCATION_TIMEOUT_MS must be a duration in milliseconds \(digits only, no unit\) from 100/,
    );
    expect(() => adapterConfigFromEnv({ TRUST_REVOCATION_TIMEOUT_MS: '10s' })).toThrow(
      /got "10s": write it in milliseconds without a unit: 10s is 10000$/,
    );
  });
});
