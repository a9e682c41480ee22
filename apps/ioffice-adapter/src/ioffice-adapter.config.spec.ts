import { ConfigError } from '@lienthong/config';
import { adapterConfigFromEnv } from './ioffice-adapter.config';

describe('adapterConfigFromEnv: revocation', () => {
  it('requires a known revocation status in production, checks what is published elsewhere', () => {
    expect(adapterConfigFromEnv({ NODE_ENV: 'production' }).revocation).toEqual({ mode: 'required', crlUrls: [], timeoutMs: 10_000 });
    expect(adapterConfigFromEnv({}).revocation).toEqual({ mode: 'when-published', crlUrls: [], timeoutMs: 10_000 });
  });

  it('reads TRUST_REVOCATION, TRUST_CRL_URLS and TRUST_REVOCATION_TIMEOUT_MS, naming the variable of a bad value', () => {
    const env = { TRUST_REVOCATION: 'off', TRUST_CRL_URLS: ' http://crl.langson.gov.vn/ca.crl ,https://ca.gov.vn/sub.crl', TRUST_REVOCATION_TIMEOUT_MS: '2500' };
    expect(adapterConfigFromEnv(env).revocation).toEqual({ mode: 'off', crlUrls: ['http://crl.langson.gov.vn/ca.crl', 'https://ca.gov.vn/sub.crl'], timeoutMs: 2500 });
    expect(() => adapterConfigFromEnv({ TRUST_REVOCATION: 'sometimes' })).toThrow(new ConfigError('TRUST_REVOCATION must be one of required, when-published, off, got "sometimes"'));
    expect(() => adapterConfigFromEnv({ TRUST_CRL_URLS: 'ldap://ca.gov.vn/cn=CA' })).toThrow(/^TRUST_CRL_URLS must be comma-separated http\(s\) URLs of CRLs, got "ldap:\/\/ca\.gov\.vn\/cn=CA"$/);
    expect(() => adapterConfigFromEnv({ TRUST_REVOCATION_TIMEOUT_MS: '5' })).toThrow(/TRUST_REVOCATION_TIMEOUT_MS must be an integer from 100/);
  });
});
