import { BodyError, Reply, isJsonContent, parseJsonBody, reply } from '../http/http.kit';
import { FieldProblem, isRecord } from '../shared/field-problem';
import { OrderStore } from './order.store';
import { validateCreateOrder } from './order.validator';

const notFound = (orderNumber: string): Reply =>
  reply(404, { code: 'ORDER_NOT_FOUND', message: `no order with orderNumber "${orderNumber}"` });

/** A JSON body or the reply refusing it (415 for another media type, 400 for malformed JSON). */
function jsonBody(rawBody: string, contentType: string | undefined): { body: unknown } | { refused: Reply } {
  if (contentType !== undefined && !isJsonContent(contentType) && rawBody.trim() !== '') {
    return { refused: reply(415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the order as application/json' }) };
  }
  try {
    return { body: parseJsonBody(rawBody) };
  } catch (error) {
    if (error instanceof BodyError) return { refused: error.reply };
    throw error;
  }
}

/**
 * `POST /v1/orders`: 201 on creation, 409 ORDER_EXISTS with the stored order on a repeated orderNumber,
 * 400 VALIDATION for invalid fields or an order `refuse` names a reason for (nothing is created then).
 */
export function handleCreateOrder(
  rawBody: string,
  contentType: string | undefined,
  orders: OrderStore,
  refuse: (orderNumber: string) => FieldProblem | undefined = () => undefined,
): Reply {
  const parsed = jsonBody(rawBody, contentType);
  if ('refused' in parsed) return parsed.refused;
  const checked = validateCreateOrder(parsed.body);
  if (!checked.ok) {
    return reply(400, { code: 'VALIDATION', message: 'the order has invalid fields', errors: checked.errors });
  }
  const refusal = refuse(checked.value.orderNumber);
  if (refusal && !orders.find(checked.value.orderNumber)) {
    return reply(400, { code: 'VALIDATION', message: 'the operator refuses this order', errors: [refusal] });
  }
  const { created, order } = orders.create(checked.value);
  if (!created) {
    return reply(409, { code: 'ORDER_EXISTS', message: `order "${order.orderNumber}" already exists`, order });
  }
  return reply(201, { orderNumber: order.orderNumber, trackingCode: order.trackingCode, status: order.status, totalFee: order.totalFee });
}

/** `GET /v1/orders/{orderNumber}`. */
export function handleGetOrder(orderNumber: string, orders: OrderStore): Reply {
  const order = orders.find(orderNumber);
  return order ? reply(200, order) : notFound(orderNumber);
}

/** `POST /v1/orders/{orderNumber}/cancel`, optional body `{ reason }`: allowed while the status is 1, 2 or 4. */
export function handleCancelOrder(orderNumber: string, rawBody: string, contentType: string | undefined, orders: OrderStore): Reply {
  const parsed = jsonBody(rawBody, contentType);
  if ('refused' in parsed) return parsed.refused;
  const reason = isRecord(parsed.body) && typeof parsed.body.reason === 'string' ? parsed.body.reason : undefined;
  const result = orders.cancel(orderNumber, reason);
  switch (result.outcome) {
    case 'not-found':
      return notFound(orderNumber);
    case 'not-cancellable':
      return reply(409, {
        code: 'NOT_CANCELLABLE',
        message: `order "${orderNumber}" is at status ${result.order.status} (${result.order.statusName}); only 1, 2 and 4 can be cancelled`,
        status: result.order.status,
      });
    case 'cancelled':
      return reply(200, result.order);
  }
}
