import { Injectable, Logger } from '@nestjs/common';
import type { MessageBody } from '@lienthong/contracts';
import { type BusContext, OnMessage, vietnamTimestamp } from '@lienthong/messaging';
import { PostalPort, type PostalOrderRequest } from '../postal/postal.port';
import { TrackingRecorder } from '../tracking/tracking.recorder';
import { fromOperatorTime } from '../tracking/vietnam-time';
import { OrderNumberTaken, orderDifferences } from './existing-order.check';
import { type PostalOrderRecord, PostalOrderRepository } from './postal-order.repository';

type OrderRequested = MessageBody<'postal.order-requested'>;
type OrderCreated = MessageBody<'postal.order-created'>;

/**
 * `postal.order-requested`: places the order with the operator and announces `postal.order-created`.
 * Safe to run twice and on redelivery: an order already recorded is announced again without calling the
 * operator, and the operator itself answers a repeated `orderNumber` with the existing order (409).
 * Such an order is adopted only if it is the one meant (`orderDifferences`), else the request is dead-lettered
 * (POSTAL.ORDER_NUMBER_TAKEN); an adopted order's history so far is applied at once, as a poll would.
 */
@Injectable()
export class OrderRequestedHandler {
  private readonly logger = new Logger('OrderRequestedHandler');

  constructor(
    private readonly postal: PostalPort,
    private readonly orders: PostalOrderRepository,
    private readonly recorder: TrackingRecorder,
  ) {}

  @OnMessage('postal.order-requested')
  async handle(body: OrderRequested, ctx: BusContext): Promise<void> {
    const known = await this.orders.find(ctx.tx, body.orderNumber);
    if (known) {
      this.logger.log(`order ${body.orderNumber} was already placed (${known.trackingCode}); announcing it again`);
      await this.announce(ctx, known, vietnamTimestamp(new Date(known.createdAt)));
      return;
    }
    const request: PostalOrderRequest = {
      orderNumber: body.orderNumber,
      serviceCode: body.serviceCode,
      sender: body.sender,
      receiver: body.receiver,
      parcel: body.parcel,
      ...(body.codAmount !== undefined ? { codAmount: body.codAmount } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
    };
    const { existed, order, existing } = await this.postal.createOrder(request);
    if (existed) {
      const differences = orderDifferences(request, existing?.details ?? {});
      if (differences.length > 0) throw new OrderNumberTaken(body.orderNumber, order.trackingCode, order.status, differences);
    }
    const record: PostalOrderRecord = {
      orderNumber: body.orderNumber,
      trackingCode: order.trackingCode,
      purpose: body.purpose,
      dossierCode: body.dossierCode ?? null,
      batchId: body.batchId ?? null,
      serviceCode: body.serviceCode,
      // An adopted order starts with no status applied, so that its history below moves it (and the dossier or batch) on.
      statusCode: existed ? null : order.status,
      statusName: null,
      occurredAt: null,
      occurredAtMs: null,
      lastNewsAt: Date.now(),
      createdAt: Date.now(),
    };
    await this.orders.insert(ctx.tx, record);
    this.logger.log(
      `order ${body.orderNumber} ${existed ? 'already existed at the operator' : 'created'}: ${order.trackingCode}, status ${order.status}`,
    );
    await this.announce(
      ctx,
      { ...record, statusCode: order.status },
      fromOperatorTime(order.createdAt)?.iso ?? vietnamTimestamp(new Date()),
      order.totalFee,
    );
    if (existed) {
      // After the announcement, in the same transaction: the orchestrator learns of the order before its progress.
      const history = existing?.history ?? (await this.postal.getOrder(body.orderNumber))?.history ?? [];
      const applied = await this.recorder.recordHistory(
        ctx.tx,
        { orderNumber: body.orderNumber, trackingCode: order.trackingCode },
        history,
      );
      this.logger.log(`order ${body.orderNumber} adopted at status ${order.status}: ${applied} status(es) of its history applied`);
    }
  }

  private async announce(ctx: BusContext, order: PostalOrderRecord, createdAt: string, totalFee?: number): Promise<void> {
    const body = {
      orderNumber: order.orderNumber,
      purpose: order.purpose,
      ...(order.dossierCode ? { dossierCode: order.dossierCode } : {}),
      ...(order.batchId ? { batchId: order.batchId } : {}),
      trackingCode: order.trackingCode,
      status: order.statusCode ?? 1,
      ...(totalFee !== undefined ? { totalFee } : {}),
      createdAt,
    } as OrderCreated;
    await ctx.publish('postal.order-created', body, { correlationId: order.dossierCode ?? order.batchId ?? undefined });
  }
}
