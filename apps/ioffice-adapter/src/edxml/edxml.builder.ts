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
  /** Content written as base64 (an attachment), straight into the package's bytes. */
  readonly base64Of?: Buffer;
  readonly children?: ReadonlyArray<Node | undefined>;
}

// Characters XML 1.0 cannot carry at all; they are dropped rather than producing a package nobody can parse.
const NOT_XML_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Appends the node's XML to `out`: text as strings, attachment content as the bytes to encode. */
function serialize(node: Node, out: Array<string | Buffer>): void {
  const tag = `${EDXML_PREFIX}:${node.name}`;
  if (node.base64Of !== undefined) {
    out.push(`<${tag}>`, node.base64Of, `</${tag}>`);
    return;
  }
  if (node.text !== undefined) {
    out.push(`<${tag}>${escapeText(node.text)}</${tag}>`);
    return;
  }
  const children = (node.children ?? []).filter((c): c is Node => c !== undefined);
  if (children.length === 0) {
    out.push(`<${tag}/>`);
    return;
  }
  out.push(`<${tag}>`);
  for (const c of children) serialize(c, out);
  out.push(`</${tag}>`);
}

/** Bytes of the input encoded per piece (a multiple of 3, so that the pieces join into one base64 text). */
const BASE64_PIECE = 3 * 64 * 1024;

/** The parts as one UTF-8 buffer, the byte parts written as base64 piece by piece: no string of a whole attachment. */
function toBytes(parts: ReadonlyArray<string | Buffer>): Buffer {
  const length = parts.reduce((sum, p) => sum + (typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : 4 * Math.ceil(p.length / 3)), 0);
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      at += out.write(part, at, 'utf8');
      continue;
    }
    for (let i = 0; i < part.length; i += BASE64_PIECE)
      at += out.write(part.toString('base64', i, Math.min(part.length, i + BASE64_PIECE)), at, 'latin1');
  }
  return out;
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
      h.signer &&
        group('SignerInfo', [
          leaf('Competence', h.signer.competence),
          leaf('Position', h.signer.position),
          leaf('FullName', h.signer.fullName),
        ]),
      leaf('DueDate', h.dueDate),
      h.staff && group('StaffInfo', [leaf('Department', h.staff.department), leaf('Staff', h.staff.staff)]),
      leaf('StatusCode', h.statusCode),
      leaf('Description', h.description),
      leaf('Timestamp', h.timestamp),
    ],
  };
}

/** `buildEdxmlBytes`, as text. */
export function buildEdxml(draft: EdxmlDraft): string {
  return buildEdxmlBytes(draft).toString('utf8');
}

/**
 * Builds an edXML package (QCVN 102:2016 layout of ioffice-soap.md): `edXMLEnvelope` with `edXMLHeader`
 * (`MessageHeader`, `TraceHeaderList`), `edXMLBody/edXMLManifest` with one `Reference` per attachment, and
 * `AttachmentEncoded` with the files in base64. Content ids are `cid:1`, `cid:2`, ... in attachment order.
 * The package is written into one buffer, each attachment's base64 piece by piece (a 20 MB document is not
 * a 27 MB string, then a 27 MB buffer).
 */
export function buildEdxmlBytes(draft: EdxmlDraft): Buffer {
  const contentId = (i: number): string => `cid:${i + 1}`;
  const header: Node = {
    name: 'edXMLHeader',
    children: [
      messageHeader(draft.header),
      {
        name: 'TraceHeaderList',
        children: [
          { name: 'TraceHeader', children: [leaf('OrganId', draft.header.from.organId), leaf('Timestamp', edxmlTimestamp(draft.sentAt))] },
        ],
      },
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
      children: [
        leaf('ContentId', contentId(i)),
        leaf('AttachmentName', a.name),
        leaf('ContentType', a.contentType),
        { name: 'ContentTransferEncoded', base64Of: a.content },
      ],
    })),
  };
  const parts: Array<string | Buffer> = [
    `<?xml version="1.0" encoding="UTF-8"?><${EDXML_PREFIX}:edXMLEnvelope xmlns:${EDXML_PREFIX}="${EDXML_NS}">`,
  ];
  serialize(header, parts);
  serialize(body, parts);
  serialize(encoded, parts);
  parts.push(`</${EDXML_PREFIX}:edXMLEnvelope>`);
  return toBytes(parts);
}
