import { resolveSettings } from './simulator.options';

describe('resolveSettings', () => {
  it('uses the documented defaults with an empty environment', () => {
    const settings = resolveSettings({ seed: 1 }, {});
    expect(settings).toMatchObject({
      port: 3102,
      host: '127.0.0.1',
      clientId: 'lienthong',
      clientSecret: 'lienthong-secret',
      tokenTtlSeconds: 300,
      webhookUrl: 'http://127.0.0.1:3000/postal/webhook',
      webhookSecret: 'lienthong-webhook-secret',
      stepIntervalMs: 200,
      autoAdvance: true,
    });
  });

  it('reads the environment, with options taking precedence', () => {
    const env = { POSTAL_SIM_PORT: '4000', POSTAL_CLIENT_ID: 'x', POSTAL_SIM_FAULTS: '{"latencyMs":20}', POSTAL_WEBHOOK_URL: '' };
    const settings = resolveSettings({ clientId: 'y' }, env);
    expect([settings.port, settings.clientId, settings.faults.latencyMs, settings.webhookUrl]).toEqual([4000, 'y', 20, null]);
  });

  it.each([
    [{ POSTAL_SIM_PORT: 'abc' }, /POSTAL_SIM_PORT/],
    [{ POSTAL_SIM_FAULTS: '{oops' }, /POSTAL_SIM_FAULTS must be JSON/],
    [{ POSTAL_SIM_FAULTS: '{"hang":{"probability":3}}' }, /POSTAL_SIM_FAULTS: hang.probability/],
    [{ POSTAL_WEBHOOK_URL: 'not a url' }, /POSTAL_WEBHOOK_URL/],
  ])('names the variable at fault: %j', (env, message) => {
    expect(() => resolveSettings({}, env)).toThrow(message);
  });
});
