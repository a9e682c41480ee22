import { formatVietnamTime } from './vietnam-time';

describe('formatVietnamTime', () => {
  it.each([
    ['2024-01-31T17:30:05Z', '01/02/2024 00:30:05'],
    ['2023-12-31T17:00:00Z', '01/01/2024 00:00:00'],
    ['2024-02-28T16:59:59Z', '28/02/2024 23:59:59'],
    ['2024-02-28T17:00:00Z', '29/02/2024 00:00:00'],
    ['2025-07-04T02:03:04.999Z', '04/07/2025 09:03:04'],
  ])('formats %s as %s (dd/MM/yyyy HH:mm:ss at +07:00)', (iso, expected) => {
    expect(formatVietnamTime(new Date(iso))).toBe(expected);
    expect(formatVietnamTime(Date.parse(iso))).toBe(expected);
  });

  it('does not depend on the host time zone', () => {
    const original = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      expect(formatVietnamTime(new Date('2024-06-01T00:00:00Z'))).toBe('01/06/2024 07:00:00');
      process.env.TZ = 'Asia/Tokyo';
      expect(formatVietnamTime(new Date('2024-06-01T00:00:00Z'))).toBe('01/06/2024 07:00:00');
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});
