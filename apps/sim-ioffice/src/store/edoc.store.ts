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
 */
export class EdocStore {
  private readonly docs = new Map<string, StoredEdoc>();
  private readonly nextId = monotonicFactory();

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
    return doc;
  }

  get(docId: string): StoredEdoc | undefined {
    return this.docs.get(docId);
  }

  /** Packages sent by an organ since a moment (inclusive), oldest first. */
  sentBy(fromOrganId: string, since: Date): StoredEdoc[] {
    return this.all().filter((d) => d.fromOrganId === fromOrganId && d.at.getTime() >= since.getTime());
  }

  /** Unacknowledged packages for an organ, oldest first, at most `max`. */
  pendingFor(organId: string, max = Number.POSITIVE_INFINITY): StoredEdoc[] {
    return this.all()
      .filter((d) => d.toOrganId === organId && d.ack === undefined)
      .slice(0, max);
  }

  /** Records the acknowledgement; returns false for an unknown docId. Acknowledging twice keeps the first. */
  acknowledge(docId: string, status: AckStatus, note: string | undefined, at: Date): boolean {
    const doc = this.docs.get(docId);
    if (!doc) return false;
    doc.ack ??= { status, note, at };
    return true;
  }

  /** Puts an acknowledged package back into its recipient's received list (same docId). */
  redeliver(docId: string): void {
    const doc = this.docs.get(docId);
    if (!doc || doc.ack === undefined) return;
    doc.ack = undefined;
    doc.redeliveries += 1;
  }

  /** Every package, in the order iOffice accepted them. */
  all(): StoredEdoc[] {
    // Map iteration follows insertion, and docIds are inserted in acceptance order.
    return [...this.docs.values()];
  }

  clear(): void {
    this.docs.clear();
  }
}

/** A package's summary (no bytes), safe to serialize. */
export function summarize(doc: StoredEdoc): EdocSummary {
  const { edxml, ...rest } = doc;
  return { ...rest, bytes: edxml.length };
}
