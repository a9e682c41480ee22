import { Injectable } from '@nestjs/common';
import type { MessageBody } from '@lienthong/contracts';
import { type BusContext, ContractViolation, PermanentFailure, TransientFailure, vietnamTimestamp } from '@lienthong/messaging';
import { ArchiveBatches, type Batch } from '../archive/archive.batches';
import { DossierRepository } from '../dossiers/dossier.repository';
import { ROUTES, type RoutedType } from '../handlers/routes';
import { DmsTrust } from '../trust/dms-trust';
import { HeldEvents } from './held.events';
import type { LifecycleEventKind } from './lifecycle-event';
import { type DossierEvent, LifecycleService } from './lifecycle.service';
import type { RoutedEvent } from './routed-event';
import { type UnitOfWork, fromContext } from './unit-of-work';

/**
 * Drives lifecycles from messages: routes each one (ROUTES), applies it to its dossier or archive batch, holds
 * out-of-order events, retries held ones after every transition, and turns an impossible event into a rejection
 * (the producer's mistake) or a dead letter (ours, for bus-internal messages).
 */
@Injectable()
export class DossierFlow {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly holds: HeldEvents,
    private readonly batches: ArchiveBatches,
    private readonly dossiers: DossierRepository,
    private readonly dms: DmsTrust,
  ) {}

  async handle<T extends RoutedType>(ctx: BusContext, type: T, body: MessageBody<T>): Promise<void> {
    const uow = fromContext(ctx);
    if (type === 'dms.decision-received' || type === 'dms.status-received')
      await this.dms.check(uow.tx, type, body as MessageBody<'dms.decision-received' | 'dms.status-received'>);
    const routed: RoutedEvent = ROUTES[type](body);
    const internal = !type.startsWith('onestop.');
    if (routed.kind === 'note') {
      if (routed.dossierCode)
        await this.dossiers.recordIfKnown(uow.tx, {
          dossierCode: routed.dossierCode,
          messageId: ctx.message.messageId,
          messageType: type,
          fromStage: null,
          toStage: null,
          note: routed.note,
        });
      return;
    }
    if (routed.kind === 'batch') return this.batch(uow, routed);
    const producer = ctx.message.appId ?? (internal ? 'lienthong' : 'onestop');
    await this.dossier(uow, routed.event, internal, { messageId: ctx.message.messageId, type, producer, body });
  }

  /** Applies one event to one dossier, then whatever it unblocked. */
  async dossier(
    uow: UnitOfWork,
    event: DossierEvent,
    internal: boolean,
    message?: { messageId: string; type: RoutedType; producer: string; body: unknown },
  ): Promise<void> {
    const outcome = await this.lifecycle.apply(uow, event, internal);
    switch (outcome.kind) {
      case 'advanced':
        return this.holds.retry(uow, event.dossierCode);
      case 'held':
        if (!message)
          throw new TransientFailure('BUS.OUT_OF_ORDER', `${event.event.kind} for ${event.dossierCode} is early: ${outcome.note}`);
        return this.holds.hold(uow, message, event.dossierCode, outcome.note);
      case 'rejected':
        if (internal)
          throw new PermanentFailure('BUS.INVALID_TRANSITION', `${event.event.kind} for ${event.dossierCode}: ${outcome.problem}`);
        throw new ContractViolation([{ field: outcome.field, problem: outcome.problem }], 'CONTRACT.INVALID_TRANSITION');
      case 'repeat':
        return;
    }
  }

  /** Progress of an archive-handover batch: dispatched, delivered by post, acknowledged by the clerk (03). */
  private async batch(uow: UnitOfWork, routed: Extract<RoutedEvent, { kind: 'batch' }>): Promise<void> {
    const batch = await this.batches.get(uow.tx, routed.batchId);
    if (!batch) throw new PermanentFailure('BUS.UNKNOWN_BATCH', `archive batch ${routed.batchId} is not known to the orchestrator`);
    const codes = await this.batches.dossierCodes(uow.tx, batch.batchId);
    const announce = (
      state: 'dispatched' | 'delivered' | 'acknowledged',
      trackingCode = batch.trackingCode ?? undefined,
    ): Promise<string> =>
      uow.publish(
        'archive.handover-updated',
        {
          batchId: batch.batchId,
          agencyCode: batch.agencyCode,
          dossierCodes: codes,
          state,
          occurredAt: vietnamTimestamp(new Date()),
          ...(trackingCode ? { trackingCode } : {}),
        },
        batch.batchId,
      );
    const each = async (kind: LifecycleEventKind): Promise<void> => {
      for (const dossierCode of codes)
        await this.dossier(
          uow,
          {
            dossierCode,
            event: { kind } as DossierEvent['event'],
            actor: { fullName: kind === 'handover-archived' ? 'Văn thư' : 'Bưu điện' },
          },
          true,
        );
    };
    const archive = async (current: Batch): Promise<void> => {
      await each('handover-archived');
      await this.batches.update(uow.tx, current.batchId, { state: 'archived' });
    };
    switch (routed.change) {
      case 'dispatched':
        if (batch.state !== 'dispatching') return;
        await this.batches.update(uow.tx, batch.batchId, {
          state: 'dispatched',
          ...(routed.trackingCode ? { trackingCode: routed.trackingCode } : {}),
        });
        await announce('dispatched', routed.trackingCode);
        return each('handover-dispatched');
      case 'delivered': {
        if (batch.delivered) return;
        if (batch.state === 'open' || batch.state === 'closed' || batch.state === 'dispatching')
          throw new TransientFailure('BUS.OUT_OF_ORDER', `batch ${batch.batchId} delivered before its order was confirmed`);
        const updated = (await this.batches.update(uow.tx, batch.batchId, { delivered: true, state: 'delivered' }))!;
        await announce('delivered');
        await each('handover-delivered');
        return updated.acknowledged ? archive(updated) : undefined;
      }
      case 'returned':
        await this.batches.returned(uow, batch.batchId);
        return;
      case 'acknowledged': {
        if (batch.acknowledged) return;
        const updated = (await this.batches.update(uow.tx, batch.batchId, { acknowledged: true }))!;
        await announce('acknowledged');
        return updated.delivered ? archive(updated) : undefined;
      }
    }
  }
}
