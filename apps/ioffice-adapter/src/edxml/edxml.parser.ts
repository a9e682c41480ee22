import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_EDXML_BYTES, EDXML_NS, XMLDSIG_NS } from './edxml.constants';
import { EdxmlError } from './edxml.error';
import { type LiftedText, liftBase64 } from './base64.lifter';
import type { EdxmlAttachment, EdxmlHeader, EdxmlOrgan, EdxmlPackage, EdxmlTrace } from './edxml.model';

const HEADER = 'edXMLHeader/MessageHeader';

function elements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/** Below the envelope's three parts, an element is accepted in the edXML namespace or in none. */
function isNamed(el: Element, name: string): boolean {
  return el.localName === name && (el.namespaceURI === EDXML_NS || !el.namespaceURI);
}

const child = (parent: Element | undefined, name: string): Element | undefined => parent && elements(parent).find((e) => isNamed(e, name));

function text(parent: Element | undefined, ...path: string[]): string | undefined {
  let at = parent;
  for (const name of path) at = child(at, name);
  const value = at?.textContent?.trim();
  return value ? value : undefined;
}

function organ(el: Element, where: string): EdxmlOrgan {
  const organId = text(el, 'OrganId');
  if (!organId) throw new EdxmlError('EDXML.MALFORMED', `${where}/OrganId`, 'is missing or empty');
  return { organId, organName: text(el, 'OrganName') };
}

/** Bounds, UTF-8 and "no DTD" are checked on the raw text, before any XML parser sees it. */
function safeText(bytes: Buffer): string {
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EdxmlError('EDXML.NOT_UTF8', 'edXMLEnvelope', 'the package is not valid UTF-8 (the contract requires UTF-8)');
  }
  const declared = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(source);
  if (declared && declared[1].toLowerCase() !== 'utf-8') {
    throw new EdxmlError('EDXML.NOT_UTF8', 'edXMLEnvelope', `declares encoding "${declared[1]}"; the contract requires UTF-8`);
  }
  // Without a DTD there is no entity expansion (billion laughs) and no external entity (XXE): refuse any.
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) {
    throw new EdxmlError(
      'EDXML.DTD_FORBIDDEN',
      'edXMLEnvelope',
      'contains a DOCTYPE or entity declaration; DTDs are refused (XXE and entity-expansion protection)',
    );
  }
  return source;
}

const failOn = (message: string): never => {
  throw new Error(message);
};

function parseDom(source: string): Document {
  try {
    return new DOMParser({
      errorHandler: { warning: () => undefined, error: failOn, fatalError: failOn },
    }).parseFromString(source, 'text/xml');
  } catch (error) {
    throw new EdxmlError('EDXML.MALFORMED', 'edXMLEnvelope', `is not well-formed XML (${(error as Error).message.split('\n')[0]})`);
  }
}

function envelopeParts(doc: Document): { header: Element; body: Element; encoded: Element } {
  const root = doc.documentElement;
  if (!root || root.localName !== 'edXMLEnvelope' || root.namespaceURI !== EDXML_NS) {
    throw new EdxmlError('EDXML.MALFORMED', 'edXMLEnvelope', `the document element must be edXMLEnvelope in ${EDXML_NS}`);
  }
  const parts = elements(root);
  ['edXMLHeader', 'edXMLBody', 'AttachmentEncoded'].forEach((name, i) => {
    const el = parts[i];
    if (!el || el.localName !== name || el.namespaceURI !== EDXML_NS) {
      throw new EdxmlError(
        'EDXML.MALFORMED',
        name,
        `expected edXML:${name} as child ${i + 1} of edXMLEnvelope${el ? `, found ${el.tagName}` : ''}`,
      );
    }
  });
  if (parts.length > 3) throw new EdxmlError('EDXML.MALFORMED', parts[3].tagName, 'unexpected element after AttachmentEncoded');
  return { header: parts[0], body: parts[1], encoded: parts[2] };
}

