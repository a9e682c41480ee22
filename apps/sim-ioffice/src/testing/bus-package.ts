import { buildEdocPackage, dossierAttachment, OutgoingAttachment } from '../edxml/edxml.builder';
import { Purpose } from '../edxml/edxml.constants';
import { minimalPdf } from '../edxml/minimal.pdf';
import { edxmlDate, edxmlTimestamp } from '../edxml/vietnam-time';

/** Test helper: a package as the bus would send it to a department (ioffice-soap.md, "edXML packages the bus sends"). */
export function busPackage(input: {
  centerOrganId: string;
  departmentOrganId: string;
  purpose: Purpose;
  reference: string;
  at?: Date;
  documents?: OutgoingAttachment[];
}): { xml: string; documentId: string } {
  const at = input.at ?? new Date();
  const documentId = `${input.centerOrganId},${edxmlDate(at)},${input.reference}/${input.purpose}`;
  const dossier =
    input.purpose === 'handover-manifest'
      ? { batchId: input.reference, agencyCode: input.departmentOrganId, dossierCodes: ['HS-1', 'HS-2'], purpose: input.purpose }
      : { dossierCode: input.reference, procedureCode: '1.009994', agencyCode: input.departmentOrganId, purpose: input.purpose };
  const documents = input.documents ?? [
    { name: 'du-thao.pdf', contentType: 'application/pdf', content: minimalPdf(`Draft ${input.reference}`) },
  ];
  const xml = buildEdocPackage(
    {
      from: { organId: input.centerOrganId, organName: 'Trung tâm Phục vụ hành chính công' },
      to: [{ organId: input.departmentOrganId }],
      documentId,
      promulgation: { date: edxmlDate(at) },
      documentType: { type: '1', typeName: 'Quyết định' },
      subject: `Hồ sơ ${input.reference}`,
      dueDate: edxmlTimestamp(new Date(at.getTime() + 5 * 24 * 3600 * 1000)),
    },
    [...documents, dossierAttachment(dossier)],
    at,
  );
  return { xml, documentId };
}
