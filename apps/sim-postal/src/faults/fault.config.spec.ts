import { defaultFaults, parseFaultConfig } from './fault.config';

describe('parseFaultConfig', () => {
  it('fills every field left out with "no fault"', () => {
    const parsed = parseFaultConfig({ rateLimit: { probability: 1, retryAfterSeconds: 7 } });
    expect(parsed.ok && parsed.value).toEqual({
      ...defaultFaults(),
      rateLimit: { probability: 1, retryAfterSeconds: 7, times: null, endpoints: null, afterCommit: false },
    });
  });

  it('merges over a base, keeping the fields not given', () => {
    const base = { ...defaultFaults(), latencyMs: 50 };
    const parsed = parseFaultConfig({ serverError: { probability: 0.5 } }, base);
    expect(parsed.ok && parsed.value.latencyMs).toBe(50);
    expect(parsed.ok && parsed.value.serverError.probability).toBe(0.5);
  });

  it('reports every bad or unknown field by path, so a typo never leaves a fault silently off', () => {
    const parsed = parseFaultConfig({
      ratelimit: {},
      latencyMs: -1,
      hang: { probability: 2, endpoints: ['orders'] },
      webhook: { duplicateProbability: 'often' },
      delivery: 'always',
    });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual([
      'ratelimit',
      'latencyMs',
      'hang.probability',
      'hang.endpoints',
      'webhook.duplicateProbability',
      'delivery',
    ]);
  });

  it('accepts null for "unlimited" times and "all" endpoints', () => {
    expect(parseFaultConfig({ serverError: { probability: 1, times: null, endpoints: null } }).ok).toBe(true);
  });
});
