import type { ClosedReason, Stage } from '@lienthong/contracts';

/**
 * What happened to a dossier, in the orchestrator's terms. Each inbound message maps to one of these
 * (or to a note in the dossier's trace); the transition table decides what it does.
 */
export type LifecycleEvent =
  | { readonly kind: 'received' }
  | { readonly kind: 'appraised'; readonly outcome: 'approve' | 'supplement' | 'reject' }
  | { readonly kind: 'approved-at-center' }
  | { readonly kind: 'decision-numbered'; readonly purpose: 'sign' | 'number' }
  | { readonly kind: 'signing-declined'; readonly purpose: 'sign' | 'number' }
  | { readonly kind: 'issued' }
  | { readonly kind: 'delivery-ordered' }
  | { readonly kind: 'delivered' }
  | { readonly kind: 'delivery-failed' }
  | { readonly kind: 'result-returned' }
  | { readonly kind: 'withdrawn' }
  | { readonly kind: 'handover-dispatched' }
  | { readonly kind: 'handover-delivered' }
  | { readonly kind: 'handover-archived' };

export type LifecycleEventKind = LifecycleEvent['kind'];

/** What the transition table says to do with an event. */
export type Decision =
  /** Move through these stages, in order (each one is announced). */
  | { readonly kind: 'advance'; readonly to: readonly Stage[]; readonly closedReason?: ClosedReason }
  /** Already done: an idempotent repeat, recorded in the trace and otherwise ignored. */
  | { readonly kind: 'repeat'; readonly note: string }
  /** Not valid yet, but may become valid (out of order): kept for a bounded time and tried after each transition. */
  | { readonly kind: 'hold'; readonly reason: string }
  /** Never valid in this stage: rejected with a reason. */
  | { readonly kind: 'reject'; readonly problem: string };

/** What the table needs to know about the dossier and its department. */
export interface DossierFacts {
  readonly stage: Stage;
  readonly returnMethod: 'center' | 'postal';
  readonly approval: 'online' | 'at-center';
}
