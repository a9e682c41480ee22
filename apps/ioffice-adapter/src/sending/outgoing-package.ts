import type { Department } from '@lienthong/config';
import type { MessageBody } from '@lienthong/contracts';
import { ContractViolation } from '@lienthong/messaging';
import { buildEdxmlBytes } from '../edxml/edxml.builder';
import { DOSSIER_ATTACHMENT } from '../edxml/edxml.constants';
import type { EdxmlFile } from '../edxml/edxml.model';
import { formatDocumentId } from '../edxml/document-id';
import { edxmlDate, edxmlTimestamp } from '../edxml/vietnam-time';
import type { CenterOrgan } from '../organ.directory';

type SendRequested = MessageBody<'dms.send-requested'>;

/** The dossier or batch a command is about: its reference in the DocumentId. */
export function referenceOf(command: SendRequested): string {
  if (command.purpose === 'handover-manifest') {
    if (!command.batchId) throw new ContractViolation([{ field: 'batchId', problem: 'is required when purpose is handover-manifest' }]);
    if (!command.dossierCodes?.length)
      throw new ContractViolation([
        { field: 'dossierCodes', problem: 'must list the dossiers of the batch when purpose is handover-manifest' },
      ]);
    return command.batchId;
  }
  if (!command.dossierCode)
    throw new ContractViolation([{ field: 'dossierCode', problem: `is required when purpose is ${command.purpose}` }]);
  return command.dossierCode;
}

/** The DocumentId of the package a command asks for. */
export function documentIdOf(command: SendRequested, center: CenterOrgan): string {
  return formatDocumentId(center.organId, new Date(command.requestedAt), referenceOf(command), command.purpose);
}

/** `dossier.json`: what the department needs to know the package is for (ioffice-soap.md). */
function dossierJson(command: SendRequested): EdxmlFile {
  const content =
    command.purpose === 'handover-manifest'
      ? { batchId: command.batchId, agencyCode: command.agencyCode, dossierCodes: command.dossierCodes, purpose: command.purpose }
      : {
          dossierCode: command.dossierCode,
          procedureCode: command.procedureCode,
          agencyCode: command.agencyCode,
          purpose: command.purpose,
        };
  return { name: DOSSIER_ATTACHMENT, contentType: 'application/json', content: Buffer.from(JSON.stringify(content), 'utf8') };
}

/**
 * Builds the edXML package of a `dms.send-requested`: From the Center, To the department, the DocumentId
 * fixed by `requestedAt`, the command's files followed by `dossier.json`.
 */
export function buildOutgoingPackage(
  command: SendRequested,
  center: CenterOrgan,
  department: Department,
  files: readonly EdxmlFile[],
  now: Date,
): { documentId: string; edxml: Buffer } {
  files.forEach((f, i) => {
    if (f.name === DOSSIER_ATTACHMENT)
      throw new ContractViolation([
        { field: `attachments.${i}.name`, problem: `"${DOSSIER_ATTACHMENT}" is reserved for the bus's own attachment` },
      ]);
  });
  const documentId = documentIdOf(command, center);
  const requestedAt = new Date(command.requestedAt);
  const edxml = buildEdxmlBytes({
    header: {
      from: { organId: center.organId, organName: center.name },
      to: [{ organId: department.organId, organName: department.name }],
      documentId,
      // For drafts the promulgation date is the date sent; for the other purposes it dates the package.
      promulgation: { place: center.place, date: edxmlDate(requestedAt) },
      documentType: { type: command.documentType.type, typeName: command.documentType.typeName },
      subject: command.subject,
      dueDate: command.dueAt ? edxmlTimestamp(new Date(command.dueAt)) : undefined,
    },
    attachments: [...files, dossierJson(command)],
    sentAt: now,
  });
  return { documentId, edxml };
}
