import type { MessageBody } from '@lienthong/contracts';
import { PermanentFailure } from '@lienthong/messaging';
import type { RoutedEvent } from '../lifecycle/routed-event';

/** The message types the orchestrator drives lifecycles with (reception has its own handler: it creates dossiers). */
export type RoutedType =
  | 'onestop.dossier.appraised'
  | 'onestop.decision.approved-at-center'
  | 'onestop.decision.issued'
  | 'onestop.dossier.result-returned'
  | 'onestop.dossier.withdrawn'
  | 'dms.package-sent'
  | 'dms.status-received'
  | 'dms.decision-received'
  | 'postal.order-created'
  | 'postal.tracking-received';

type Route<T extends RoutedType> = (body: MessageBody<T>) => RoutedEvent;

const dossier = (event: Extract<RoutedEvent, { kind: 'dossier' }>['event']): RoutedEvent => ({ kind: 'dossier', event });

/**
 * One exhaustive map: what each message means for a dossier or a batch. Used by the handlers and again for held
 * events, so a held message means exactly what it meant when it arrived.
 */
export const ROUTES: { readonly [T in RoutedType]: Route<T> } = {
  'onestop.dossier.appraised': (b) =>
    dossier({
      dossierCode: b.dossierCode,
      event: { kind: 'appraised', outcome: b.outcome },
      actor: { fullName: b.appraiser.fullName, ...(b.appraiser.position ? { position: b.appraiser.position } : {}) },
      ...(b.draftDecision ? { facts: { draftDecision: b.draftDecision } } : {}),
    }),
  'onestop.decision.approved-at-center': (b) =>
    dossier({
      dossierCode: b.dossierCode,
      event: { kind: 'approved-at-center' },
      actor: { fullName: b.approver.fullName, position: b.approver.position },
      facts: { paperDecision: b.decision },
    }),
  'onestop.decision.issued': (b) =>
    dossier({
      dossierCode: b.dossierCode,
      event: { kind: 'issued' },
      actor: { fullName: b.issuedBy.fullName },
      facts: { documentNumber: b.documentNumber },
    }),
  'onestop.dossier.result-returned': (b) => dossier({ dossierCode: b.dossierCode, event: { kind: 'result-returned' } }),
  'onestop.dossier.withdrawn': (b) => dossier({ dossierCode: b.dossierCode, event: { kind: 'withdrawn' } }),
  'dms.package-sent': (b) => ({
    kind: 'note',
    dossierCode: b.dossierCode,
    note: `${b.purpose} package ${b.documentId} accepted by the DMS as ${b.docId}`,
  }),
  'dms.status-received': (b) => {
    const declined = b.statusCode === '02' && (b.purpose === 'sign' || b.purpose === 'number');
    if (declined && b.dossierCode) {
      return dossier({
        dossierCode: b.dossierCode,
        event: { kind: 'signing-declined', purpose: b.purpose as 'sign' | 'number' },
        ...(b.staff?.fullName
          ? { actor: { fullName: b.staff.fullName, ...(b.staff.position ? { position: b.staff.position } : {}) } }
          : {}),
        facts: { decline: { reason: b.description || 'Lãnh đạo hoặc văn thư từ chối văn bản', statusCode: b.statusCode } },
      });
    }
    if (b.purpose === 'handover-manifest' && b.statusCode === '03' && b.batchId)
      return { kind: 'batch', batchId: b.batchId, change: 'acknowledged' };
    return {
      kind: 'note',
      dossierCode: b.dossierCode,
      note: `DMS status ${b.statusCode} for the ${b.purpose} package${b.description ? `: ${b.description}` : ''}`,
    };
  },
  'dms.decision-received': (b) => {
    if (!b.decision.signature.verified) {
      // Never forwarded as valid, and not left as a quiet note either: a dead letter is what operators watch.
      // The dossier stays where it is until a decision that verifies comes back.
      throw new PermanentFailure(
        'DMS.SIGNATURE_NOT_VERIFIED',
        `numbered decision ${b.decision.documentNumber} for ${b.dossierCode ?? b.documentId} not accepted: its signature did not verify (${b.verificationFailure ?? 'no reason given'}); ask the department to sign it again`,
      );
    }
    return dossier({
      dossierCode: b.dossierCode!,
      event: { kind: 'decision-numbered', purpose: b.purpose === 'number' ? 'number' : 'sign' },
      actor: { fullName: b.decision.signer.fullName, position: b.decision.signer.position },
      facts: { numberedDecision: b.decision },
    });
  },
  'postal.order-created': (b) => {
    if (b.purpose === 'archive-handover') return { kind: 'batch', batchId: b.batchId!, change: 'dispatched', trackingCode: b.trackingCode };
    return dossier({
      dossierCode: b.dossierCode!,
      event: { kind: 'delivery-ordered' },
      facts: { delivery: { orderNumber: b.orderNumber, trackingCode: b.trackingCode } },
    });
  },
  'postal.tracking-received': (b) => {
    const delivered = b.statusCode === 14 || b.statusCode === 19;
    if (b.purpose === 'archive-handover' && b.batchId) {
      if (delivered) return { kind: 'batch', batchId: b.batchId, change: 'delivered' };
      if (b.statusCode === 20) return { kind: 'batch', batchId: b.batchId, change: 'returned' };
      return { kind: 'note', note: `batch ${b.batchId}: ${b.statusName}` };
    }
    if (delivered) return dossier({ dossierCode: b.dossierCode!, event: { kind: 'delivered' }, actor: { fullName: 'Bưu điện' } });
    if (b.statusCode === 20)
      return dossier({ dossierCode: b.dossierCode!, event: { kind: 'delivery-failed' }, actor: { fullName: 'Bưu điện' } });
    return {
      kind: 'note',
      dossierCode: b.dossierCode,
      note: `postal ${b.statusCode} ${b.statusName}${b.location ? ` at ${b.location}` : ''}`,
    };
  },
};
