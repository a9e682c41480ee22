import { isSettled, progressionOf } from './tracking.progression';

const at = (statusCode: number | null, occurredAtMs: number | null) => ({ statusCode, occurredAtMs });
const event = (statusCode: number, occurredAtMs: number) => ({ statusCode, occurredAtMs });

describe('progressionOf', () => {
  it('applies the first event, and any event after a bare creation', () => {
    expect(progressionOf(at(null, null), event(2, 1000))).toBe('apply');
    expect(progressionOf(at(1, null), event(1, 1000))).toBe('apply');
  });

  it('applies a later event, whatever its code', () => {
    expect(progressionOf(at(7, 1000), event(10, 2000))).toBe('apply');
    expect(progressionOf(at(12, 1000), event(15, 2000))).toBe('apply');
    expect(progressionOf(at(15, 1000), event(20, 2000))).toBe('apply');
  });

  it('never moves backwards: an older event is stale', () => {
    expect(progressionOf(at(14, 5000), event(10, 3000))).toBe('stale');
    expect(progressionOf(at(7, 5000), event(6, 4000))).toBe('stale');
  });

  it('breaks a tie within the same second by the path order', () => {
    expect(progressionOf(at(7, 5000), event(10, 5000))).toBe('apply');
    expect(progressionOf(at(10, 5000), event(7, 5000))).toBe('stale');
    expect(progressionOf(at(10, 5000), event(10, 5000))).toBe('same');
  });

  it('keeps final statuses final; delivered only moves on to completed', () => {
    expect(progressionOf(at(14, 5000), event(19, 6000))).toBe('apply');
    expect(progressionOf(at(14, 5000), event(12, 6000))).toBe('after-final');
    expect(progressionOf(at(19, 5000), event(12, 6000))).toBe('after-final');
    expect(progressionOf(at(20, 5000), event(14, 6000))).toBe('after-final');
    expect(progressionOf(at(22, 5000), event(2, 6000))).toBe('after-final');
  });

  it('knows which shipments are settled', () => {
    expect([null, 1, 12, 15, 14, 19, 20, 22].map(isSettled)).toEqual([false, false, false, false, true, true, true, true]);
  });
});