function readHeader(message: Element): EdxmlHeader {
  const from = child(message, 'From');
  if (!from) throw new EdxmlError('EDXML.MALFORMED', `${HEADER}/From`, 'is missing');
  const code = child(message, 'Code');
  const promulgation = child(message, 'PromulgationInfo');
  const documentType = child(message, 'DocumentType');
  const signer = child(message, 'SignerInfo');
  const staff = child(message, 'StaffInfo');
  return {
    from: organ(from, `${HEADER}/From`),
    to: elements(message)
      .filter((e) => isNamed(e, 'To'))
      .map((e, i) => organ(e, `${HEADER}/To[${i + 1}]`)),
    responseForDocumentId: text(message, 'ResponseFor', 'DocumentId'),
    documentId: text(message, 'DocumentId'),
    code: code && { number: text(code, 'CodeNumber') ?? '', notation: text(code, 'CodeNotation') ?? '' },
    promulgation: promulgation && { place: text(promulgation, 'Place'), date: text(promulgation, 'PromulgationDate') },
    documentType: documentType && { type: text(documentType, 'Type'), typeName: text(documentType, 'TypeName') },
    subject: text(message, 'Subject'),
    signer: signer && { competence: text(signer, 'Competence'), position: text(signer, 'Position'), fullName: text(signer, 'FullName') },
    dueDate: text(message, 'DueDate'),
    staff: staff && { department: text(staff, 'Department'), staff: text(staff, 'Staff') },
    statusCode: text(message, 'StatusCode'),
    description: text(message, 'Description'),
    timestamp: text(message, 'Timestamp'),
  };
}

function readAttachments(body: Element, encoded: Element, lifted: LiftedText, maxAttachmentBytes: number): EdxmlAttachment[] {
  const manifest = child(body, 'edXMLManifest');
  if (!manifest) throw new EdxmlError('EDXML.MALFORMED', 'edXMLBody/edXMLManifest', 'is missing');
  const references = elements(manifest).filter((e) => isNamed(e, 'Reference'));
  const items = elements(encoded).filter((e) => isNamed(e, 'Attachment'));
  if (references.length !== items.length) {
    throw new EdxmlError(
      'EDXML.MALFORMED',
      'edXMLBody/edXMLManifest',
      `lists ${references.length} Reference(s) for ${items.length} Attachment(s)`,
    );
  }
  return items.map((item, i) => {
    const where = `AttachmentEncoded/Attachment[${i + 1}]`;
    const required = (name: string): string => {
      const value = text(item, name);
      if (value === undefined) throw new EdxmlError('EDXML.MALFORMED', `${where}/${name}`, 'is missing or empty');
      return value;
    };
    const encodedText = child(item, 'ContentTransferEncoded')?.textContent ?? '';
    if (!child(item, 'ContentTransferEncoded')) throw new EdxmlError('EDXML.MALFORMED', `${where}/ContentTransferEncoded`, 'is missing');
    const tooLarge = (bytes: number): EdxmlError =>
      new EdxmlError(
        'EDXML.DOCUMENT_TOO_LARGE',
        `${where}/ContentTransferEncoded`,
        `is a document of ${bytes} bytes, larger than the limit of ${maxAttachmentBytes} bytes (MAX_DOCUMENT_BYTES)`,
      );
    // Refused before decoding when its base64 already says it is over the limit.
    const counted = lifted.decodedSizeOf(encodedText);
    if (counted !== undefined && counted > maxAttachmentBytes) throw tooLarge(counted);
    const content = lifted.decodeBase64Text(encodedText);
    if (!content) throw new EdxmlError('EDXML.MALFORMED', `${where}/ContentTransferEncoded`, 'is not valid base64');
    if (content.length > maxAttachmentBytes) throw tooLarge(content.length);
    return { contentId: required('ContentId'), name: required('AttachmentName'), contentType: required('ContentType'), content };
  });
}

function readTraces(header: Element): EdxmlTrace[] {
  const list = child(header, 'TraceHeaderList');
  if (!list) throw new EdxmlError('EDXML.MALFORMED', 'edXMLHeader/TraceHeaderList', 'is missing');
  return elements(list)
    .filter((e) => isNamed(e, 'TraceHeader'))
    .map((e, i) => {
      const organId = text(e, 'OrganId');
      if (!organId)
        throw new EdxmlError('EDXML.MALFORMED', `edXMLHeader/TraceHeaderList/TraceHeader[${i + 1}]/OrganId`, 'is missing or empty');
      return { organId, timestamp: text(e, 'Timestamp') };
    });
}

