import { parseHeartbeat } from './heartbeat.message';

const valid = { service: 'orchestrator', instance: 'host:12', version: '0.1.0', startedAt: 1, at: 2, ready: true, checks: { database: 'up', ioffice: 'down' } };
const parse = (value: unknown) => parseHeartbeat(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('parseHeartbeat', () => {
  it('reads a heartbeat', () => {
    expect(parse({ ...valid, queues: ['lienthong.orchestrator'] })).toEqual({ ...valid, queues: ['lienthong.orchestrator'] });
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
