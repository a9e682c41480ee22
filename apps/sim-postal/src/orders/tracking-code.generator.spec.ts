import { createSeededRandom } from '../shared/seeded.random';
import { TrackingCodeGenerator, s10CheckDigit } from './tracking-code.generator';

describe('tracking codes', () => {
  it('computes the UPU S10 check digit, including the 10 → 0 and 11 → 5 rules', () => {
    expect(s10CheckDigit('47312482')).toBe(9); // UPU S10 worked example RA 47312482 9 GB
    expect(s10CheckDigit('02000000')).toBe(0); // sum 12, 11 - 1 = 10 → 0
    expect(s10CheckDigit('00000000')).toBe(5); // sum 0, 11 - 0 = 11 → 5
  });

  it('issues unique "EJ" + 9 digits + "VN" codes, the same sequence for the same seed', () => {
    const a = new TrackingCodeGenerator(createSeededRandom(42));
    const b = new TrackingCodeGenerator(createSeededRandom(42));
    const codes = Array.from({ length: 50 }, () => a.issue());
    for (const code of codes) expect(code).toMatch(/^EJ\d{9}VN$/);
    expect(new Set(codes).size).toBe(50);
    expect(b.issue()).toBe(codes[0]);
  });
});
