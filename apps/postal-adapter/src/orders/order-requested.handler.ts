import { Injectable, Logger } from '@nestjs/common';
import type { MessageBody } from '@lienthong/contracts';
import { type BusContext, OnMessage, vietnamTimestamp } from '@lienthong/messaging';
import { PostalPort } from '../postal/postal.port';
import { fromOperatorTime } from '../tracking/vietnam-time';
import { type PostalOrderRecord, PostalOrderRepository } from './postal-order.repository';

type OrderRequested = MessageBody<'postal.order-requested'>;
type OrderCreated = MessageBody<'postal.order-created'>;

/**
 * `postal.order-requested`: places the order with the operator and announces `postal.order-created`.
 * Safe to run twice and on redelivery: an order already recorded is announced again without calling the
 * operator, and the operator itself answers a repeated `orderNumber` with the existing order (409).
 */
@Injectable()
export class OrderRequestedHandler {
  private readonly logger = new Logger('OrderRequestedHandler');

  constructor(
    private readonly postal: PostalPort,
    private readonly orders: PostalOrderRepository,
  ) {}

  @OnMessage('postal.order-requested')
  async handle(body: OrderRequested, ctx: BusContext): Promise<void> {
    const known = await this.orders.find(ctx.tx, body.orderNumber);
    if (known) {
      this.logger.log(`order ${body.orderNumber} was already placed (${known.trackingCode}); announcing it again`);
      await this.announce(ctx, known, vietnamTimestamp(new Date(known.createdAt)));
      return;
    }
    const { existed, order } = await this.postal.createOrder({
      orderNumber: body.orderNumber,
      serviceCode: body.serviceCode,
      sender: body.sender,
      receiver: body.receiver,
      parcel: body.parcel,
      ...(body.codAmount !== undefined ? { codAmount: body.codAmount } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
    const record: PostalOrderRecord = {
      orderNumber: body.orderNumber,
      trackingCode: order.trackingCode,
      purpose: body.purpose,
      dossierCode: body.dossierCode ?? null,
      batchId: body.batchId ?? null,
      serviceCode: body.serviceCode,
      statusCode: order.status,
      statusName: null,
      occurredAt: null,
      occurredAtMs: null,
      lastNewsAt: Date.now(),
      createdAt: Date.now(),
    };
    await this.orders.insert(ctx.tx, record);
    this.logger.log(`order ${body.orderNumber} ${existed ? 'already existed at the operator' : 'created'}: ${order.trackingCode}, status ${order.status}`);
    await this.announce(ctx, { ...record, statusCode: order.status }, fromOperatorTime(order.createdAt)?.iso ?? vietnamTimestamp(new Date()), order.totalFee);
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
