import { Injectable } from '@nestjs/common';
import { type MessageBody, POSTAL_STATUS_BY_CODE, type PostalStatusCode } from '@lienthong/contracts';
import { type BusContext, OnMessage } from '@lienthong/messaging';
import { DossierFlow } from '../lifecycle/dossier.flow';

type Body<T extends Parameters<typeof OnMessage>[0]> = MessageBody<T>;

/**
 * The orchestrator's handlers after reception, one method per message type. What each message means is its
 * entry in ROUTES (routes.ts); these methods only hand it to the flow, so they stay one line each.
 */
@Injectable()
export class LifecycleHandlers {
  constructor(private readonly flow: DossierFlow) {}

  @OnMessage('onestop.dossier.appraised')
  appraised(body: Body<'onestop.dossier.appraised'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'onestop.dossier.appraised', body);
  }

  @OnMessage('onestop.decision.approved-at-center')
  approvedAtCenter(body: Body<'onestop.decision.approved-at-center'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'onestop.decision.approved-at-center', body);
  }

  @OnMessage('onestop.decision.issued')
  issued(body: Body<'onestop.decision.issued'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'onestop.decision.issued', body);
  }

  @OnMessage('onestop.dossier.result-returned')
  resultReturned(body: Body<'onestop.dossier.result-returned'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'onestop.dossier.result-returned', body);
  }

  @OnMessage('onestop.dossier.withdrawn')
  withdrawn(body: Body<'onestop.dossier.withdrawn'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'onestop.dossier.withdrawn', body);
  }

  @OnMessage('dms.package-sent')
  packageSent(body: Body<'dms.package-sent'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'dms.package-sent', body);
  }

  @OnMessage('dms.status-received')
  statusReceived(body: Body<'dms.status-received'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'dms.status-received', body);
  }

  @OnMessage('dms.decision-received')
  decisionReceived(body: Body<'dms.decision-received'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'dms.decision-received', body);
  }

  @OnMessage('postal.order-created')
  orderCreated(body: Body<'postal.order-created'>, ctx: BusContext): Promise<void> {
    return this.flow.handle(ctx, 'postal.order-created', body);
  }

  /** Every tracking event is also announced to subscribers as `postal.shipment-updated` (the postal adapter never moves a shipment backwards). */
  @OnMessage('postal.tracking-received')
  async trackingReceived(body: Body<'postal.tracking-received'>, ctx: BusContext): Promise<void> {
    await ctx.publish(
      'postal.shipment-updated',
      {
        ...(body.dossierCode ? { dossierCode: body.dossierCode } : {}),
        ...(body.batchId ? { batchId: body.batchId } : {}),
        purpose: body.purpose,
        orderNumber: body.orderNumber,
        trackingCode: body.trackingCode,
        status: POSTAL_STATUS_BY_CODE[body.statusCode as PostalStatusCode],
        statusCode: body.statusCode,
        occurredAt: body.occurredAt,
        ...(body.location ? { location: body.location } : {}),
      } as MessageBody<'postal.shipment-updated'>,
      { correlationId: body.dossierCode ?? body.batchId },
    );
    return this.flow.handle(ctx, 'postal.tracking-received', body);
  }
}
