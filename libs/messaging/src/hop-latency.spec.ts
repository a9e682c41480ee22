import type { ConsumeMessage } from 'amqplib';
import { EXCHANGE, INTERNAL_EXCHANGE } from '@lienthong/contracts';
import { HopLatency, LATENCY_BUCKETS_MS, LatencyHistogram, SENT_AT_HEADER, quantileMs, sentAtOf } from './hop-latency';
import { RETRY_HEADERS } from './pipeline/inbound-message';

const NOW = 1_800_000_000_000;

/** A delivery as amqplib hands it over; only the fields the recorder reads. */
function delivery(
  routingKey: string,
  properties: { type?: string; timestamp?: number; headers?: Record<string, unknown> } = {},
  exchange = EXCHANGE,
): ConsumeMessage {
  return {
    content: Buffer.from('{}'),
    fields: { exchange, routingKey },
    properties: { headers: {}, ...properties },
  } as unknown as ConsumeMessage;
}

describe('LatencyHistogram', () => {
  it('counts each duration in the first bucket whose bound it does not exceed, negative as zero, slow ones in the last', () => {
    const h = new LatencyHistogram();
    for (const ms of [0.4, 1, 1.01, 250, 250.5, 400_000, -30]) h.observe(ms);
    const { count, sumMs, buckets } = h.snapshot();
    expect(buckets).toHaveLength(LATENCY_BUCKETS_MS.length + 1);
    const at = (boundMs: number): number => buckets[LATENCY_BUCKETS_MS.indexOf(boundMs)];
    expect([at(1), at(2.5), at(250), at(500), buckets[buckets.length - 1]]).toEqual([3, 1, 1, 1, 1]);
    expect(count).toBe(7);
    expect(sumMs).toBe(Math.round(0.4 + 1 + 1.01 + 250 + 250.5 + 400_000));
  });
});

describe('quantileMs', () => {
  const bounds = [10, 100, 1000];

  it('interpolates inside the bucket holding the rank, from 0 for the first bucket', () => {
    expect(quantileMs([10, 0, 0, 0], 0.5, bounds)).toBe(5);
    // 4 at ≤10, 4 in (10,100], 2 in (100,1000]: the median is the 5th → 10 + 90 × 1/4; p95 is the 9.5th → 100 + 900 × 1.5/2.
    expect(quantileMs([4, 4, 2, 0], 0.5, bounds)).toBeCloseTo(32.5);
    expect(quantileMs([4, 4, 2, 0], 0.95, bounds)).toBeCloseTo(775);
  });

  it('gives the last bound when the rank is above every bound, and null without observations', () => {
    expect(quantileMs([0, 0, 1, 9], 0.95, bounds)).toBe(1000);
    expect(quantileMs([0, 0, 0, 0], 0.5, bounds)).toBeNull();
  });

  it('estimates percentiles of real durations within their bucket', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.observe(i); // 1..1000 ms, evenly
    const p50 = quantileMs(h.snapshot().buckets, 0.5)!;
    const p95 = quantileMs(h.snapshot().buckets, 0.95)!;
    expect(p50).toBeGreaterThan(250);
    expect(p50).toBeLessThanOrEqual(500);
    expect(p95).toBeGreaterThan(500);
    expect(p95).toBeLessThanOrEqual(1000);
  });
});

describe('sentAtOf', () => {
  it('takes the bus header in ms, else the AMQP timestamp in seconds, else nothing', () => {
    expect(sentAtOf(delivery('x', { headers: { [SENT_AT_HEADER]: NOW - 1234 }, timestamp: 1 }))).toBe(NOW - 1234);
    expect(sentAtOf(delivery('x', { timestamp: 1_800_000_000 }))).toBe(1_800_000_000_000);
    expect(sentAtOf(delivery('x', { headers: { [SENT_AT_HEADER]: 'soon' } }))).toBeUndefined();
  });
});

describe('HopLatency', () => {
  it('records handled messages per type with their latency and processing time', () => {
    const hops = new HopLatency();
    hops.settled(delivery('onestop.dossier.received', { headers: { [SENT_AT_HEADER]: NOW - 40 } }), 'handled', NOW, NOW - 8);
    hops.settled(delivery('onestop.dossier.received', { headers: { [SENT_AT_HEADER]: NOW - 1500 } }), 'handled', NOW, NOW - 8);
    const hop = hops.entries().get('onestop.dossier.received')!;
    expect(hop.handled).toBe(2);
    expect(hop.lastHandledAt).toBe(NOW);
    expect(hop.latency.snapshot()).toMatchObject({ count: 2, sumMs: 1540 });
    expect(quantileMs(hop.latency.snapshot().buckets, 0.99)).toBeGreaterThan(1000);
    expect(hop.processing.snapshot()).toMatchObject({ count: 2, sumMs: 16 });
  });

  it('counts rejections and dead letters apart, without timing them; replays only as replays; duplicates not at all', () => {
    const hops = new HopLatency();
    hops.settled(delivery('onestop.dossier.appraised'), 'rejected', NOW, NOW);
    hops.settled(delivery('onestop.dossier.appraised'), 'dead-lettered', NOW + 1, NOW);
    hops.settled(delivery('onestop.dossier.appraised', { headers: { [RETRY_HEADERS.replayOf]: 7 } }), 'handled', NOW + 2, NOW);
    hops.settled(delivery('onestop.dossier.appraised'), 'duplicate', NOW + 3, NOW);
    const hop = hops.entries().get('onestop.dossier.appraised')!;
    expect({
      handled: hop.handled,
      rejected: hop.rejected,
      deadLettered: hop.deadLettered,
      replayed: hop.replayed,
      lastRejectedAt: hop.lastRejectedAt,
      lastHandledAt: hop.lastHandledAt,
    }).toEqual({
      handled: 0,
      rejected: 1,
      deadLettered: 1,
      replayed: 1,
      lastRejectedAt: NOW,
      lastHandledAt: 0,
    });
    expect(hop.latency.count).toBe(0);
  });

  it('names a retried delivery (default exchange) by its type, and keeps types outside the contract out', () => {
    const hops = new HopLatency();
    hops.settled(delivery('lienthong.orchestrator', { type: 'onestop.dossier.withdrawn' }, ''), 'handled', NOW, NOW);
    hops.settled(delivery('lienthong.orchestrator', { type: 'no.such.type' }, ''), 'rejected', NOW, NOW);
    hops.settled(delivery('onestop.made-up'), 'rejected', NOW, NOW);
    expect([...hops.entries().keys()]).toEqual(['onestop.dossier.withdrawn']);
  });

  it('names a bus-internal delivery (lienthong.internal) by its routing key', () => {
    const hops = new HopLatency();
    hops.settled(delivery('dms.package-sent', {}, INTERNAL_EXCHANGE), 'handled', NOW, NOW);
    expect([...hops.entries().keys()]).toEqual(['dms.package-sent']);
  });
});
