import { parseHeartbeat } from './heartbeat.message';

const valid = {
  service: 'orchestrator',
  instance: 'host:12',
  version: '0.1.0',
  startedAt: 1,
  at: 2,
  ready: true,
  checks: { database: 'up', ioffice: 'down' },
};
const parse = (value: unknown) => parseHeartbeat(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('parseHeartbeat', () => {
  it('reads a heartbeat', () => {
    expect(parse({ ...valid, queues: ['lienthong.orchestrator'] })).toEqual({ ...valid, queues: ['lienthong.orchestrator'] });
  });

  it('reads per-hop histograms, and drops (only) hops it cannot read', () => {
    const hops = {
      boundsMs: [10, 100],
      hops: [{ hop: 'onestop.dossier.received → orchestrator', kind: 'message', ok: 3, failed: 1, buckets: [1, 2, 0], sumMs: 120 }],
    };
    expect(parse({ ...valid, hops })).toEqual({ ...valid, hops });
    for (const bad of [
      { ...hops, boundsMs: 'x' },
      { ...hops, hops: [{ ...hops.hops[0], buckets: [1, 2] }] },
      { ...hops, hops: [{ ...hops.hops[0], kind: 'other' }] },
      { ...hops, hops: [{ ...hops.hops[0], ok: -1 }] },
      { ...hops, hops: Array.from({ length: 65 }, () => hops.hops[0]) },
    ]) {
      expect(parse({ ...valid, hops: bad })).toEqual(valid);
    }
  });

  it('ignores anything else published on the exchange', () => {
    expect(parse('not json')).toBeUndefined();
    expect(parse(null)).toBeUndefined();
    expect(parse({ ...valid, service: '../x' })).toBeUndefined();
    expect(parse({ ...valid, ready: 'yes' })).toBeUndefined();
    expect(parse({ ...valid, checks: { database: 'fine' } })).toBeUndefined();
    expect(parse({ ...valid, queues: 'lienthong.x' })).toBeUndefined();
  });
});
