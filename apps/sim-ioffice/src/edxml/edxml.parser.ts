import { DOMParser } from '@xmldom/xmldom';
import { DEFAULT_MAX_EDXML_BYTES, EDXML_NS, XMLDSIG_NS } from './edxml.constants';
import { EdxmlError } from './edxml.error';

/** An organ as named in `From`, `To`. */
export interface EdxmlOrgan {
  organId: string;
  organName?: string;
}

/** One decoded attachment. */
export interface EdxmlAttachment {
  contentId: string;
  name: string;
  contentType: string;
  content: Buffer;
}

/** What the simulator reads from a package; absent optional elements are undefined. */
export interface ParsedEdxml {
  from?: EdxmlOrgan;
  to: EdxmlOrgan[];
  documentId?: string;
  responseForDocumentId?: string;
  code?: { number: string; notation: string };
  promulgation?: { place?: string; date?: string };
  documentType?: { type?: string; typeName?: string };
  subject?: string;
  signer?: { competence?: string; position?: string; fullName?: string };
  dueDate?: string;
  statusCode?: string;
  description?: string;
  timestamp?: string;
  attachments: EdxmlAttachment[];
  /** A ds:Signature is present as the last element child of edXMLHeader. */
  signed: boolean;
}

type El = Element;

// One character class, no nested groups: linear on a 30 MB text (a pattern of groups overflowed the stack there).
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes strict base64 (whitespace allowed); null when it is not base64. */
export function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  return compact.length % 4 === 0 && BASE64.test(compact) ? Buffer.from(compact, 'base64') : null;
}

function elements(parent: El): El[] {
  const out: El[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as El);
  return out;
}

/** Below the three top-level elements, a child is matched in the edXML namespace or in no namespace. */
function isNamed(el: El, name: string): boolean {
  return el.localName === name && (el.namespaceURI === EDXML_NS || !el.namespaceURI);
}

function child(parent: El, name: string): El | undefined {
  return elements(parent).find((e) => isNamed(e, name));
}

function text(parent: El | undefined, ...path: string[]): string | undefined {
  let at = parent;
  for (const name of path) at = at && child(at, name);
  const value = at?.textContent?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function organ(el: El | undefined, where: string): EdxmlOrgan | undefined {
  if (!el) return undefined;
  const organId = text(el, 'OrganId');
  if (!organId) throw new EdxmlError(`${where}/OrganId`, 'is missing or empty');
  return { organId, organName: text(el, 'OrganName') };
}

/** Decodes UTF-8 bytes and refuses what a safe parser must refuse before parsing: size, encoding, DTDs. */
function safeText(bytes: Buffer, maxBytes: number): string {
  if (bytes.length > maxBytes)
    throw new EdxmlError('edXMLEnvelope', `package is ${bytes.length} bytes, larger than the ${maxBytes}-byte limit`);
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EdxmlError('edXMLEnvelope', 'package is not valid UTF-8');
  }
  const declared = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(source);
  if (declared && declared[1].toLowerCase() !== 'utf-8')
    throw new EdxmlError('edXMLEnvelope', `encoding "${declared[1]}" is declared; packages are UTF-8`);
  // No DTD means no entity expansion (billion laughs) and no external entities (XXE).
  if (/<!DOCTYPE/i.test(source) || /<!ENTITY/i.test(source))
    throw new EdxmlError('edXMLEnvelope', 'DOCTYPE and entity declarations are not allowed');
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
    throw new EdxmlError('edXMLEnvelope', `not well-formed XML (${(error as Error).message.split('\n')[0]})`);
  }
}

/** Checks the envelope layout of the contract and returns its three parts. */
function envelopeParts(doc: Document): { header: El; body: El; attachments: El } {
  const root = doc.documentElement;
  if (!root || root.localName !== 'edXMLEnvelope' || root.namespaceURI !== EDXML_NS) {
    throw new EdxmlError('edXMLEnvelope', `document element must be edXMLEnvelope in ${EDXML_NS}`);
  }
  const parts = elements(root);
  const expected = ['edXMLHeader', 'edXMLBody', 'AttachmentEncoded'];
  expected.forEach((name, i) => {
    const el = parts[i];
    if (!el || el.localName !== name || el.namespaceURI !== EDXML_NS) {
      throw new EdxmlError(`edXMLEnvelope/${name}`, `expected edXML:${name} as child ${i + 1} of the envelope`);
    }
  });
  if (parts.length > 3) throw new EdxmlError(`edXMLEnvelope/${parts[3].localName}`, 'unexpected element after AttachmentEncoded');
  return { header: parts[0], body: parts[1], attachments: parts[2] };
}

