import { randomBytes } from 'node:crypto';
import { identifierPart } from '@lienthong/contracts';
import { vietnamTimestamp } from '@lienthong/messaging';

/** Crockford's base32: no I, L, O or U, so a fragment read aloud over the phone is not misheard. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random characters at the end of a batch id (30 bits). */
export const BATCH_RANDOM_CHARS = 6;

/** Longest department part of a batch id, so that `LT-<batchId>-R<n>` stays within IDENTIFIER's 100 characters. */
export const BATCH_DEPARTMENT_CHARS = 40;

/**
 * The id of a new archive batch: `<department>-<yyMMdd>-<HHmmss>-<random>`, e.g. `SKHDT-261128-163005-7K3QF9`.
 *
 * It must never repeat, not even across installations: a new or restored store, or a staging system on the same
 * postal account, must not reuse an id (and so an order number `LT-<batchId>`) the postal operator already has.
 * So it is made of the moment it was opened (local time in Vietnam, so ids sort by time and people can read
 * the date) and random characters, not of a per-store counter. The department part is its abbreviation folded to
 * ASCII (`SKHĐT` → `SKHDT`, `SNN&PTNT` → `SNN-PTNT`), or its agency code when the abbreviation leaves nothing.
 *
 * Pure: the same inputs give the same id. `entropy` needs at least BATCH_RANDOM_CHARS bytes.
 * The result always matches IDENTIFIER, and so does `LT-<id>-R<n>` for any safe-integer resend number.
 */
export function batchIdFor(
  department: { readonly abbreviation: string; readonly agencyCode: string },
  atMs: number,
  entropy: Uint8Array,
): string {
  if (entropy.length < BATCH_RANDOM_CHARS)
    throw new RangeError(`a batch id needs ${BATCH_RANDOM_CHARS} random bytes, got ${entropy.length}`);
  const part = departmentPart(department.abbreviation) || departmentPart(department.agencyCode) || 'LT';
  const local = vietnamTimestamp(new Date(atMs)); // 2026-11-28T16:30:05.123+07:00
  const day = local.slice(2, 10).replace(/-/g, '');
  const time = local.slice(11, 19).replace(/:/g, '');
  let random = '';
  for (let i = 0; i < BATCH_RANDOM_CHARS; i++) random += CROCKFORD[entropy[i] & 31];
  return `${part}-${day}-${time}-${random}`;
}

/** A fresh batch id for a department, opened now. */
export function newBatchId(department: { readonly abbreviation: string; readonly agencyCode: string }, now = Date.now()): string {
  return batchIdFor(department, now, randomBytes(BATCH_RANDOM_CHARS));
}

/** The postal order number of a batch: `LT-<batchId>`, and `LT-<batchId>-R<n>` for its n-th resend after a return. */
export function batchOrderNumber(batchId: string, resend = 0): string {
  return resend > 0 ? `LT-${batchId}-R${resend}` : `LT-${batchId}`;
}

/** Which resend an order number of this batch is (0 for the first order); undefined when it is not one of the batch's. */
export function resendOf(batchId: string, orderNumber: string): number | undefined {
  const base = batchOrderNumber(batchId);
  if (orderNumber === base) return 0;
  // Parsed after the batch's own prefix: the random end of a batch id may itself look like `-R12`.
  const match = /^-R(\d+)$/.exec(orderNumber.startsWith(base) ? orderNumber.slice(base.length) : '');
  return match ? Number(match[1]) : undefined;
}

function departmentPart(text: string): string {
  return identifierPart(text).slice(0, BATCH_DEPARTMENT_CHARS).replace(/-+$/, '');
}
