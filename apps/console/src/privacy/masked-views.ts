import type { FieldProblem } from '@lienthong/contracts';
import type { DeadLetter, DeadLetterSummary } from '@lienthong/messaging';
import type { AuditEntry } from '../audit/audit.log';
import type { Role } from '../auth/roles';
import type { DossierTrace } from '../trace/dossier.trace';
import { maskBody, maskJson, maskText } from './personal-data';

/**
 * What each console answer that carries message bodies or traces looks like to a viewer: personal data masked
 * (personal-data.ts). Operators and admins, who fix and replay, see everything.
 */
export function seesPersonalData(role: Role): boolean {
  return role !== 'viewer';
}

const reasons = (list: readonly FieldProblem[]): FieldProblem[] =>
  list.map((r) => ({ field: maskText(r.field), problem: maskText(r.problem) }));

export function maskedSummary<T extends DeadLetterSummary>(letter: T): T {
  return { ...letter, reasons: reasons(letter.reasons) };
}

export function maskedLetter(letter: DeadLetter): DeadLetter & { bodyWithheld: boolean } {
  // The kept start of an oversized body is not JSON either: withheld like any other text.
  const { body, withheld } = letter.bodyTruncated
    ? { body: `(withheld from viewers: the first part of a ${letter.bodyBytes} byte body over MAX_MESSAGE_BYTES)`, withheld: true }
    : maskBody(letter.body, letter.bodyEncoding);
  return {
    ...maskedSummary(letter),
    body,
    bodyEncoding: 'utf8',
    bodyWithheld: withheld,
    properties: maskJson(letter.properties) as Record<string, unknown>,
  };
}

export function maskedAuditEntry(entry: AuditEntry): AuditEntry {
  const body = (text: string | null | undefined): string | null | undefined => (typeof text === 'string' ? maskBody(text).body : text);
  return {
    ...entry,
    detail: entry.detail === null ? null : maskText(entry.detail),
    beforeBody: body(entry.beforeBody),
    afterBody: body(entry.afterBody),
  };
}

export function maskedTrace(trace: DossierTrace): DossierTrace {
  return {
    ...trace,
    entries: trace.entries.map((e) => (e.note ? { ...e, note: maskText(e.note) } : e)),
    deadLetters: trace.deadLetters.map(maskedSummary),
  };
}
