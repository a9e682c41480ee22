import { Stage } from '@lienthong/contracts';
import type { Decision, DossierFacts, LifecycleEvent } from './lifecycle-event';

const S = Stage;
const ORDER: readonly Stage[] = [
  S.RECEIVED,
  S.SUPPLEMENT_REQUESTED,
  S.AWAITING_APPROVAL,
  S.SENT_FOR_SIGNING,
  S.NUMBER_REQUESTED,
  S.SIGNED,
  S.NUMBERED,
  S.READY_FOR_ISSUE,
  S.ISSUED,
  S.DELIVERY_ORDERED,
  S.DELIVERY_FAILED,
  S.RETURNED,
  S.DELIVERED,
  S.AWAITING_HANDOVER,
  S.HANDOVER_DISPATCHED,
  S.HANDOVER_DELIVERED,
  S.ARCHIVED,
];

/** Whether `stage` is `other` or comes after it in the lifecycle (CLOSED is neither before nor after). */
const atOrAfter = (stage: Stage, other: Stage): boolean => stage !== S.CLOSED && ORDER.indexOf(stage) >= ORDER.indexOf(other);
const before = (stage: Stage, other: Stage): boolean => stage !== S.CLOSED && ORDER.indexOf(stage) < ORDER.indexOf(other);

const advance = (...to: Stage[]): Decision => ({ kind: 'advance', to });
const repeat = (note: string): Decision => ({ kind: 'repeat', note });
const hold = (reason: string): Decision => ({ kind: 'hold', reason });
const reject = (problem: string): Decision => ({ kind: 'reject', problem });

const BEFORE_ISSUE: readonly Stage[] = [
  S.RECEIVED,
  S.SUPPLEMENT_REQUESTED,
  S.AWAITING_APPROVAL,
  S.SENT_FOR_SIGNING,
  S.SIGNED,
  S.NUMBER_REQUESTED,
  S.NUMBERED,
  S.READY_FOR_ISSUE,
];

/**
 * The transition table: total over (stage × event). Every pair is a transition, an idempotent repeat, an
 * out-of-order event to hold, or a rejection. A dossier never moves backwards and never skips a required step.
 * A decline by the leader or the clerk stops processing: CLOSED with portal status 8 (dừng xử lý), since a
 * package's DocumentId is unique per dossier and purpose, so the same dossier is never sent for signing twice.
 */
