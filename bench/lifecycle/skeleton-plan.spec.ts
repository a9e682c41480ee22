import { type RecordedMessage, outsidePublisher, planSkeleton } from './skeleton-plan';
import { type Topology, queuesReached, topicMatches } from './topology';

const EVENTS = 'lienthong.events';
const INTERNAL = 'lienthong.internal';

const topology: Topology = {
  queues: [
    { name: 'lienthong.orchestrator', durable: true, type: 'classic', arguments: {}, prefetch: 200 },
    { name: 'lienthong.ioffice-adapter', durable: true, type: 'classic', arguments: {}, prefetch: 200 },
    { name: 'onestop.inbox', durable: true, type: 'classic', arguments: {}, prefetch: 50 },
  ],
  bindings: [
    { exchange: EVENTS, queue: 'lienthong.orchestrator', routingKey: 'onestop.dossier.received' },
    { exchange: EVENTS, queue: 'lienthong.orchestrator', routingKey: 'onestop.dossier.appraised' },
    { exchange: INTERNAL, queue: 'lienthong.orchestrator', routingKey: 'dms.status-received' },
    { exchange: INTERNAL, queue: 'lienthong.orchestrator', routingKey: 'orchestrator.dossier-step-requested' },
    { exchange: INTERNAL, queue: 'lienthong.ioffice-adapter', routingKey: 'dms.send-requested' },
    { exchange: EVENTS, queue: 'onestop.inbox', routingKey: 'dossier.#' },
  ],
};

const consumers = {
  byQueue: new Map([
    ['lienthong.orchestrator', 'orchestrator'],
    ['lienthong.ioffice-adapter', 'ioffice-adapter'],
    ['onestop.inbox', 'sim-onestop'],
  ]),
  onestopQueue: 'onestop.inbox',
  queueOf: (service: string) => `lienthong.${service}`,
};

let seq = 0;
function msg(
  routingKey: string,
  dossier: string,
  options: { cause?: string; appId?: string; stage?: string; size?: number } = {},
): RecordedMessage {
  const id = `m${++seq}`;
  return {
    id,
    exchange: routingKey.startsWith('dms.') || routingKey.startsWith('orchestrator.') ? INTERNAL : EVENTS,
    routingKey,
    size: options.size ?? 100 + seq,
    properties: {
      messageId: id,
      type: routingKey,
      correlationId: dossier,
      appId: options.appId ?? 'lienthong',
      headers: options.cause ? { 'x-causation-id': options.cause } : {},
    },
    ...(options.stage ? { dossierCode: dossier, stage: options.stage } : {}),
  };
}

describe('topic bindings', () => {
  it('match words, * one word and # any number of words', () => {
    expect(topicMatches('dossier.#', 'dossier.status-changed')).toBe(true);
    expect(topicMatches('dossier.#', 'dossier')).toBe(true);
    expect(topicMatches('#', 'onestop.dossier.received')).toBe(true);
    expect(topicMatches('onestop.*.received', 'onestop.dossier.received')).toBe(true);
    expect(topicMatches('onestop.*', 'onestop.dossier.received')).toBe(false);
    expect(topicMatches('dms.status-received', 'dms.send-requested')).toBe(false);
    expect(topicMatches('#.received', 'onestop.dossier.received')).toBe(true);
  });

  it('route a message to each bound queue of its exchange once', () => {
    expect(queuesReached(topology, EVENTS, 'dossier.status-changed')).toEqual(['onestop.inbox']);
    expect(queuesReached(topology, INTERNAL, 'dossier.status-changed')).toEqual([]);
    expect(queuesReached(topology, INTERNAL, 'dms.send-requested')).toEqual(['lienthong.ioffice-adapter']);
  });
});

describe('planSkeleton', () => {
  const code = '000.00.12.H36-261128-000001';
  const received = msg('onestop.dossier.received', code, { appId: 'onestop', size: 1577 });
  const status1 = msg('dossier.status-changed', code, { cause: received.id, stage: 'RECEIVED' });
  const appraised = msg('onestop.dossier.appraised', code, { appId: 'onestop' });
  const step = msg('orchestrator.dossier-step-requested', code, { cause: appraised.id });
  const send = msg('dms.send-requested', code, { cause: step.id });
  // Polled from iOffice: published outside a handler, no causation.
  const polled = msg('dms.status-received', code);
  const archived = msg('dossier.status-changed', code, { cause: polled.id, stage: 'ARCHIVED' });
  const recorded = [received, status1, appraised, step, send, polled, archived];
  const plan = planSkeleton(recorded, topology, consumers);
  const node = (process: string) => plan.nodes.find((n) => n.process === process)!;

  it('publishes the first reception of each dossier as a root of the one-stop node, with its recorded size and properties', () => {
    expect(node('sim-onestop').roots).toEqual([
      { exchange: EVENTS, routingKey: 'onestop.dossier.received', size: 1577, properties: received.properties },
    ]);
    expect(node('orchestrator').roots).toEqual([]);
  });

  it('has a message published in a handler sent by the node of the queue that consumed its cause, when the cause arrives', () => {
    expect(node('orchestrator').next[received.id].map((m) => m.properties.messageId)).toEqual([status1.id]);
    expect(node('orchestrator').next[step.id].map((m) => m.properties.messageId)).toEqual([send.id]);
  });

  it('has the one-stop system react to what reached its queue about the same dossier', () => {
    expect(node('sim-onestop').next[status1.id].map((m) => m.properties.messageId)).toEqual([appraised.id]);
  });

  it('has an adapter publish what it polled after the latest command about the same dossier it consumed', () => {
    expect(outsidePublisher('dms.status-received')).toBe('ioffice-adapter');
    expect(node('ioffice-adapter').next[send.id].map((m) => m.properties.messageId)).toEqual([polled.id]);
  });

  it('plans every recorded message exactly once, and times lifecycles from RECEIVED to ARCHIVED', () => {
    const planned = plan.nodes.flatMap((n) => [...n.roots, ...Object.values(n.next).flat()]).map((m) => m.properties.messageId);
    expect(planned.sort()).toEqual(recorded.map((m) => m.id).sort());
    expect(plan.messages).toBe(recorded.length);
    expect(plan.lifecycles).toEqual([{ dossierCode: code, received: status1.id, archived: archived.id }]);
    expect(node('sim-onestop').prefetch).toBe(50);
  });

  it('keeps a later reception of another dossier a root, not a reaction to the first dossier', () => {
    const other = msg('onestop.dossier.received', '000.00.12.H36-261128-000002', { appId: 'onestop' });
    const again = planSkeleton([...recorded, other], topology, consumers);
    expect(again.nodes.find((n) => n.process === 'sim-onestop')!.roots.map((m) => m.properties.messageId)).toEqual([received.id, other.id]);
  });
});
