import type { OutsideSystemView } from '../heartbeats/service-board';
import type { QueueRow } from '../queues/queue.monitor';

/** Name of the one-stop system among the outside systems (the orchestrator's readiness check). */
export const ONESTOP = 'onestop';

/**
 * What the console knows of the one-stop system's own queue: the queue as checked; `unknown` when it could not
 * check (no broker connection); `not-checked` when configured not to (`ONESTOP_QUEUE=off`).
 */
export type OnestopQueue = QueueRow | 'unknown' | 'not-checked';

/**
 * The outside systems with the one-stop system completed by what only the broker knows: whether its own
 * queue exists and has a consumer. The orchestrator reports the one-stop's messages (last success, last
 * rejection, rejection rate) but not its state, since the one-stop is reached only through the broker: the
 * state is the queue's, up while the one-stop consumes it, unknown when the queue was not checked. When
 * the queue was checked, the row is shown even without the orchestrator's report.
 */
export function withOnestopQueue(systems: readonly OutsideSystemView[], queue: OnestopQueue, now: number): OutsideSystemView[] {
  const reported = systems.find((s) => s.name === ONESTOP);
  if (queue === 'not-checked' && !reported) return [...systems];
  const checked = typeof queue === 'object' ? queue : undefined;
  const row: OutsideSystemView = {
    name: ONESTOP,
    state: !checked ? 'unknown' : checked.exists && (checked.consumers ?? 0) > 0 ? 'up' : 'down',
    reportedBy: reported?.reportedBy ?? 'console',
    lastSeenAt: reported?.lastSeenAt ?? now,
    details: {
      ...(reported?.details ?? { via: 'broker', circuit: 'not-applicable' }),
      ...(checked ? { queue: checked.name, queueExists: checked.exists, consumers: checked.consumers } : {}),
    },
  };
  return [...systems.filter((s) => s.name !== ONESTOP), row].sort((a, b) => a.name.localeCompare(b.name));
}
