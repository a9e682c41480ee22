import { createSeededRandom } from '../shared/seeded.random';
import { defaultFaults, parseFaultConfig } from './fault.config';
import { FaultInjector } from './fault.injector';

const injector = (input: unknown, seed = 1): FaultInjector => {
  const parsed = parseFaultConfig(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return new FaultInjector(parsed.value, createSeededRandom(seed));
};

describe('FaultInjector', () => {
  it('fires a probability-1 fault exactly `times` times, then stays quiet', () => {
    const faults = injector({ rateLimit: { probability: 1, times: 2, retryAfterSeconds: 3 } });
    const kinds = Array.from({ length: 4 }, () => faults.decide('createOrder')?.kind);
    expect(kinds).toEqual(['rateLimit', 'rateLimit', undefined, undefined]);
    expect(faults.current().rateLimit.times).toBe(0);
  });

  it('aims a fault at the listed endpoints only', () => {
    const faults = injector({ unavailable: { probability: 1, endpoints: ['getOrder'] } });
    expect(faults.decide('createOrder')).toBeUndefined();
    expect(faults.decide('getOrder')).toEqual({ kind: 'unavailable', afterCommit: false, retryAfterSeconds: null });
  });

  it('never answers the token endpoint with a token-expiry fault', () => {
    expect(injector({ tokenExpiry: { probability: 1 } }).decide('token')).toBeUndefined();
  });

  it('takes the same decisions for the same seed', () => {
    const run = (seed: number): (string | undefined)[] => {
      const faults = injector({ serverError: { probability: 0.5 } }, seed);
      return Array.from({ length: 20 }, () => faults.decide('getOrder')?.kind);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).toContain('serverError');
    expect(run(7)).toContain(undefined);
  });

  it('fails delivery for listed order numbers and prefixes', () => {
    const faults = injector({ delivery: { failOrderNumbers: ['KQ-1', 'LT-*'] } });
    expect(['KQ-1', 'KQ-10', 'LT-7', 'HS-1'].map((n) => faults.deliveryFails(n))).toEqual([true, false, true, false]);
  });

  it('returns to the start-up faults on reset', () => {
    const faults = new FaultInjector(defaultFaults(), createSeededRandom(1));
    faults.replace({ ...defaultFaults(), latencyMs: 99 });
    faults.reset();
    expect(faults.latencyMs()).toBe(0);
  });
});
