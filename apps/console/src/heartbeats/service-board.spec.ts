import type { Heartbeat } from '@lienthong/runtime';
import { ServiceBoard } from './service-board';

const T0 = 1_800_000_000_000;

function beat(overrides: Partial<Heartbeat> = {}): Heartbeat {
  return {
    service: 'orchestrator',
    instance: 'host:1',
    version: '0.1.0',
    startedAt: T0 - 60_000,
    at: T0,
    ready: true,
    checks: { database: 'up', broker: 'up', consumer: 'up' },
    ...overrides,
  };
}

describe('ServiceBoard', () => {
  it('lists expected services never heard of as missing', () => {
    const board = new ServiceBoard(6_000, ['orchestrator', 'console']);
    expect(board.services(T0).map((s) => [s.service, s.state])).toEqual([
      ['console', 'missing'],
      ['orchestrator', 'missing'],
    ]);
  });

  it('shows an instance up while heartbeats keep coming and dead once they are older than the timeout', () => {
    const board = new ServiceBoard(6_000, []);
    board.observe(beat(), T0);
    expect(board.services(T0 + 5_999)[0]).toMatchObject({
      service: 'orchestrator',
      state: 'up',
      instances: [{ state: 'up', uptimeMs: 65_999, ageMs: 5_999 }],
    });
    expect(board.services(T0 + 6_001)[0]).toMatchObject({ state: 'down', instances: [{ state: 'dead', uptimeMs: 60_000 }] });
  });

  it('shows a clean shutdown as stopped at once', () => {
    const board = new ServiceBoard(6_000, []);
    board.observe(beat(), T0);
    board.observe(beat({ at: T0 + 1_000, ready: false, stopping: true }), T0 + 1_000);
    expect(board.services(T0 + 1_001)[0]).toMatchObject({ state: 'down', instances: [{ state: 'stopped' }] });
  });

  it('aggregates instances: degraded when only some live instances are ready, not-ready when none is', () => {
    const board = new ServiceBoard(6_000, []);
    board.observe(beat({ instance: 'a:1' }), T0);
    board.observe(beat({ instance: 'b:1', ready: false, checks: { database: 'down' } }), T0);
    expect(board.services(T0)[0].state).toBe('degraded');
    board.observe(beat({ instance: 'a:1', at: T0 + 1, ready: false }), T0 + 1);
    expect(board.services(T0 + 1)[0].state).toBe('not-ready');
  });

  it('ignores a heartbeat older than the one it has (out of order)', () => {
    const board = new ServiceBoard(6_000, []);
    board.observe(beat({ at: T0 + 2_000, ready: true }), T0 + 2_000);
    board.observe(beat({ at: T0, ready: false }), T0 + 2_100);
    expect(board.services(T0 + 2_200)[0].instances[0].state).toBe('up');
  });

  it('reports outside systems from the freshest live instance, unknown once it is gone', () => {
    const board = new ServiceBoard(6_000, []);
    board.observe(
      beat({ service: 'ioffice-adapter', checks: { database: 'up', ioffice: 'down' }, details: { ioffice: { circuit: 'open' } } }),
      T0,
    );
    expect(board.outsideSystems(T0)).toEqual([
      { name: 'ioffice', state: 'down', reportedBy: 'ioffice-adapter (host:1)', lastSeenAt: T0, details: { circuit: 'open' } },
    ]);
    expect(board.outsideSystems(T0 + 10_000)[0].state).toBe('unknown');
  });

  it('forgets a dead instance replaced by a live one after 10 minutes', () => {
    const board = new ServiceBoard(6_000, []);
    board.observe(beat({ instance: 'old:1' }), T0);
    const later = T0 + 11 * 60_000;
    board.observe(beat({ instance: 'new:2', at: later }), later);
    expect(board.services(later)[0].instances.map((i) => i.instance)).toEqual(['new:2']);
  });

  it('counts messages per minute per service from the growth of the transport counters', () => {
    const board = new ServiceBoard(6_000, []);
    const stats = (handled: number, deadLettered = 0) => ({
      consumed: handled,
      handled,
      deadLettered,
      retried: 0,
      rejected: 0,
      published: handled * 2,
    });
    const minute = Math.floor(T0 / 60_000) * 60_000;
    board.observe(beat({ stats: stats(10) }), minute + 1_000);
    board.observe(beat({ at: T0 + 2_000, stats: stats(25, 1) }), minute + 3_000);
    board.observe(beat({ at: T0 + 4_000, stats: stats(30, 1) }), minute + 65_000);
    const [series] = board.throughput(minute + 65_000);
    expect(series.handled.slice(-2)).toEqual([15, 5]);
    expect(series.published.slice(-2)).toEqual([30, 10]);
    expect(series.deadLettered.slice(-2)).toEqual([1, 0]);
    expect(series.minutes).toHaveLength(60);
  });

  it('charts each hop from the histograms in the heartbeats of its instances', () => {
    const board = new ServiceBoard(6_000, [], T0 - 1_000); // the instance was running before: its first figures are a baseline
    const hops = (ok: number) => ({
      boundsMs: [10],
      hops: [{ hop: 'dossier.status-changed → postal-adapter', kind: 'message' as const, ok, failed: 0, buckets: [ok, 0], sumMs: ok }],
    });
    board.observe(beat({ hops: hops(2) }), T0);
    board.observe(beat({ at: T0 + 2_000, hops: hops(9) }), T0 + 2_000);
    expect(board.hops(T0 + 2_000).hops.map((h) => [h.hop, h.hour.ok])).toEqual([['dossier.status-changed → postal-adapter', 7]]);
  });

  it('remembers the queues each service announces, from its newest heartbeat', () => {
    const board = new ServiceBoard(6_000, []);
    board.observe(beat({ queues: ['lienthong.orchestrator', 'lienthong.orchestrator.retry.1.1s'] }), T0);
    expect(board.announcedQueues().get('orchestrator')).toEqual(['lienthong.orchestrator', 'lienthong.orchestrator.retry.1.1s']);
  });
});
