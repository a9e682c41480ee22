import { fromOperatorTime } from './vietnam-time';

describe('fromOperatorTime', () => {
  it('converts Vietnam local time to ISO 8601 with +07:00 and the right instant', () => {
    expect(fromOperatorTime('28/11/2026 14:05:09')).toEqual({ iso: '2026-11-28T14:05:09+07:00', ms: Date.UTC(2026, 10, 28, 7, 5, 9) });
  });

  it('crosses midnight into the previous UTC day correctly', () => {
    expect(fromOperatorTime('01/01/2027 03:00:00')?.ms).toBe(Date.UTC(2026, 11, 31, 20, 0, 0));
  });

  it('accepts 29 February in a leap year only', () => {
    expect(fromOperatorTime('29/02/2028 00:00:00')?.iso).toBe('2028-02-29T00:00:00+07:00');
    expect(fromOperatorTime('29/02/2027 00:00:00')).toBeUndefined();
  });

  it.each([
    ['impossible day', '31/04/2026 10:00:00'],
    ['month 13', '01/13/2026 10:00:00'],
    ['hour 24', '01/01/2026 24:00:00'],
    ['ISO instead of the operator format', '2026-11-28T14:05:09+07:00'],
    ['single-digit day', '1/11/2026 14:05:09'],
    ['missing seconds', '28/11/2026 14:05'],
    ['not a string', 1764313509],
  ])('refuses %s', (_name, value) => {
    expect(fromOperatorTime(value)).toBeUndefined();
  });
});
