/** Lifecycle stage of a dossier as the bus tracks it (process.md); the value is the stage's name. */
export enum Stage {
  RECEIVED = 'RECEIVED',
  SUPPLEMENT_REQUESTED = 'SUPPLEMENT_REQUESTED',
  AWAITING_APPROVAL = 'AWAITING_APPROVAL',
  SENT_FOR_SIGNING = 'SENT_FOR_SIGNING',
  SIGNED = 'SIGNED',
  NUMBER_REQUESTED = 'NUMBER_REQUESTED',
  NUMBERED = 'NUMBERED',
  READY_FOR_ISSUE = 'READY_FOR_ISSUE',
  ISSUED = 'ISSUED',
  RETURNED = 'RETURNED',
  DELIVERY_ORDERED = 'DELIVERY_ORDERED',
  DELIVERED = 'DELIVERED',
  DELIVERY_FAILED = 'DELIVERY_FAILED',
  AWAITING_HANDOVER = 'AWAITING_HANDOVER',
  HANDOVER_DISPATCHED = 'HANDOVER_DISPATCHED',
  HANDOVER_DELIVERED = 'HANDOVER_DELIVERED',
  ARCHIVED = 'ARCHIVED',
  CLOSED = 'CLOSED',
}

/** Every stage, in lifecycle order (the order of the enum). */
export const STAGES: readonly Stage[] = Object.values(Stage);

/** Why a dossier was closed: it decides the portal status (7 for withdrawn, 8 otherwise). */
export const CLOSED_REASONS = ['withdrawn', 'refused', 'stopped'] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];
