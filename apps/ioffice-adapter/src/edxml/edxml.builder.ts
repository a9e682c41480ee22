import { EDXML_NS, EDXML_PREFIX } from './edxml.constants';
import type { EdxmlFile, EdxmlHeader, EdxmlOrgan } from './edxml.model';
import { edxmlTimestamp } from './vietnam-time';

/** What to build: the header, the files, and the trace (who sends it, when). */
export interface EdxmlDraft {
  readonly header: EdxmlHeader;
  readonly attachments: readonly EdxmlFile[];
  /** When the sender hands the package over (its `TraceHeader/Timestamp`). */
  readonly sentAt: Date;
}

interface Node {
  readonly name: string;
  readonly text?: string;
  readonly children?: ReadonlyArray<Node | undefined>;
}

// Characters XML 1.0 cannot carry at all; they are dropped rather than producing a package nobody can parse.
const NOT_XML_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function serialize(node: Node): string {
  const tag = `${EDXML_PREFIX}:${node.name}`;
  if (node.text !== undefined) return `<${tag}>${escapeText(node.text)}</${tag}>`;
  const children = (node.children ?? []).filter((c): c is Node => c !== undefined);
  return children.length === 0 ? `<${tag}/>` : `<${tag}>${children.map(serialize).join('')}</${tag}>`;
}

const leaf = (name: string, text: string | undefined): Node | undefined => (text === undefined ? undefined : { name, text });
const group = (name: string, children: ReadonlyArray<Node | undefined>): Node | undefined =>
  children.some((c) => c !== undefined) ? { name, children } : undefined;
const organ = (name: string, o: EdxmlOrgan): Node => ({ name, children: [leaf('OrganId', o.organId), leaf('OrganName', o.organName)] });

/** `MessageHeader` children in one fixed order (the order the contract lists them). */
function messageHeader(h: EdxmlHeader): Node {
  return {
    name: 'MessageHeader',
    children: [
      organ('From', h.from),
      ...(h.to ?? []).map((t) => organ('To', t)),
      h.responseForDocumentId === undefined ? undefined : { name: 'ResponseFor', children: [leaf('DocumentId', h.responseForDocumentId)] },
      leaf('DocumentId', h.documentId),
      h.code && { name: 'Code', children: [leaf('CodeNumber', h.code.number), leaf('CodeNotation', h.code.notation)] },
      h.promulgation && group('PromulgationInfo', [leaf('Place', h.promulgation.place), leaf('PromulgationDate', h.promulgation.date)]),
      h.documentType && group('DocumentType', [leaf('Type', h.documentType.type), leaf('TypeName', h.documentType.typeName)]),
      leaf('Subject', h.subject),
      h.signer && group('SignerInfo', [leaf('Competence', h.signer.competence), leaf('Position', h.signer.position), leaf('FullName', h.signer.fullName)]),
      leaf('DueDate', h.dueDate),
      h.staff && group('StaffInfo', [leaf('Department', h.staff.department), leaf('Staff', h.staff.staff)]),
      leaf('StatusCode', h.statusCode),
      leaf('Description', h.description),
      leaf('Timestamp', h.timestamp),
    ],
  };
}

/**
 * Builds an edXML package (QCVN 102:2016 layout of ioffice-soap.md): `edXMLEnvelope` with `edXMLHeader`
 * (`MessageHeader`, `TraceHeaderList`), `edXMLBody/edXMLManifest` with one `Reference` per attachment, and
 * `AttachmentEncoded` with the files in base64. Content ids are `cid:1`, `cid:2`, ... in attachment order.
 */
export function buildEdxml(draft: EdxmlDraft): string {
  const contentId = (i: number): string => `cid:${i + 1}`;
  const header: Node = {
    name: 'edXMLHeader',
    children: [
      messageHeader(draft.header),
      { name: 'TraceHeaderList', children: [{ name: 'TraceHeader', children: [leaf('OrganId', draft.header.from.organId), leaf('Timestamp', edxmlTimestamp(draft.sentAt))] }] },
    ],
  };
  const body: Node = {
    name: 'edXMLBody',
    children: [
      {
        name: 'edXMLManifest',
        children: draft.attachments.map((a, i) => ({
          name: 'Reference',
          children: [leaf('ContentId', contentId(i)), leaf('AttachmentName', a.name), leaf('ContentType', a.contentType)],
        })),
      },
    ],
  };
  const encoded: Node = {
    name: 'AttachmentEncoded',
    children: draft.attachments.map((a, i) => ({
      name: 'Attachment',
      children: [leaf('ContentId', contentId(i)), leaf('AttachmentName', a.name), leaf('ContentType', a.contentType), leaf('ContentTransferEncoded', a.content.toString('base64'))],
    })),
  };
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<${EDXML_PREFIX}:edXMLEnvelope xmlns:${EDXML_PREFIX}="${EDXML_NS}">${serialize(header)}${serialize(body)}${serialize(encoded)}</${EDXML_PREFIX}:edXMLEnvelope>`
  );
}
