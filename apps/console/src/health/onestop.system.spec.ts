import type { OutsideSystemView } from '../heartbeats/service-board';
import { withOnestopQueue } from './onestop.system';

const T0 = 1_800_000_000_000;
const ioffice: OutsideSystemView = {
  name: 'ioffice',
  state: 'up',
  reportedBy: 'ioffice-adapter (h:1)',
  lastSeenAt: T0,
  details: { circuit: 'closed' },
};
const reported: OutsideSystemView = {
  name: 'onestop',
  state: 'up',
  reportedBy: 'orchestrator (h:2)',
  lastSeenAt: T0 - 1_000,
  details: {
    via: 'broker',
    circuit: 'not-applicable',
    lastSuccessAt: '2027-01-15T08:00:00.000Z',
    lastFailureAt: null,
    recentMessages: 4,
    recentErrorRate: 0.25,
  },
};
const queue = (consumers: number | null, exists = true) => ({
  name: 'onestop.inbox',
  kind: 'other' as const,
  exists,
  messages: exists ? 3 : null,
  consumers,
});

describe('withOnestopQueue', () => {
  it("keeps the orchestrator's figures and takes the state from the one-stop's queue: up while consumed", () => {
    const [, onestop] = withOnestopQueue([ioffice, reported], queue(1), T0);
    expect(onestop).toEqual({ ...reported, details: { ...reported.details, queue: 'onestop.inbox', queueExists: true, consumers: 1 } });
  });

  it('shows the one-stop down when nobody consumes its queue, or the queue does not exist', () => {
    expect(withOnestopQueue([reported], queue(0), T0)[0].state).toBe('down');
    expect(withOnestopQueue([reported], queue(null, false), T0)[0]).toMatchObject({
      state: 'down',
      details: { queueExists: false, consumers: null },
    });
  });

  it('shows the one-stop from its queue alone when the orchestrator does not report it, and as unknown without the broker', () => {
    const [, onestop] = withOnestopQueue([ioffice], queue(2), T0);
    expect(onestop).toEqual({
      name: 'onestop',
      state: 'up',
      reportedBy: 'console',
      lastSeenAt: T0,
      details: { via: 'broker', circuit: 'not-applicable', queue: 'onestop.inbox', queueExists: true, consumers: 2 },
    });
    expect(withOnestopQueue([reported], 'unknown', T0)[0]).toEqual({ ...reported, state: 'unknown' });
  });

  it('with the queue not checked (ONESTOP_QUEUE=off), shows only what the orchestrator reports, state unknown', () => {
    expect(withOnestopQueue([ioffice, reported], 'not-checked', T0)).toEqual([ioffice, { ...reported, state: 'unknown' }]);
    expect(withOnestopQueue([ioffice], 'not-checked', T0)).toEqual([ioffice]);
  });
});
