import type { DmsPurpose, MessageBody } from '@lienthong/contracts';
import { vietnamTimestamp } from '@lienthong/messaging';
import { DOSSIER_ATTACHMENT } from '../edxml/edxml.constants';
import { EdxmlError } from '../edxml/edxml.error';
import type { EdxmlAttachment, EdxmlPackage } from '../edxml/edxml.model';
import type { SignatureVerdict } from '../edxml/signature.verifier';
import { parseEdxmlTime } from '../edxml/vietnam-time';

const H = 'edXMLHeader/MessageHeader';

/** Which of the bus's packages an answer is about (from the sent-packages table, or its DocumentId). */
export interface PackageSubject {
  readonly agencyCode: string;
  readonly purpose: DmsPurpose;
  readonly dossierCode?: string;
  readonly batchId?: string;
  /** The DocumentId of the bus's package (the answer's `ResponseFor/DocumentId`). */
  readonly documentId: string;
}

const subjectFields = (s: PackageSubject) => ({
  agencyCode: s.agencyCode,
  purpose: s.purpose,
  ...(s.dossierCode ? { dossierCode: s.dossierCode } : {}),
  ...(s.batchId ? { batchId: s.batchId } : {}),
  documentId: s.documentId,
});

const malformed = (element: string, problem: string): EdxmlError => new EdxmlError('EDXML.MALFORMED', `${H}/${element}`, problem);

/** `ResponseFor/DocumentId`: every package iOffice returns answers one of the bus's. */
export function responseForOf(pkg: EdxmlPackage): string {
  const documentId = pkg.header.responseForDocumentId;
  if (!documentId) throw malformed('ResponseFor/DocumentId', 'is missing: the package does not say which of the bus packages it answers');
  return documentId;
}

/** A status package → `dms.status-received`. A missing `Timestamp` means "when iOffice listed it". */
export function statusReceived(
  pkg: EdxmlPackage,
  docId: string,
  subject: PackageSubject,
  listedAt: Date,
): MessageBody<'dms.status-received'> {
  const h = pkg.header;
  if (!h.statusCode) throw malformed('StatusCode', 'is missing');
  if (!/^\d{2}$/.test(h.statusCode)) throw malformed('StatusCode', `must be a 2-digit status code of the axis, got "${h.statusCode}"`);
  const at = h.timestamp === undefined ? listedAt : parseEdxmlTime(h.timestamp);
  if (!at) throw malformed('Timestamp', `must be yyyy/MM/dd HH:mm:ss (Vietnam time), got "${h.timestamp}"`);
  const staff = h.staff && {
    ...(h.staff.staff ? { fullName: h.staff.staff } : {}),
    ...(h.staff.department ? { department: h.staff.department } : {}),
  };
  return {
    ...subjectFields(subject),
    docId,
    statusCode: h.statusCode,
    ...(h.description ? { description: h.description } : {}),
    ...(staff && Object.keys(staff).length > 0 ? { staff } : {}),
    occurredAt: vietnamTimestamp(at),
  };
}

/** The signed result among a decision's attachments: the first that is not `dossier.json`, a PDF preferred. */
export function resultAttachment(pkg: EdxmlPackage): EdxmlAttachment {
  const files = pkg.attachments.filter((a) => a.name !== DOSSIER_ATTACHMENT);
  const result = files.find((a) => /pdf/i.test(a.contentType)) ?? files[0];
  if (!result)
    throw new EdxmlError(
      'EDXML.MALFORMED',
      'AttachmentEncoded',
      'holds no document: a numbered decision carries the signed result as an attachment',
    );
  return result;
}

/** A numbered decision → `dms.decision-received`, with the verdict on its signature and the stored result file; still to be sealed (`VerdictSeal`). */
export function decisionReceived(
  pkg: EdxmlPackage,
  docId: string,
  subject: PackageSubject,
  verdict: SignatureVerdict,
  file: { url: string; sha256: string; sizeBytes: number; contentType: string },
): Omit<MessageBody<'dms.decision-received'>, 'verdictSeal'> {
  const h = pkg.header;
  if (subject.purpose !== 'sign' && subject.purpose !== 'number') {
    throw malformed(
      'ResponseFor/DocumentId',
      `answers a ${subject.purpose} package; only sign and number packages are answered with a numbered decision`,
    );
  }
  if (!h.code) throw malformed('Code', 'is missing: a numbered decision carries CodeNumber and CodeNotation');
  const number = Number(h.code.number);
  if (!/^\d{1,7}$/.test(h.code.number) || number < 1)
    throw malformed('Code/CodeNumber', `must be a document number from 1, got "${h.code.number}"`);
  if (!h.code.notation) throw malformed('Code/CodeNotation', 'is missing or empty');
  const date = h.promulgation?.date;
  if (!date) throw malformed('PromulgationInfo/PromulgationDate', 'is missing');
  const promulgatedAt = parseEdxmlTime(date);
  if (!promulgatedAt) throw malformed('PromulgationInfo/PromulgationDate', `must be yyyy/MM/dd (Vietnam time), got "${date}"`);
  if (!h.signer?.fullName) throw malformed('SignerInfo/FullName', 'is missing');
  if (!h.signer.position) throw malformed('SignerInfo/Position', 'is missing');
  return {
    ...subjectFields(subject),
    docId,
    decision: {
      number,
      notation: h.code.notation,
      documentNumber: `${number}/${h.code.notation}`,
      promulgatedAt: vietnamTimestamp(promulgatedAt),
      signer: { fullName: h.signer.fullName, position: h.signer.position },
      file,
      signature: {
        verified: verdict.verified,
        ...(verdict.signerSubject ? { signerCertificateSubject: verdict.signerSubject.slice(0, 1000) } : {}),
        ...(verdict.signedAt ? { signedAt: vietnamTimestamp(verdict.signedAt) } : {}),
      },
    },
    ...(verdict.verified ? {} : { verificationFailure: (verdict.reason ?? 'not verified').slice(0, 2000) }),
  };
}
