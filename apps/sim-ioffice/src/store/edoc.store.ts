import { randomBytes } from 'crypto';
import { monotonicFactory } from 'ulid';

export type MessageType = 'edoc' | 'status';
export type AckStatus = 'done' | 'fail';

/** What the store keeps about one package besides its bytes (read from the package when it was stored). */
export interface EdocMeta {
  /** `DocumentId` of an edoc; for a status package, the `ResponseFor/DocumentId` it answers. */
  documentId: string;
  responseForDocumentId?: string;
  statusCode?: string;
  code?: { number: string; notation: string };
}

/** One package held by iOffice. */
export interface StoredEdoc extends EdocMeta {
  docId: string;
  fromOrganId: string;
  toOrganId: string;
  messageType: MessageType;
  edxml: Buffer;
  /** When iOffice accepted it (sentAt for the sender, receivedAt for the recipient). */
  at: Date;
  /** Set by UpdateStatus; the package is pending for its recipient while this is undefined. */
  ack?: { status: AckStatus; note?: string; at: Date };
  /** How many times it was put back in the received list after an acknowledgement (duplicate-delivery fault). */
  redeliveries: number;
}

/** A package without its bytes, for state views. */
export type EdocSummary = Omit<StoredEdoc, 'edxml'> & { bytes: number };

/**
 * In-memory package store of the simulated iOffice. Invariant: `pendingFor` lists, oldest first, exactly the
 * packages addressed to an organ that have no acknowledgement.
 *
 * Indexed per organ (pending packages per recipient, sent packages per sender in acceptance order), so that the
 * list operations cost what they return, not the size of the whole store: a long run holds hundreds of
 * thousands of packages and is polled many times a second.
 */
export class EdocStore {
  private readonly docs = new Map<string, StoredEdoc>();
  /** Per recipient: docIds without acknowledgement, oldest first (docIds sort in acceptance order). */
  private readonly pending = new Map<string, Set<string>>();
  /** Per sender: packages in acceptance order (ascending `at`). */
  private readonly sent = new Map<string, StoredEdoc[]>();
  private readonly nextId = monotonicFactory(pooledRandom());

  /** Stores a package and returns it with its new docId. */
  add(input: { fromOrganId: string; toOrganId: string; messageType: MessageType; edxml: Buffer; meta: EdocMeta; at: Date }): StoredEdoc {
    const doc: StoredEdoc = {
      docId: this.nextId(input.at.getTime()),
      fromOrganId: input.fromOrganId,
      toOrganId: input.toOrganId,
      messageType: input.messageType,
      edxml: input.edxml,
      at: input.at,
      redeliveries: 0,
      ...input.meta,
    };
    this.docs.set(doc.docId, doc);
    this.pendingSet(doc.toOrganId).add(doc.docId);
    const sent = this.sent.get(doc.fromOrganId) ?? [];
    this.sent.set(doc.fromOrganId, sent);
    // Acceptance times only go backwards if the clock does; keep the list sorted then too.
    let at = sent.length;
    while (at > 0 && sent[at - 1].at.getTime() > doc.at.getTime()) at--;
    sent.splice(at, 0, doc);
    return doc;
  }

  get(docId: string): StoredEdoc | undefined {
    return this.docs.get(docId);
  }

  /** Packages sent by an organ since a moment (inclusive), oldest first. */
  sentBy(fromOrganId: string, since: Date): StoredEdoc[] {
    const sent = this.sent.get(fromOrganId) ?? [];
    const from = since.getTime();
    let lo = 0;
    let hi = sent.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sent[mid].at.getTime() < from) lo = mid + 1;
      else hi = mid;
    }
    return sent.slice(lo);
  }

  /** Unacknowledged packages for an organ, oldest first, at most `max`. */
  pendingFor(organId: string, max = Number.POSITIVE_INFINITY): StoredEdoc[] {
    const result: StoredEdoc[] = [];
    for (const docId of this.pending.get(organId) ?? []) {
      if (result.length >= max) break;
      result.push(this.docs.get(docId)!);
    }
    return result;
  }

  /** Records the acknowledgement; returns false for an unknown docId. Acknowledging twice keeps the first. */
  acknowledge(docId: string, status: AckStatus, note: string | undefined, at: Date): boolean {
    const doc = this.docs.get(docId);
    if (!doc) return false;
    doc.ack ??= { status, note, at };
    this.pending.get(doc.toOrganId)?.delete(docId);
    return true;
  }

  /** Puts an acknowledged package back into its recipient's received list (same docId), in its place by age. */
  redeliver(docId: string): void {
    const doc = this.docs.get(docId);
    if (!doc || doc.ack === undefined) return;
    doc.ack = undefined;
    doc.redeliveries += 1;
    const ids = [...this.pendingSet(doc.toOrganId), docId].sort();
    this.pending.set(doc.toOrganId, new Set(ids));
  }

  /** Every package, in the order iOffice accepted them. */
  all(): StoredEdoc[] {
    // Map iteration follows insertion, and docIds are inserted in acceptance order.
    return [...this.docs.values()];
  }

  clear(): void {
    this.docs.clear();
    this.pending.clear();
    this.sent.clear();
  }

  private pendingSet(organId: string): Set<string> {
    let set = this.pending.get(organId);
    if (!set) this.pending.set(organId, (set = new Set()));
    return set;
  }
}

/** A package's summary (no bytes), safe to serialize. */
export function summarize(doc: StoredEdoc): EdocSummary {
  const { edxml, ...rest } = doc;
  return { ...rest, bytes: edxml.length };
}

/**
 * Uniform numbers in [0, 1) from a pool of random bytes refilled 4 KiB at a time: ulid's default source asks the
 * system for randomness once per character of every docId.
 */
function pooledRandom(): () => number {
  let pool = randomBytes(4096);
  let at = 0;
  return () => {
    if (at === pool.length) {
      pool = randomBytes(4096);
      at = 0;
    }
    return pool[at++] / 256;
  };
}
