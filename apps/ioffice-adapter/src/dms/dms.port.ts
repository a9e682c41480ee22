/** A package handed to a DMS. */
export interface DmsOutgoingPackage {
  readonly fromOrganId: string;
  readonly toOrganId: string;
  readonly messageType: 'edoc' | 'status';
  /** The package's DocumentId (for logs and for finding it again in `sentSince`). */
  readonly documentId: string;
  readonly edxml: Buffer;
}

/** The DMS accepted a package. */
export interface DmsReceipt {
  readonly docId: string;
  readonly receivedAt: Date;
}

/** A package the DMS holds as sent by an organ. */
export interface DmsSentPackage {
  readonly docId: string;
  readonly documentId: string;
  readonly toOrganId: string;
  readonly sentAt: Date;
}

/** A package waiting for an organ, not yet acknowledged. */
export interface DmsReceivedPackage {
  readonly docId: string;
  readonly fromOrganId: string;
  readonly messageType: 'edoc' | 'status';
  readonly receivedAt: Date;
}

/** Whether the DMS can be called now, and what an operator should see. */
export interface DmsHealth {
  readonly available: boolean;
  readonly details: Record<string, unknown>;
}

/**
 * A department document-management system, as the bus needs it (ioffice-soap.md). The abstract class is
 * the DI token; adapters are named after their technology (`IOfficeSoapAdapter`). Errors are
 * `TransientFailure` (retry later) or `PermanentFailure`, with stable codes.
 */
export abstract class DmsPort {
  /** Hands a package over. Not idempotent: a caller that lost the answer checks `sentSince` first. */
  abstract send(pkg: DmsOutgoingPackage): Promise<DmsReceipt>;
  /** Packages `fromOrganId` sent since `since` (inclusive), oldest first. */
  abstract sentSince(fromOrganId: string, since: Date): Promise<DmsSentPackage[]>;
  /** Packages waiting for `organId`, oldest first, at most `maxItems`. */
  abstract receivedList(organId: string, maxItems: number): Promise<DmsReceivedPackage[]>;
  /** The bytes of one package. */
  abstract fetch(docId: string): Promise<Buffer>;
  /** Acknowledges a received package; either status removes it from the received list. */
  abstract acknowledge(docId: string, status: 'done' | 'fail', note?: string): Promise<void>;
  abstract health(): DmsHealth;
}