/** `edXMLBody/edXMLManifest/Signature`: where an element is, from below the envelope, for people. */
function pathOf(el: Element): string {
  const names: string[] = [];
  for (let n: Node | null = el; n && n.nodeType === 1 && n.parentNode?.nodeType === 1; n = n.parentNode)
    names.unshift((n as Element).localName ?? '');
  return names.join('/');
}

/** Anything a signature processor could take for (part of) a signature: the XML-DSig namespace, or these names in any. */
const signatureLike = (el: Element): boolean =>
  el.namespaceURI === XMLDSIG_NS || el.localName === 'Signature' || el.localName === 'SignedInfo';

/**
 * The `ds:Signature`, if any. The profile (ioffice-soap.md) allows exactly one in the whole document, the last child
 * of `edXMLHeader`. Any other, anywhere (body, attachments, nested in the header), is refused: the enveloped
 * transform would drop it from the digest while its text is still read as content, and a verifier that looks for
 * signature elements by name could take it for the real one.
 */
function readSignature(doc: Document, header: Element): string | undefined {
  const children = elements(header);
  const last = children[children.length - 1];
  const signature = last && last.localName === 'Signature' && last.namespaceURI === XMLDSIG_NS ? last : undefined;
  const stray: Element[] = [];
  const walk = (el: Element, inSignature: boolean): void => {
    if (el === signature) {
      for (const c of elements(el)) walk(c, true);
      return;
    }
    const misplaced = inSignature
      ? el.localName === 'Signature' || (el.localName === 'SignedInfo' && el.parentNode !== signature)
      : signatureLike(el);
    if (misplaced) stray.push(el);
    for (const c of elements(el)) walk(c, inSignature);
  };
  walk(doc.documentElement as Element, false);
  if (stray.length > 0) {
    const where = stray.map(pathOf);
    const problem = signature
      ? `is a second signature element (${stray.length} besides the one ending edXMLHeader, at ${where.join(', ')}); the contract allows exactly one ds:Signature, the last child of edXMLHeader`
      : `is a signature element outside its place (at ${where.join(', ')}); the contract allows exactly one ds:Signature, the last child of edXMLHeader`;
    throw new EdxmlError('EDXML.SIGNATURE_PLACEMENT', where[0], problem);
  }
  return signature && new XMLSerializer().serializeToString(signature);
}

/** Limits of `parseEdxml`. */
export interface EdxmlLimits {
  /** The whole package (`IOFFICE_MAX_EDXML_BYTES`). */
  readonly maxBytes?: number;
  /** Each attachment, decoded (`MAX_DOCUMENT_BYTES`). */
  readonly maxAttachmentBytes?: number;
}

/**
 * Parses an edXML package safely: bounded size (`maxBytes`), each attachment bounded (`maxAttachmentBytes`), UTF-8
 * only, no DTD or entity declarations, the envelope layout of the contract. Throws `EdxmlError` naming the offending
 * element. The attachments' base64 text is lifted out before parsing (`liftBase64`): the DOM holds a small skeleton,
 * each attachment is decoded once from the package's bytes, and `xml` is the skeleton, checked with `lifted`.
 */
export function parseEdxml(bytes: Buffer, limits: number | EdxmlLimits = {}): EdxmlPackage {
  const { maxBytes = DEFAULT_MAX_EDXML_BYTES, maxAttachmentBytes = DEFAULT_MAX_DOCUMENT_BYTES } =
    typeof limits === 'number' ? { maxBytes: limits } : limits;
  if (bytes.length > maxBytes) {
    throw new EdxmlError(
      'EDXML.TOO_LARGE',
      'edXMLEnvelope',
      `the package is ${bytes.length} bytes, more than the limit of ${maxBytes} (IOFFICE_MAX_EDXML_BYTES)`,
    );
  }
  const { skeleton, lifted } = liftBase64(bytes, 'ContentTransferEncoded');
  const xml = safeText(skeleton);
  const doc = parseDom(xml);
  const { header, body, encoded } = envelopeParts(doc);
  const message = child(header, 'MessageHeader');
  if (!message) throw new EdxmlError('EDXML.MALFORMED', HEADER, 'is missing');
  return {
    header: readHeader(message),
    traces: readTraces(header),
    attachments: readAttachments(body, encoded, lifted, maxAttachmentBytes),
    signatureXml: readSignature(doc, header),
    xml,
    lifted,
  };
}
