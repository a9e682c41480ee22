import { DMS_PURPOSES, type DmsPurpose } from '@lienthong/contracts';
import { edxmlDate } from './vietnam-time';

/** The parts of a DocumentId the bus writes: `<fromOrganId>,<yyyy/MM/dd>,<dossierCode|batchId>/<purpose>`. */
export interface DocumentIdParts {
  readonly fromOrganId: string;
  /** `yyyy/MM/dd`, Vietnam time. */
  readonly date: string;
  /** The dossier code, or the batch id for `handover-manifest`. */
  readonly reference: string;
  readonly purpose: DmsPurpose;
}

/**
 * The DocumentId of a bus package. `requestedAt` (when the orchestrator asked) fixes the date, so the
 * same command always yields the same DocumentId and a resend is recognizable.
 */
export function formatDocumentId(fromOrganId: string, requestedAt: Date, reference: string, purpose: DmsPurpose): string {
  return `${fromOrganId},${edxmlDate(requestedAt)},${reference}/${purpose}`;
}

const DOCUMENT_ID = new RegExp(`^([^,]+),(\\d{4}/\\d{2}/\\d{2}),([^,/]+)/(${DMS_PURPOSES.join('|')})$`);

/** Reads a DocumentId written by `formatDocumentId`; undefined for any other shape (e.g. a department's own). */
export function parseDocumentId(documentId: string): DocumentIdParts | undefined {
  const m = DOCUMENT_ID.exec(documentId.trim());
  return m ? { fromOrganId: m[1], date: m[2], reference: m[3], purpose: m[4] as DmsPurpose } : undefined;
}
