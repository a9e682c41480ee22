import { addWorkingDays, secondsSinceVietnamMidnight, toVietnamIso, vietnamYymmdd } from './vietnam-time';

describe('Vietnam time', () => {
  const friday = new Date('2026-11-27T09:15:30.700Z'); // Friday 16:15:30 in Vietnam

  it('writes instants with the +07:00 offset, whatever the host TZ', () => {
    expect(toVietnamIso(friday)).toBe('2026-11-27T16:15:30+07:00');
    expect(toVietnamIso(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01T00:00:00+07:00');
    expect(vietnamYymmdd(new Date('2026-12-31T17:00:00Z'))).toBe('270101');
    expect(secondsSinceVietnamMidnight(new Date('2026-12-31T17:00:10Z'))).toBe(10);
  });

  it('counts working days, skipping Saturdays and Sundays, at the same time of day', () => {
    expect(toVietnamIso(addWorkingDays(friday, 1))).toBe('2026-11-30T16:15:30+07:00');
    expect(toVietnamIso(addWorkingDays(friday, 10))).toBe('2026-12-11T16:15:30+07:00');
    expect(addWorkingDays(friday, 0).getTime()).toBeGreaterThan(friday.getTime());
  });
});
