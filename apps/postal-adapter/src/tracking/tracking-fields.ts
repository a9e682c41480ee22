import { type FieldProblem, validateMessage } from '@lienthong/contracts';
import { type VietnamTime, fromOperatorTime } from './vietnam-time';

/** The fields of one operator tracking event (a webhook body or an entry of an order's history), checked. */
export interface TrackingFields {
  readonly orderNumber: string;
  readonly trackingCode: string;
  readonly statusCode: number;
  readonly statusName: string;
  readonly note?: string;
  readonly location?: string;
  readonly occurredAt: VietnamTime;
}

export type TrackingFieldsCheck =
  { readonly ok: true; readonly value: TrackingFields } | { readonly ok: false; readonly errors: FieldProblem[] };

const FIELDS = new Set(['orderNumber', 'trackingCode', 'statusCode', 'statusName', 'note', 'location']);

/**
 * Checks an operator event against the rules of the message it becomes (`postal.tracking-received`), so
 * that what the bus accepts it can always publish; problems name the operator's field names.
 */
export function readTrackingFields(input: Record<string, unknown>): TrackingFieldsCheck {
  const errors: FieldProblem[] = [];
  const occurredAt = fromOperatorTime(input.occurredAt);
  if (!occurredAt) {
    errors.push({
      field: 'occurredAt',
      problem: input.occurredAt === undefined ? 'is required' : 'must be dd/MM/yyyy HH:mm:ss (Vietnam time), a real date',
    });
  }
  const draft: Record<string, unknown> = {
    orderNumber: input.orderNumber,
    purpose: 'result-delivery', // placeholders for what the event does not carry: only its own fields are judged
    trackingCode: input.trackingCode,
    statusCode: input.statusCode,
    statusName: input.statusName,
    occurredAt: occurredAt?.iso ?? '2000-01-01T00:00:00+07:00',
    transaction: 'check',
    source: 'webhook',
  };
  if (input.note !== undefined && input.note !== null) draft.note = input.note;
  if (input.location !== undefined && input.location !== null) draft.location = input.location;
  for (const problem of validateMessage('postal.tracking-received', draft)) {
    if (FIELDS.has(problem.field.split('.')[0])) errors.push(problem);
  }
  if (errors.length > 0 || !occurredAt) return { ok: false, errors };
  return {
    ok: true,
    value: {
      orderNumber: draft.orderNumber as string,
      trackingCode: draft.trackingCode as string,
      statusCode: draft.statusCode as number,
      statusName: draft.statusName as string,
      ...(draft.note !== undefined ? { note: draft.note as string } : {}),
      ...(draft.location !== undefined ? { location: draft.location as string } : {}),
      occurredAt,
    },
  };
}