function readAttachments(body: El, encoded: El): EdxmlAttachment[] {
  const manifest = child(body, 'edXMLManifest');
  if (!manifest) throw new EdxmlError('edXMLBody/edXMLManifest', 'is missing');
  const references = elements(manifest).filter((e) => isNamed(e, 'Reference'));
  const items = elements(encoded).filter((e) => isNamed(e, 'Attachment'));
  if (references.length !== items.length) {
    throw new EdxmlError('edXMLBody/edXMLManifest', `lists ${references.length} Reference(s) for ${items.length} Attachment(s)`);
  }
  return items.map((item, i) => {
    const where = `AttachmentEncoded/Attachment[${i + 1}]`;
    const required = (name: string): string => {
      const value = text(item, name);
      if (value === undefined) throw new EdxmlError(`${where}/${name}`, 'is missing or empty');
      return value;
    };
    const encodedEl = child(item, 'ContentTransferEncoded');
    if (!encodedEl) throw new EdxmlError(`${where}/ContentTransferEncoded`, 'is missing');
    const content = decodeBase64(encodedEl.textContent ?? '');
    if (!content) throw new EdxmlError(`${where}/ContentTransferEncoded`, 'is not valid base64');
    return { contentId: required('ContentId'), name: required('AttachmentName'), contentType: required('ContentType'), content };
  });
}

/**
 * Parses a package safely (bounded size, UTF-8 only, no DTD or entities) and checks the envelope layout of
 * ioffice-soap.md. Throws EdxmlError naming the offending element.
 */
export function parseEdxml(bytes: Buffer, maxBytes = DEFAULT_MAX_EDXML_BYTES): ParsedEdxml {
  const { header, body, attachments } = envelopeParts(parseDom(safeText(bytes, maxBytes)));
  const headerChildren = elements(header);
  const message = child(header, 'MessageHeader');
  if (!message) throw new EdxmlError('edXMLHeader/MessageHeader', 'is missing');
  if (!child(header, 'TraceHeaderList')) throw new EdxmlError('edXMLHeader/TraceHeaderList', 'is missing');
  const signatures = headerChildren.filter((e) => e.localName === 'Signature' && e.namespaceURI === XMLDSIG_NS);
  if (signatures.length > 1) throw new EdxmlError('edXMLHeader/Signature', 'appears more than once');
  if (signatures.length === 1 && headerChildren[headerChildren.length - 1] !== signatures[0]) {
    throw new EdxmlError('edXMLHeader/Signature', 'must be the last child of edXMLHeader');
  }
  const where = 'edXMLHeader/MessageHeader';
  const code = child(message, 'Code');
  const promulgation = child(message, 'PromulgationInfo');
  const documentType = child(message, 'DocumentType');
  const signer = child(message, 'SignerInfo');
  return {
    from: organ(child(message, 'From'), `${where}/From`),
    to: elements(message)
      .filter((e) => isNamed(e, 'To'))
      .map((e) => organ(e, `${where}/To`)!),
    documentId: text(message, 'DocumentId'),
    responseForDocumentId: text(message, 'ResponseFor', 'DocumentId'),
    code: code ? { number: text(code, 'CodeNumber') ?? '', notation: text(code, 'CodeNotation') ?? '' } : undefined,
    promulgation: promulgation ? { place: text(promulgation, 'Place'), date: text(promulgation, 'PromulgationDate') } : undefined,
    documentType: documentType ? { type: text(documentType, 'Type'), typeName: text(documentType, 'TypeName') } : undefined,
    subject: text(message, 'Subject'),
    signer: signer
      ? { competence: text(signer, 'Competence'), position: text(signer, 'Position'), fullName: text(signer, 'FullName') }
      : undefined,
    dueDate: text(message, 'DueDate'),
    statusCode: text(message, 'StatusCode'),
    description: text(message, 'Description'),
    timestamp: text(message, 'Timestamp'),
    attachments: readAttachments(body, attachments),
    signed: signatures.length === 1,
  };
}

/** Checks that a parsed package has what its SOAP `messageType` requires (ioffice-soap.md). */
export function requireHeaderFor(parsed: ParsedEdxml, messageType: 'edoc' | 'status'): void {
  const where = 'edXMLHeader/MessageHeader';
  if (!parsed.from) throw new EdxmlError(`${where}/From`, 'is missing');
  if (messageType === 'edoc') {
    if (parsed.to.length === 0) throw new EdxmlError(`${where}/To`, 'is missing');
    if (!parsed.documentId) throw new EdxmlError(`${where}/DocumentId`, 'is missing or empty');
  } else {
    if (!parsed.responseForDocumentId) throw new EdxmlError(`${where}/ResponseFor/DocumentId`, 'is missing or empty');
    if (!parsed.statusCode) throw new EdxmlError(`${where}/StatusCode`, 'is missing or empty');
  }
}
