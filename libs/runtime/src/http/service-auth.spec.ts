import { DEVELOPMENT_SERVICE_TOKEN, ServiceAuth } from './service-auth';

describe('ServiceAuth (SERVICE_TOKEN, METRICS_TOKEN, BLOB_TOKEN)', () => {
  const token = 'a'.repeat(64);

  it('refuses to start in production without SERVICE_TOKEN, or with the development default, naming the variable', () => {
    expect(() => ServiceAuth.fromEnv({ NODE_ENV: 'production' })).toThrow(/SERVICE_TOKEN is required when NODE_ENV=production/);
    expect(() => ServiceAuth.fromEnv({ NODE_ENV: 'production', SERVICE_TOKEN: DEVELOPMENT_SERVICE_TOKEN })).toThrow(
      /SERVICE_TOKEN is the published development default/,
    );
    expect(() => ServiceAuth.fromEnv({ SERVICE_TOKEN: 'short' })).toThrow(/SERVICE_TOKEN must be at least 32 characters/);
    expect(() => ServiceAuth.fromEnv({ SERVICE_TOKEN: token, BLOB_TOKEN: 'short' })).toThrow(/BLOB_TOKEN must be at least 16 characters/);
    expect(ServiceAuth.fromEnv({ NODE_ENV: 'production', SERVICE_TOKEN: token }).developmentDefault).toBe(false);
  });

  it('uses a development default outside production, so that npm start needs no configuration', () => {
    const auth = ServiceAuth.fromEnv({});
    expect(ServiceAuth.callerHeaders({})).toEqual(auth.headers());
    expect(ServiceAuth.callerHeaders({ SERVICE_TOKEN: 'c'.repeat(40), METRICS_TOKEN: 'short' })).toEqual({
      authorization: `Bearer ${'c'.repeat(40)}`,
    });
    expect(auth.developmentDefault).toBe(true);
    expect(auth.headers()).toEqual({ authorization: `Bearer ${DEVELOPMENT_SERVICE_TOKEN}` });
  });

  it('accepts the service token everywhere and each scoped token on its own scope only', () => {
    const auth = ServiceAuth.fromEnv({ SERVICE_TOKEN: token, METRICS_TOKEN: 'm'.repeat(20), BLOB_TOKEN: 'b'.repeat(20) });
    expect(auth.allows(token)).toBe(true);
    expect(auth.allows(token, 'blobs')).toBe(true);
    expect(auth.allows('m'.repeat(20), 'metrics')).toBe(true);
    expect(auth.allows('m'.repeat(20), 'blobs')).toBe(false);
    expect(auth.allows('m'.repeat(20))).toBe(false);
    expect(auth.allows('b'.repeat(20), 'blobs')).toBe(true);
    expect(auth.allows('b'.repeat(20))).toBe(false);
    expect(auth.allows(undefined)).toBe(false);
    expect(auth.allows(`${token}x`)).toBe(false);
    expect(auth.allows('')).toBe(false);
  });
});
