import { DOSSIER_ATTACHMENT, EDXML_NS, EDXML_PREFIX } from './edxml.constants';
import { EdxmlOrgan } from './edxml.parser';
import { edxmlTimestamp } from './vietnam-time';

/** An element in the edXML namespace: text content, or children (undefined children are skipped). */
interface XmlNode {
  name: string;
  text?: string;
  children?: (XmlNode | undefined)[];
}

/** An attachment to encode into `AttachmentEncoded`. */
export interface OutgoingAttachment {
  name: string;
  contentType: string;
  content: Buffer;
}

/** `MessageHeader` fields of an edoc package, written in this order when present. */
export interface EdocHeader {
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  responseForDocumentId?: string;
  documentId: string;
  code?: { number: string; notation: string };
  promulgation?: { place?: string; date: string };
  documentType?: { type: string; typeName: string };
  subject?: string;
  signer?: { competence: string; position: string; fullName: string };
  dueDate?: string;
}

/** `MessageHeader` of a status package (ioffice-soap.md): exactly these fields. */
export interface StatusHeader {
  from: EdxmlOrgan;
  responseForDocumentId: string;
  staff: { department: string; staff: string };
  statusCode: string;
  description: string;
  at: Date;
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function serialize(node: XmlNode): string {
  const tag = `${EDXML_PREFIX}:${node.name}`;
  const children = (node.children ?? []).filter((c): c is XmlNode => c !== undefined);
  if (node.text !== undefined) return `<${tag}>${escapeText(node.text)}</${tag}>`;
  if (children.length === 0) return `<${tag}/>`;
  return `<${tag}>${children.map(serialize).join('')}</${tag}>`;
}

const leaf = (name: string, text: string | undefined): XmlNode | undefined => (text === undefined ? undefined : { name, text });

function organNode(name: string, organ: EdxmlOrgan): XmlNode {
  return { name, children: [leaf('OrganId', organ.organId), leaf('OrganName', organ.organName)] };
}

/** Content ids are stable and readable: `cid:1`, `cid:2`, ... in attachment order. */
function bodyAndAttachments(attachments: OutgoingAttachment[]): XmlNode[] {
  const references = attachments.map((a, i) => ({
    name: 'Reference',
    children: [leaf('ContentId', `cid:${i + 1}`), leaf('AttachmentName', a.name), leaf('ContentType', a.contentType)],
  }));
  const encoded = attachments.map((a, i) => ({
    name: 'Attachment',
    children: [
      leaf('ContentId', `cid:${i + 1}`),
      leaf('AttachmentName', a.name),
      leaf('ContentType', a.contentType),
      leaf('ContentTransferEncoded', a.content.toString('base64')),
    ],
  }));
  return [
    { name: 'edXMLBody', children: [{ name: 'edXMLManifest', children: references }] },
    { name: 'AttachmentEncoded', children: encoded },
  ];
}

function envelope(messageHeader: XmlNode, traceOrganId: string, at: Date, attachments: OutgoingAttachment[]): string {
  const trace: XmlNode = {
    name: 'TraceHeaderList',
    children: [{ name: 'TraceHeader', children: [leaf('OrganId', traceOrganId), leaf('Timestamp', edxmlTimestamp(at))] }],
  };
  const [body, encoded] = bodyAndAttachments(attachments);
  const inner = [serialize({ name: 'edXMLHeader', children: [messageHeader, trace] }), serialize(body), serialize(encoded)].join('');
  return `<?xml version="1.0" encoding="UTF-8"?><${EDXML_PREFIX}:edXMLEnvelope xmlns:${EDXML_PREFIX}="${EDXML_NS}">${inner}</${EDXML_PREFIX}:edXMLEnvelope>`;
}

/** Builds an edoc package (unsigned) with the contract's envelope/header/body/AttachmentEncoded layout. */
export function buildEdocPackage(header: EdocHeader, attachments: OutgoingAttachment[], at: Date): string {
  const message: XmlNode = {
    name: 'MessageHeader',
    children: [
      organNode('From', header.from),
      ...header.to.map((t) => organNode('To', t)),
      header.responseForDocumentId === undefined
        ? undefined
        : { name: 'ResponseFor', children: [leaf('DocumentId', header.responseForDocumentId)] },
      leaf('DocumentId', header.documentId),
      header.code && { name: 'Code', children: [leaf('CodeNumber', header.code.number), leaf('CodeNotation', header.code.notation)] },
      header.promulgation && {
        name: 'PromulgationInfo',
        children: [leaf('Place', header.promulgation.place), leaf('PromulgationDate', header.promulgation.date)],
      },
      header.documentType && {
        name: 'DocumentType',
        children: [leaf('Type', header.documentType.type), leaf('TypeName', header.documentType.typeName)],
      },
      leaf('Subject', header.subject),
      header.signer && {
        name: 'SignerInfo',
        children: [
          leaf('Competence', header.signer.competence),
          leaf('Position', header.signer.position),
          leaf('FullName', header.signer.fullName),
        ],
      },
      leaf('DueDate', header.dueDate),
    ],
  };
  return envelope(message, header.from.organId, at, attachments);
}

/** Builds a status package: `MessageHeader{From, ResponseFor{DocumentId}, StaffInfo, StatusCode, Description, Timestamp}`. */
export function buildStatusPackage(header: StatusHeader): string {
  const message: XmlNode = {
    name: 'MessageHeader',
    children: [
      organNode('From', header.from),
      { name: 'ResponseFor', children: [leaf('DocumentId', header.responseForDocumentId)] },
      { name: 'StaffInfo', children: [leaf('Department', header.staff.department), leaf('Staff', header.staff.staff)] },
      leaf('StatusCode', header.statusCode),
      leaf('Description', header.description),
      leaf('Timestamp', edxmlTimestamp(header.at)),
    ],
  };
  return envelope(message, header.from.organId, header.at, []);
}

/** The `dossier.json` attachment a bus package carries. */
export function dossierAttachment(dossier: Record<string, unknown>): OutgoingAttachment {
  return { name: DOSSIER_ATTACHMENT, contentType: 'application/json', content: Buffer.from(JSON.stringify(dossier), 'utf8') };
}
