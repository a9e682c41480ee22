import { createHash } from 'node:crypto';
import { maskText } from '../privacy/personal-data';

/**
 * What the append-only audit trail keeps of a message body: its SHA-256 and size, and after an edit the paths of
 * the fields that changed; never a value, since bodies carry citizens' personal data and the trail cannot be
 * erased. The bodies themselves go to `audit_bodies`, which can be (see AuditLog).
 */
export interface BodyRecord {
  readonly sha256: string;
  readonly bytes: number;
  /** Fields an edit changed (`applicant.phone`, `documents[1].file.url`); `body` when either side is not JSON. */
  readonly changed?: readonly string[];
}

/** Most changed fields listed; past that, the list ends with `…`. */
const MAX_FIELDS = 50;

export function sha256Of(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The record of a body; with `editedFrom`, also which fields differ from that earlier body. */
export function bodyRecord(body: string, editedFrom?: string): BodyRecord {
  return {
    sha256: sha256Of(body),
    bytes: Buffer.byteLength(body, 'utf8'),
    ...(editedFrom === undefined ? {} : { changed: changedFields(editedFrom, body) }),
  };
}

/** Paths of the leaves that differ between two JSON texts (field names only; a name that looks like personal data is masked). */
export function changedFields(before: string, after: string): string[] {
  let a: unknown;
  let b: unknown;
  try {
    a = JSON.parse(before);
    b = JSON.parse(after);
  } catch {
    return before === after ? [] : ['body'];
  }
  const out: string[] = [];
  walk(a, b, '', out);
  return out.length > MAX_FIELDS ? [...out.slice(0, MAX_FIELDS), '…'] : out;
}

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length > MAX_FIELDS) return;
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
      walk(a[key], b[key], path ? `${path}.${maskText(key).slice(0, 100)}` : maskText(key).slice(0, 100), out);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(path || 'body');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
