import type { FieldProblem } from '@lienthong/contracts';
import { readTrackingFields } from '../tracking/tracking-fields';
import type { TrackingEvent } from '../tracking/tracking.recorder';

export type CallbackCheck = { readonly ok: true; readonly event: TrackingEvent } | { readonly ok: false; readonly errors: FieldProblem[] };

/**
 * Reads an authenticated callback: its `X-Postal-Transaction` and JSON body. Every problem is reported, each
 * with the field name the operator used, so one 400 tells them all that is wrong.
 */
export function readCallback(rawBody: Buffer, transaction: string | undefined): CallbackCheck {
  const errors: FieldProblem[] = [];
  if (!transaction) errors.push({ field: 'X-Postal-Transaction', problem: 'is required' });
  else if (transaction.length > 200) errors.push({ field: 'X-Postal-Transaction', problem: 'must be at most 200 characters' });
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    errors.push({ field: 'body', problem: 'is not valid JSON' });
    return { ok: false, errors };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    errors.push({ field: 'body', problem: 'must be a JSON object' });
    return { ok: false, errors };
  }
  const fields = readTrackingFields(body as Record<string, unknown>);
  if (!fields.ok) errors.push(...fields.errors);
  if (!fields.ok || !transaction || errors.length > 0) return { ok: false, errors };
  return { ok: true, event: { ...fields.value, transaction, source: 'webhook' } };
}
