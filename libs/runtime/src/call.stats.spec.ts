import { CallStats } from './call.stats';

describe('CallStats', () => {
  it('reports last success, last failure and the error rate of the recent window', () => {
    const stats = new CallStats(60_000);
    expect(stats.snapshot(0)).toEqual({ lastSuccessAt: null, lastFailureAt: null, recentCalls: 0, recentErrorRate: 0 });
    stats.record(true, 1_000);
    stats.record(false, 2_000);
    stats.record(true, 3_000);
    stats.record(false, 4_000);
    expect(stats.snapshot(5_000)).toEqual({
      lastSuccessAt: new Date(3_000).toISOString(),
      lastFailureAt: new Date(4_000).toISOString(),
      recentCalls: 4,
      recentErrorRate: 0.5,
    });
  });

  it('forgets calls older than the window but remembers the last success', () => {
    const stats = new CallStats(60_000);
    stats.record(true, 0);
    stats.record(false, 50_000);
    expect(stats.snapshot(70_000)).toMatchObject({ lastSuccessAt: new Date(0).toISOString(), recentCalls: 1, recentErrorRate: 1 });
  });

  it('counts calls by outcome and keeps the durations it is given, for the hop of calls to the system', () => {
    const stats = new CallStats(60_000);
    stats.record(true, 1_000, 120);
    stats.record(false, 2_000, 5_000);
    stats.record(true, 3_000);
    expect([stats.succeeded, stats.failed]).toEqual([2, 1]);
    expect(stats.durations.snapshot()).toMatchObject({ count: 2, sumMs: 5_120 });
  });
});