export function decide(dossier: DossierFacts, event: LifecycleEvent): Decision {
  const { stage } = dossier;
  const closed = stage === S.CLOSED;
  switch (event.kind) {
    case 'received':
      if (stage === S.SUPPLEMENT_REQUESTED) return advance(S.RECEIVED);
      if (closed) return reject('the dossier is closed; a new reception needs a new dossier code');
      return repeat(`already received (stage ${stage})`);

    case 'appraised':
      if (stage === S.RECEIVED) {
        if (event.outcome === 'supplement') return advance(S.SUPPLEMENT_REQUESTED);
        if (event.outcome === 'reject') return { kind: 'advance', to: [S.CLOSED], closedReason: 'refused' };
        return dossier.approval === 'online' ? advance(S.AWAITING_APPROVAL, S.SENT_FOR_SIGNING) : advance(S.AWAITING_APPROVAL);
      }
      if (stage === S.SUPPLEMENT_REQUESTED) return hold('the supplemented dossier has not been received again yet');
      if (closed) return repeat('the dossier is closed');
      return repeat(`already appraised (stage ${stage})`);

    case 'approved-at-center':
      if (dossier.approval === 'online')
        return closed
          ? repeat('the dossier is closed')
          : reject('this department approves online (digital signature); a paper approval at the Center does not apply');
      if (stage === S.AWAITING_APPROVAL) return advance(S.NUMBER_REQUESTED);
      if (stage === S.RECEIVED || stage === S.SUPPLEMENT_REQUESTED) return hold('the dossier has not been appraised for approval yet');
      if (closed) return reject('the dossier is closed');
      return repeat(`already approved (stage ${stage})`);

    case 'decision-numbered':
      if (event.purpose === 'sign') {
        if (stage === S.SENT_FOR_SIGNING) return advance(S.SIGNED, S.NUMBERED, S.READY_FOR_ISSUE);
        if (closed) return repeat('the dossier is closed; the numbered decision is recorded only');
        if (before(stage, S.SENT_FOR_SIGNING)) return hold('the dossier was not sent for signing yet');
        if (stage === S.NUMBER_REQUESTED) return reject('a signed decision arrived for a dossier approved on paper at the Center');
        return repeat(`already numbered (stage ${stage})`);
      }
      if (stage === S.NUMBER_REQUESTED) return advance(S.NUMBERED, S.READY_FOR_ISSUE);
      if (closed) return repeat('the dossier is closed; the numbered decision is recorded only');
      if (before(stage, S.NUMBER_REQUESTED) && stage !== S.SENT_FOR_SIGNING) return hold('no number was requested yet');
      if (stage === S.SENT_FOR_SIGNING) return reject('a paper decision was numbered for a dossier sent for digital signing');
      return repeat(`already numbered (stage ${stage})`);

    case 'signing-declined': {
      const waiting = event.purpose === 'sign' ? S.SENT_FOR_SIGNING : S.NUMBER_REQUESTED;
      if (stage === waiting) return { kind: 'advance', to: [S.CLOSED], closedReason: 'stopped' };
      if (closed) return repeat('the dossier is closed');
      if (before(stage, waiting) && stage !== S.SENT_FOR_SIGNING && stage !== S.NUMBER_REQUESTED)
        return hold(`the dossier is not at ${waiting} yet`);
      return repeat(`the decline came after the decision moved on (stage ${stage})`);
    }

    case 'issued':
      if (stage === S.READY_FOR_ISSUE) return advance(S.ISSUED);
      if (stage === S.RECEIVED || stage === S.SUPPLEMENT_REQUESTED) return reject('no decision exists yet for this dossier');
      if (closed) return reject('the dossier is closed');
      if (before(stage, S.READY_FOR_ISSUE)) return hold('the decision has not been numbered yet');
      return repeat(`already issued (stage ${stage})`);

    case 'delivery-ordered':
      if (stage === S.ISSUED)
        return dossier.returnMethod === 'postal'
          ? advance(S.DELIVERY_ORDERED)
          : reject('the result is returned at the Center, not by post');
      if (closed) return repeat('the dossier is closed');
      if (before(stage, S.ISSUED)) return hold('the result has not been issued yet');
      return repeat(`delivery already ordered (stage ${stage})`);

    case 'delivered':
      if (stage === S.DELIVERY_ORDERED) return advance(S.DELIVERED, S.AWAITING_HANDOVER);
      if (stage === S.ISSUED) return hold('the delivery order has not been confirmed yet');
      if (closed || before(stage, S.ISSUED)) return reject(`no delivery is under way (stage ${stage})`);
      return repeat(`delivery already settled (stage ${stage})`);

    case 'delivery-failed':
      if (stage === S.DELIVERY_ORDERED) return advance(S.DELIVERY_FAILED);
      if (stage === S.ISSUED) return hold('the delivery order has not been confirmed yet');
      if (closed || before(stage, S.ISSUED)) return reject(`no delivery is under way (stage ${stage})`);
      return repeat(`delivery already settled (stage ${stage})`);

    case 'result-returned':
      if (stage === S.DELIVERY_FAILED) return advance(S.RETURNED, S.AWAITING_HANDOVER);
      if (stage === S.ISSUED)
        return dossier.returnMethod === 'center'
          ? advance(S.RETURNED, S.AWAITING_HANDOVER)
          : hold('the result is out for delivery by post');
      if (stage === S.DELIVERY_ORDERED) return hold('the result is out for delivery by post');
      if (stage === S.RECEIVED || stage === S.SUPPLEMENT_REQUESTED || closed)
        return reject(`there is no result to return (stage ${stage})`);
      if (before(stage, S.ISSUED)) return hold('the result has not been issued yet');
      return repeat(`result already returned or delivered (stage ${stage})`);

    case 'withdrawn':
      if (BEFORE_ISSUE.includes(stage)) return { kind: 'advance', to: [S.CLOSED], closedReason: 'withdrawn' };
      if (closed) return repeat('the dossier is already closed');
      return reject(`the result was already issued (stage ${stage}); a withdrawal no longer applies`);

    case 'handover-dispatched':
      if (stage === S.AWAITING_HANDOVER) return advance(S.HANDOVER_DISPATCHED);
      if (closed || before(stage, S.AWAITING_HANDOVER)) return reject(`the dossier is not awaiting handover (stage ${stage})`);
      return repeat(`already handed over (stage ${stage})`);

    case 'handover-delivered':
      if (stage === S.HANDOVER_DISPATCHED) return advance(S.HANDOVER_DELIVERED);
      if (stage === S.AWAITING_HANDOVER) return hold('the batch has not been dispatched yet');
      if (closed || before(stage, S.AWAITING_HANDOVER)) return reject(`the dossier is not in a handover (stage ${stage})`);
      return repeat(`batch already delivered (stage ${stage})`);

    case 'handover-archived':
      if (stage === S.HANDOVER_DELIVERED) return advance(S.ARCHIVED);
      if (stage === S.AWAITING_HANDOVER || stage === S.HANDOVER_DISPATCHED) return hold('the batch has not been delivered yet');
      if (closed || before(stage, S.AWAITING_HANDOVER)) return reject(`the dossier is not in a handover (stage ${stage})`);
      return repeat('already archived');
  }
}

/** Exposed for the table's tests: whether stage a is at or after stage b. */
export const lifecycleOrder = { atOrAfter, before };
