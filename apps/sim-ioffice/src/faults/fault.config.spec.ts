import { appliesTo, faultsFromEnv, mergeFaults, NO_FAULTS } from './fault.config';
import { SeededRandom } from './seeded-random';

describe('fault settings', () => {
  it('reads IOFFICE_SIM_FAULTS as JSON over "no faults"', () => {
    expect(faultsFromEnv({})).toEqual(NO_FAULTS);
    expect(faultsFromEnv({ IOFFICE_SIM_FAULTS: '{"busyProbability":0.5,"operations":["SendEdoc"],"hangMs":100}' })).toMatchObject({
      busyProbability: 0.5,
      operations: ['SendEdoc'],
      hangMs: 100,
      declineProbability: 0,
    });
  });

  it.each([
    ['{"busy":1}', 'unknown fault setting "busy"'],
    ['{"busyProbability":2}', 'busyProbability must be a number between 0 and 1'],
    ['{"latencyMs":-1}', 'latencyMs must be a non-negative'],
    ['{"operations":["Nope"]}', 'operations contains "Nope"'],
    ['[1]', 'expected a JSON object'],
  ])('rejects %s with a message naming the variable and the field', (text, message) => {
    expect(() => faultsFromEnv({ IOFFICE_SIM_FAULTS: text })).toThrow(`IOFFICE_SIM_FAULTS: ${message}`);
  });

  it('refuses text that is not JSON, naming the variable', () => {
    expect(() => faultsFromEnv({ IOFFICE_SIM_FAULTS: '{' })).toThrow(/^IOFFICE_SIM_FAULTS must be JSON/);
  });

  it('merges a patch without touching the other settings', () => {
    const base = mergeFaults(NO_FAULTS, { latencyMs: 10 }, 'test');
    expect(mergeFaults(base, { declineProbability: 1 }, 'test')).toMatchObject({ latencyMs: 10, declineProbability: 1 });
  });

  it('applies transport faults to every operation unless a list is given', () => {
    expect(appliesTo(NO_FAULTS, 'GetEdoc')).toBe(true);
    const only = mergeFaults(NO_FAULTS, { operations: ['SendEdoc'] }, 'test');
    expect(appliesTo(only, 'SendEdoc')).toBe(true);
    expect(appliesTo(only, 'GetEdoc')).toBe(false);
  });
});

describe('SeededRandom', () => {
  it('replays the same sequence for the same seed and is exact at 0 and 1', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const draws = Array.from({ length: 20 }, () => a.chance(0.5));
    expect(Array.from({ length: 20 }, () => b.chance(0.5))).toEqual(draws);
    expect(draws).toContain(true);
    expect(draws).toContain(false);
    expect(Array.from({ length: 50 }, () => a.chance(1)).every(Boolean)).toBe(true);
    expect(Array.from({ length: 50 }, () => a.chance(0)).some(Boolean)).toBe(false);
  });
});
