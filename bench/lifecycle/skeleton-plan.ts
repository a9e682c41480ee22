import type { Options } from 'amqplib';
import { type Topology, queuesReached } from './topology';

/** One message the real flow put on the bus, as the benchmark's watcher saw it (in arrival order). */
export interface RecordedMessage {
  readonly id: string;
  readonly exchange: string;
  readonly routingKey: string;
  readonly size: number;
  /** The AMQP properties it was published with (message_id, type, correlation_id, headers...). */
  readonly properties: Options.Publish & { messageId: string };
  /** For `dossier.status-changed`: the dossier and the stage it entered. */
  readonly dossierCode?: string;
  readonly stage?: string;
}

/** A message a skeleton node publishes: exactly the recorded one (exchange, routing key, properties), with a body of the recorded size. */
export interface PlannedMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly size: number;
  readonly properties: Options.Publish & { messageId: string };
}

/** What one skeleton node does: consume `queue`, and for each message that arrives publish `next[message_id]`. */
export interface NodePlan {
  /** The process of the real flow it stands for (`orchestrator`, `ioffice-adapter`, `postal-adapter`, `sim-onestop`). */
  readonly process: string;
  readonly queue: string;
  readonly prefetch: number;
  /** Published when the run starts (the dossiers the one-stop system receives), at the run's rate. */
  readonly roots: readonly PlannedMessage[];
  readonly next: Readonly<Record<string, readonly PlannedMessage[]>>;
}

/** The skeleton of a recorded run: every recorded message, published by the node of the process that published it. */
export interface SkeletonPlan {
  readonly nodes: readonly NodePlan[];
  readonly messages: number;
  /** Per dossier, the message ids announcing RECEIVED and ARCHIVED: the skeleton's lifecycles are timed between them. */
  readonly lifecycles: ReadonlyArray<{ readonly dossierCode: string; readonly received: string; readonly archived: string }>;
}

/** The processes of the real flow that consume a queue, and the queue of each. */
export interface Consumers {
  /** queue name → process name, for every queue a process of the flow consumes. */
  readonly byQueue: ReadonlyMap<string, string>;
  /** The one-stop system's queue (what `app_id` `onestop` messages are published from). */
  readonly onestopQueue: string;
  /** The queue of a bus service by name (`orchestrator` → `lienthong.orchestrator`). */
  readonly queueOf: (service: string) => string;
}

const RECEPTION = 'onestop.dossier.received';
const CAUSATION_HEADER = 'x-causation-id';

/**
 * The bus service that published a message it did not publish in a handler (no `x-causation-id`): the adapters' intake
 * (iOffice polls publish `dms.*`, postal webhooks and polls `postal.*`); anything else comes from the orchestrator's
 * timers and HTTP routes (an operator's batch dispatch).
 */
export function outsidePublisher(routingKey: string): string {
  if (routingKey.startsWith('dms.')) return 'ioffice-adapter';
  if (routingKey.startsWith('postal.')) return 'postal-adapter';
  return 'orchestrator';
}

/**
 * Derives the skeleton from a recorded run. For each message, in arrival order:
 * - its publisher: the one-stop system for `app_id` `onestop`; else the bus service that consumed the message named by
 *   its `x-causation-id` (it was published in that message's handler); else `outsidePublisher`;
 * - its trigger, the message whose arrival at the publisher's queue makes the skeleton publish it: the causing message;
 *   else the latest earlier message about the same dossier or batch (correlation id) that reached the publisher's queue
 *   (what the adapter had sent the outside system, what the one-stop system reacts to); a dossier's first reception
 *   has none and is a root; anything else falls back to the latest earlier message that reached that queue.
 * Triggers always come earlier, so every planned message is published once its trigger arrives, and the
 * skeleton sends exactly the recorded messages: same count, exchanges, routing keys, properties, body sizes.
 */
export function planSkeleton(recorded: readonly RecordedMessage[], topology: Topology, consumers: Consumers): SkeletonPlan {
  const reached = new Map<string, string[]>();
  const byId = new Map(recorded.map((m) => [m.id, m]));
  const latest = new Map<string, string>();
  const latestAbout = new Map<string, string>();
  const roots = new Map<string, PlannedMessage[]>();
  const next = new Map<string, Map<string, PlannedMessage[]>>();
  const consumed = (m: RecordedMessage): string[] => {
    let queues = reached.get(m.id);
    if (!queues) reached.set(m.id, (queues = queuesReached(topology, m.exchange, m.routingKey).filter((q) => consumers.byQueue.has(q))));
    return queues;
  };
  for (const m of recorded) {
    const planned: PlannedMessage = { exchange: m.exchange, routingKey: m.routingKey, size: m.size, properties: m.properties };
    const correlation = m.properties.correlationId;
    const causation = m.properties.headers?.[CAUSATION_HEADER] as string | undefined;
    const parent = causation ? byId.get(causation) : undefined;
    let queue: string;
    if (m.properties.appId === 'onestop') queue = consumers.onestopQueue;
    else {
      const fallback = consumers.queueOf(outsidePublisher(m.routingKey));
      const candidates = parent ? consumed(parent) : [];
      queue = candidates.length === 1 ? candidates[0] : candidates.includes(fallback) || candidates.length === 0 ? fallback : candidates[0];
    }
    const trigger =
      (parent && consumed(parent).includes(queue) ? parent.id : undefined) ??
      (correlation ? latestAbout.get(`${queue}\u0000${correlation}`) : undefined) ??
      (m.routingKey === RECEPTION ? undefined : latest.get(queue));
    if (trigger === undefined) listIn(roots, queue).push(planned);
    else {
      let forQueue = next.get(queue);
      if (!forQueue) next.set(queue, (forQueue = new Map()));
      listIn(forQueue, trigger).push(planned);
    }
    for (const q of consumed(m)) {
      latest.set(q, m.id);
      if (correlation) latestAbout.set(`${q}\u0000${correlation}`, m.id);
    }
  }
  const prefetch = new Map(topology.queues.map((q) => [q.name, q.prefetch]));
  const nodes: NodePlan[] = [...consumers.byQueue].map(([queue, process]) => ({
    process,
    queue,
    prefetch: prefetch.get(queue) || 200,
    roots: roots.get(queue) ?? [],
    next: Object.fromEntries(next.get(queue) ?? []),
  }));
  const received = new Map<string, string>();
  const archived = new Map<string, string>();
  for (const m of recorded) {
    if (!m.dossierCode) continue;
    if (m.stage === 'RECEIVED' && !received.has(m.dossierCode)) received.set(m.dossierCode, m.id);
    if (m.stage === 'ARCHIVED') archived.set(m.dossierCode, m.id);
  }
  const lifecycles = [...archived].flatMap(([dossierCode, id]) =>
    received.has(dossierCode) ? [{ dossierCode, received: received.get(dossierCode)!, archived: id }] : [],
  );
  return { nodes, messages: recorded.length, lifecycles };
}

function listIn<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
