import { DOSSIER_ATTACHMENT, Purpose, PURPOSES } from '../edxml/edxml.constants';
import { EdxmlError } from '../edxml/edxml.error';
import { EdxmlAttachment, ParsedEdxml } from '../edxml/edxml.parser';

/** What a bus package asks the department to do, read from its `dossier.json` and header. */
export interface DossierRequest {
  purpose: Purpose;
  /** dossierCode, or batchId for a handover manifest. */
  reference: string;
  documentId: string;
  dossier: Record<string, unknown>;
  /** The attachments other than dossier.json (the draft, the scanned decision, the manifest...). */
  documents: EdxmlAttachment[];
}

const DOCUMENT_ID = /^([^,]+),(\d{4}\/\d{2}\/\d{2}),(.+)\/([a-z-]+)$/;

/**
 * Reads and checks what the contract requires of every package the bus sends to a department:
 * a `dossier.json` with a known purpose, and `DocumentId = <fromOrganId>,<yyyy/MM/dd>,<code>/<purpose>`.
 */
export function readDossierRequest(parsed: ParsedEdxml): DossierRequest {
  const attachment = parsed.attachments.find((a) => a.name === DOSSIER_ATTACHMENT);
  const where = `AttachmentEncoded/Attachment[${DOSSIER_ATTACHMENT}]`;
  if (!attachment) throw new EdxmlError(where, 'is missing: every package the bus sends carries dossier.json');
  let dossier: Record<string, unknown>;
  try {
    dossier = JSON.parse(attachment.content.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new EdxmlError(where, 'is not valid JSON');
  }
  if (typeof dossier !== 'object' || dossier === null || Array.isArray(dossier)) throw new EdxmlError(where, 'must be a JSON object');
  const purpose = dossier.purpose;
  if (!(PURPOSES as readonly unknown[]).includes(purpose)) {
    throw new EdxmlError(`${where}/purpose`, `must be one of ${PURPOSES.join(', ')} (got ${JSON.stringify(purpose)})`);
  }
  const referenceField = purpose === 'handover-manifest' ? 'batchId' : 'dossierCode';
  const reference = dossier[referenceField];
  if (typeof reference !== 'string' || reference === '') throw new EdxmlError(`${where}/${referenceField}`, 'is missing or empty');
  if (purpose === 'handover-manifest' && !Array.isArray(dossier.dossierCodes))
    throw new EdxmlError(`${where}/dossierCodes`, 'must be an array');
  const documentId = parsed.documentId ?? '';
  const match = DOCUMENT_ID.exec(documentId);
  const expected = `${parsed.from?.organId},<yyyy/MM/dd>,${reference}/${String(purpose)}`;
  if (!match || match[1] !== parsed.from?.organId || match[3] !== reference || match[4] !== purpose) {
    throw new EdxmlError('edXMLHeader/MessageHeader/DocumentId', `must be ${expected} (got "${documentId}")`);
  }
  return {
    purpose: purpose as Purpose,
    reference,
    documentId,
    dossier,
    documents: parsed.attachments.filter((a) => a !== attachment),
  };
}
