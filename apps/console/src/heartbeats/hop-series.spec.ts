import type { Heartbeat, HeartbeatHop } from '@lienthong/runtime';
import { HopSeries } from './hop-series';

const MINUTE = 60_000;
/** A minute start, so tests can place heartbeats in chosen minutes. */
const M0 = Math.floor(1_800_000_000_000 / MINUTE) * MINUTE;
const BOUNDS = [10, 100, 1000];
const HOP = 'onestop.dossier.received → orchestrator';

function hop(ok: number, buckets: number[], extra: Partial<HeartbeatHop> = {}): HeartbeatHop {
  return { hop: HOP, kind: 'message', ok, failed: 0, buckets, sumMs: buckets[0] * 5 + buckets[1] * 50 + buckets[2] * 500, ...extra };
}

function beat(at: number, hops: HeartbeatHop[], overrides: Partial<Heartbeat> = {}): Heartbeat {
  return {
    service: 'orchestrator',
    instance: 'host:1',
    version: '0.1.0',
    startedAt: M0 - 10 * MINUTE,
    at,
    ready: true,
    checks: {},
    hops: { boundsMs: BOUNDS, hops },
    ...overrides,
  };
}

/** Feeds heartbeats of one instance in order, as the board does (each with the one before). */
function feed(series: HopSeries, beats: Heartbeat[]): void {
  let previous: Heartbeat | undefined;
  for (const b of beats) {
    series.observe(previous, b, b.at);
    previous = b;
  }
}

describe('HopSeries', () => {
  it('adds the growth between heartbeats to the minute it arrived in, with percentiles from the bucket growth', () => {
    const series = new HopSeries(M0);
    feed(series, [
      beat(M0 + 1_000, [hop(100, [100, 0, 0])]), // what happened before we listened: a baseline only
      beat(M0 + 30_000, [hop(110, [108, 2, 0])]),
      beat(M0 + MINUTE + 5_000, [hop(130, [108, 2, 20], { failed: 3 })]),
    ]);
    const view = series.view(M0 + MINUTE + 5_000);
    expect(view.minutes).toHaveLength(60);
    expect(view.minutes.slice(-2)).toEqual([M0, M0 + MINUTE]);
    const [h] = view.hops;
    expect(h).toMatchObject({ hop: HOP, kind: 'message' });
    expect(h.ok.slice(-3)).toEqual([0, 10, 20]);
    expect(h.failed.slice(-2)).toEqual([0, 3]);
    // Minute M0: 8 at ≤10 ms, 2 in (10,100]: p50 = 10 × 5/8; p95 = 10 + 90 × 1.5/2. Minute M0+1: all 20 in (100,1000].
    expect(h.p50Ms.slice(-2)).toEqual([6.3, 550]);
    expect(h.p95Ms.slice(-2)).toEqual([77.5, 955]);
    expect(h.p50Ms[0]).toBeNull();
    // The hour: [8, 2, 20] → p50 = 100 + 900 × 5/20, p95 = 100 + 900 × 18.5/20; mean from the sums (140 + 10 000 ms over 30).
    expect(h.hour).toEqual({ ok: 30, failed: 3, timed: 30, meanMs: 338, p50Ms: 325, p95Ms: 932.5 });
  });

  it('counts a restarted process (counters back at zero) from its start instead of a negative or lost minute', () => {
    const series = new HopSeries(M0);
    const restartedAt = M0 + 20_000;
    feed(series, [
      beat(M0 + 1_000, [hop(500, [500, 0, 0])]),
      beat(M0 + 10_000, [hop(520, [520, 0, 0])]),
      // Same instance name (a container restarted as pid 1 on the same host), new start time, counters from zero.
      beat(M0 + 30_000, [hop(7, [7, 0, 0])], { startedAt: restartedAt }),
      beat(M0 + 40_000, [hop(12, [12, 0, 0])], { startedAt: restartedAt }),
    ]);
    expect(series.view(M0 + 40_000).hops[0].ok.slice(-1)).toEqual([20 + 7 + 5]);
  });

  it('treats counters that went down within one start time as a reset too', () => {
    const series = new HopSeries(M0);
    feed(series, [beat(M0 + 1_000, [hop(50, [50, 0, 0])]), beat(M0 + 2_000, [hop(60, [60, 0, 0])]), beat(M0 + 3_000, [hop(4, [4, 0, 0])])]);
    expect(series.view(M0 + 3_000).hops[0].ok.slice(-1)).toEqual([10 + 4]);
  });

  it('counts the first heartbeat of a process that started after the console began listening, not of one that was running before', () => {
    const series = new HopSeries(M0);
    series.observe(undefined, beat(M0 + 20_000, [hop(3, [3, 0, 0])], { instance: 'new:1', startedAt: M0 + 15_000 }), M0 + 20_000);
    series.observe(undefined, beat(M0 + 20_000, [hop(900, [900, 0, 0])], { instance: 'old:1', startedAt: M0 - 60 * MINUTE }), M0 + 20_000);
    expect(series.view(M0 + 20_000).hops[0].ok.slice(-1)).toEqual([3]);
  });

  it('adds up the instances of one service, keeps hops apart, and forgets minutes older than an hour', () => {
    const series = new HopSeries(M0 - 60 * MINUTE);
    const call = (ok: number): HeartbeatHop => ({
      hop: 'ioffice-adapter → iOffice',
      kind: 'call',
      ok,
      failed: 0,
      buckets: [0, ok, 0],
      sumMs: ok * 40,
    });
    feed(series, [beat(M0 + 1_000, [hop(0, [0, 0, 0])], { instance: 'a:1' }), beat(M0 + 2_000, [hop(5, [5, 0, 0])], { instance: 'a:1' })]);
    feed(series, [
      beat(M0 + 1_000, [hop(0, [0, 0, 0]), call(0)], { instance: 'b:1' }),
      beat(M0 + 2_000, [hop(2, [2, 0, 0]), call(4)], { instance: 'b:1' }),
    ]);
    const view = series.view(M0 + 2_000);
    expect(view.hops.map((h) => [h.hop, h.kind, h.hour.ok])).toEqual([
      ['ioffice-adapter → iOffice', 'call', 4],
      [HOP, 'message', 7],
    ]);
    expect(view.hops[0].hour.meanMs).toBe(40);
    expect(series.view(M0 + 61 * MINUTE).hops).toEqual([]);
  });

  it('starts a hop afresh when its buckets change (a new version of the service)', () => {
    const series = new HopSeries(M0 - 60 * MINUTE);
    feed(series, [beat(M0 + 1_000, [hop(0, [0, 0, 0])]), beat(M0 + 2_000, [hop(5, [5, 0, 0])])]);
    const restarted = M0 + 3_000;
    series.observe(
      beat(M0 + 2_000, [hop(5, [5, 0, 0])]),
      { ...beat(M0 + 4_000, [], { startedAt: restarted }), hops: { boundsMs: [20, 200], hops: [{ ...hop(2, [0, 2, 0]) }] } },
      M0 + 4_000,
    );
    const [h] = series.view(M0 + 4_000).hops;
    expect(h.hour.ok).toBe(2);
    expect(h.hour.p50Ms).toBe(110);
  });
});
