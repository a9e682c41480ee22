/** Where a shipment stands, as far as the bus has applied events. */
export interface ShipmentPosition {
  readonly statusCode: number | null;
  /** Instant of the event that set `statusCode`; null when only the order's creation is known. */
  readonly occurredAtMs: number | null;
}

/**
 * What to do with a tracking event. `apply`: it moves the shipment forward (publish it). The others are
 * recorded for the trace but change nothing: `stale` happened before what is already applied (a late,
 * out-of-order delivery); `same` is the applied event itself (seen already through the other channel,
 * webhook or poll); `after-final` would move a shipment that already reached a final status.
 */
export type Progression = 'apply' | 'stale' | 'same' | 'after-final';

/** Delivered (14) only moves on to completed (19); 19, 20 (returned to sender) and 22 (cancelled) never move. */
const DELIVERED = 14;
const COMPLETED = 19;
const FINAL: ReadonlySet<number> = new Set([COMPLETED, 20, 22]);

/** Path order, used only to break ties between events stamped with the same second. */
const PATH_RANK: Readonly<Record<number, number>> = {
  1: 1,
  2: 2,
  4: 3,
  6: 4,
  7: 5,
  10: 6,
  11: 7,
  12: 8,
  15: 9,
  14: 10,
  19: 11,
  20: 12,
  22: 13,
};

/** True once a shipment will not move any more (the poller stops asking about it). */
export const isSettled = (statusCode: number | null): boolean => statusCode !== null && (statusCode === DELIVERED || FINAL.has(statusCode));

/**
 * Orders events by `occurredAt` (the contract: delivered at least once and out of order), so that a late
 * "in transit" after "delivered" never moves a shipment backwards.
 */
export function progressionOf(
  current: ShipmentPosition,
  event: { readonly statusCode: number; readonly occurredAtMs: number },
): Progression {
  if (current.statusCode !== null && current.occurredAtMs !== null) {
    if (event.occurredAtMs < current.occurredAtMs) return 'stale';
    if (event.occurredAtMs === current.occurredAtMs) {
      if (event.statusCode === current.statusCode) return 'same';
      if ((PATH_RANK[event.statusCode] ?? 0) < (PATH_RANK[current.statusCode] ?? 0)) return 'stale';
    }
  }
  if (current.statusCode === null) return 'apply';
  if (FINAL.has(current.statusCode)) return 'after-final';
  if (current.statusCode === DELIVERED && event.statusCode !== COMPLETED) return 'after-final';
  return 'apply';
}
