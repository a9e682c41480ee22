import { logValue } from './log-value';

describe('logValue', () => {
  it('keeps a newline, a carriage return or an ANSI escape from forging or hiding a log line', () => {
    const forged = 'an"\n[Nest] 1 - 01/01/2026, 08:00:00   LOG [Auth] login ok for "admin';
    const line = `login attempts for ${logValue(forged)} over the limit`;
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('login attempts for "an\\"\\n[Nest] 1 - 01/01/2026, 08:00:00   LOG [Auth] login ok for \\"admin" over the limit');
    expect(logValue('a\r\u001b[2Kb')).toBe('"a\\r\\u001b[2Kb"');
  });

  it('escapes the controls JSON leaves alone: DEL, C1, line and paragraph separators, bidirectional overrides', () => {
    expect(logValue('a\u0085b\u2028c\u2029d\u202ee\u2066f\u007f')).toBe('"a\\u0085b\\u2028c\\u2029d\\u202ee\\u2066f\\u007f"');
  });

  it('keeps Vietnamese text as it is, composed or decomposed', () => {
    expect(logValue('Đặng Thị Hồng Đào')).toBe('"Đặng Thị Hồng Đào"');
    const decomposed = 'Nguyễn Đức'.normalize('NFD');
    expect(logValue(decomposed)).toBe(`"${decomposed}"`);
  });

  it('cuts a long value and says how long it was', () => {
    expect(logValue('x'.repeat(1000))).toBe(`"${'x'.repeat(200)}…(1000 characters)"`);
    expect(logValue(undefined)).toBe('"undefined"');
  });
});
