import { ConfigError } from '@lienthong/config';
import { postalAdapterConfigFromEnv } from './postal-adapter.config';

describe('postalAdapterConfigFromEnv', () => {
  it('has working local defaults (the simulator)', () => {
    const config = postalAdapterConfigFromEnv({});
    expect(config.postal).toMatchObject({
      baseUrl: 'http://127.0.0.1:3102',
      clientId: 'lienthong',
      clientSecret: 'lienthong-secret',
      timeoutMs: 10_000,
    });
    expect(config.webhook).toMatchObject({ secret: 'lienthong-webhook-secret', toleranceMs: 300_000 });
    expect(config.poller).toMatchObject({ staleMs: 1_800_000, intervalMs: 60_000 });
    expect(config.messaging).toMatchObject({ service: 'postal-adapter', batchSize: 1 });
  });

  it('reads the variables, and names the one that is wrong', () => {
    const config = postalAdapterConfigFromEnv({
      POSTAL_URL: 'https://api.example.vn',
      POSTAL_TIMEOUT_MS: '2500',
      POSTAL_STALE_MS: '1000',
      BUS_BATCH_SIZE: '50',
    });
    expect(config.postal).toMatchObject({ baseUrl: 'https://api.example.vn', timeoutMs: 2500 });
    expect(config.poller).toMatchObject({ staleMs: 1000, intervalMs: 500 });
    expect(config.messaging.batchSize).toBe(50);
    expect(() => postalAdapterConfigFromEnv({ POSTAL_URL: 'ftp://x' })).toThrow(/POSTAL_URL/);
    expect(() => postalAdapterConfigFromEnv({ POSTAL_TIMEOUT_MS: 'soon' })).toThrow(/POSTAL_TIMEOUT_MS/);
  });

  it('bounds what refused callbacks may store, by default and as configured', () => {
    expect(postalAdapterConfigFromEnv({}).webhook.rejections).toEqual({
      perSourcePerMinute: 30,
      totalPerMinute: 300,
      bodyBytes: 2048,
      maxAgeMs: 30 * 86_400_000,
      maxRows: 10_000,
      trustedForwarders: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    });
    const env = {
      POSTAL_WEBHOOK_REJECTIONS_PER_SOURCE: '5',
      POSTAL_WEBHOOK_REJECTION_DAYS: '7',
      POSTAL_WEBHOOK_TRUSTED_FORWARDERS: '127.0.0.1, 10.0.0.5',
    };
    expect(postalAdapterConfigFromEnv(env).webhook.rejections).toMatchObject({
      perSourcePerMinute: 5,
      maxAgeMs: 7 * 86_400_000,
      trustedForwarders: ['127.0.0.1', '10.0.0.5'],
    });
    expect(() => postalAdapterConfigFromEnv({ POSTAL_WEBHOOK_REJECTION_ROWS: '0' })).toThrow(/POSTAL_WEBHOOK_REJECTION_ROWS/);
  });

  it("refuses the simulator's secrets in production", () => {
    const env = {
      NODE_ENV: 'production',
      AMQP_URL: 'amqp://postal:pw@mq.langson.gov.vn',
      POSTAL_URL: 'https://api.example.vn',
      POSTAL_CLIENT_ID: 'tt-hcc',
      POSTAL_CLIENT_SECRET: 's',
    };
    expect(() => postalAdapterConfigFromEnv(env)).toThrow(ConfigError);
    expect(() => postalAdapterConfigFromEnv(env)).toThrow(/POSTAL_WEBHOOK_SECRET/);
    expect(postalAdapterConfigFromEnv({ ...env, POSTAL_WEBHOOK_SECRET: 'w' }).webhook.secret).toBe('w');
  });
});
