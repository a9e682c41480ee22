/** An element of a document read by `readXml`: what reading a SOAP message or a WSDL needs, nothing more. */
export interface XmlElement {
  /** Local name (without prefix). */
  readonly name: string;
  /** Namespace URI, resolved from the `xmlns` declarations in scope; undefined for none. */
  readonly namespace: string | undefined;
  /** Attributes by their name as written (`soapAction`, `xmlns:tns`), values with entities decoded. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  /** The element's own text (character data and CDATA directly inside it), entities decoded. */
  text: string;
}

/** The document is not XML this reader accepts; `reason` says where and why. */
export class XmlReadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ATTRIBUTE = /\s*([^\s=/>"'<]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;
const NAME = /[^\s=/>"'<!?]+/y;
const MAX_DEPTH = 64;
/** The one prefix bound without a declaration. */
const XML_SCOPE: ReadonlyMap<string, string> = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);

/**
 * A strict, small XML reader for the messages of a fixed SOAP service: the iOffice adapter's client reads its answers
 * and WSDL with it, the iOffice simulator its requests (imported as `@lienthong/runtime/xml/xml.reader`, so that the
 * simulator loads nothing else of the library). It refuses what it does not need and what is
 * dangerous: any DOCTYPE or entity declaration (so no entity expansion and no external entities), entities other than
 * the five predefined ones and character references, undeclared namespace prefixes, mismatched tags, nesting deeper
 * than 64, text outside the document element. Comments and processing instructions are skipped; CDATA is text.
 * Linear in the input: a large base64 text (a GetEdoc answer, a SendEdoc request) is one `indexOf` and one slice.
 */
export function readXml(source: string): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) throw new XmlReadError('contains a DOCTYPE or entity declaration; DTDs are refused');
  const stack: Array<{ element: XmlElement; qualified: string; scope: ReadonlyMap<string, string> }> = [];
  let root: XmlElement | undefined;
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const outside = (text: string): void => {
    if (text.trim() !== '') throw new XmlReadError(`text outside the document element at offset ${i}`);
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const chunk = source.slice(i, lt === -1 ? source.length : lt);
    if (chunk) {
      const top = stack[stack.length - 1];
      if (top) top.element.text += decode(chunk);
      else outside(chunk);
    }
    if (lt === -1) break;
    if (source.startsWith('<?', lt)) {
      i = after(source, '?>', lt);
    } else if (source.startsWith('<!--', lt)) {
      i = after(source, '-->', lt);
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt);
      if (end === -1) throw new XmlReadError(`unterminated CDATA section at offset ${lt}`);
      const top = stack[stack.length - 1];
      if (!top) throw new XmlReadError(`CDATA outside the document element at offset ${lt}`);
      top.element.text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith('<!', lt)) {
      throw new XmlReadError(`unsupported declaration at offset ${lt}`);
    } else if (source.startsWith('</', lt)) {
      const end = source.indexOf('>', lt);
      if (end === -1) throw new XmlReadError(`unterminated end tag at offset ${lt}`);
      const name = source.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open.qualified !== name)
        throw new XmlReadError(`end tag </${name}> at offset ${lt} does not close <${open?.qualified ?? '(nothing)'}>`);
      i = end + 1;
    } else {
      i = startTag(source, lt, stack, (element) => {
        if (root) throw new XmlReadError(`a second document element <${element.name}> at offset ${lt}`);
        root = element;
      });
    }
  }
  if (stack.length > 0) throw new XmlReadError(`<${stack[stack.length - 1].qualified}> is never closed`);
  if (!root) throw new XmlReadError('no document element');
  return root;
}

/** The first child element with this local name (any namespace), if any. */
export function childNamed(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return parent?.children.find((c) => c.name === name);
}

function startTag(
  source: string,
  lt: number,
  stack: Array<{ element: XmlElement; qualified: string; scope: ReadonlyMap<string, string> }>,
  onRoot: (element: XmlElement) => void,
): number {
  NAME.lastIndex = lt + 1;
  const nameMatch = NAME.exec(source);
  if (!nameMatch || nameMatch.index !== lt + 1) throw new XmlReadError(`malformed tag at offset ${lt}`);
  const qualified = nameMatch[0];
  const attributes = new Map<string, string>();
  let at = NAME.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = at;
    const attribute = ATTRIBUTE.exec(source);
    if (!attribute) break;
    if (attributes.has(attribute[1])) throw new XmlReadError(`attribute ${attribute[1]} repeated at offset ${lt}`);
    attributes.set(attribute[1], decode(attribute[2] ?? attribute[3]));
    at = ATTRIBUTE.lastIndex;
  }
  TAG_END.lastIndex = at;
  const end = TAG_END.exec(source);
  if (!end) throw new XmlReadError(`malformed tag <${qualified}> at offset ${lt}`);
  const parent = stack[stack.length - 1];
  let scope: ReadonlyMap<string, string> = parent?.scope ?? XML_SCOPE;
  let own: Map<string, string> | undefined;
  for (const [key, value] of attributes) {
    if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
    own ??= new Map(scope);
    own.set(key === 'xmlns' ? '' : key.slice(6), value);
    scope = own;
  }
  const colon = qualified.indexOf(':');
  const prefix = colon === -1 ? '' : qualified.slice(0, colon);
  const namespace = scope.get(prefix);
  if (prefix && namespace === undefined) throw new XmlReadError(`undeclared namespace prefix "${prefix}" at offset ${lt}`);
  const element: XmlElement = {
    name: colon === -1 ? qualified : qualified.slice(colon + 1),
    namespace: namespace || undefined,
    attributes,
    children: [],
    text: '',
  };
  if (parent) parent.element.children.push(element);
  else if (stack.length === 0) onRoot(element);
  if (end[1] !== '/') {
    if (stack.length >= MAX_DEPTH) throw new XmlReadError(`nesting deeper than ${MAX_DEPTH} at offset ${lt}`);
    stack.push({ element, qualified, scope });
  }
  return TAG_END.lastIndex;
}

function after(source: string, terminator: string, from: number): number {
  const end = source.indexOf(terminator, from);
  if (end === -1) throw new XmlReadError(`unterminated ${source.slice(from, from + 4)} at offset ${from}`);
  return end + terminator.length;
}

/** Decodes the predefined entities and character references; any other `&` is an error. */
function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlReadError(`a bare "&" in "${text.slice(0, 60)}"`);
    if (name in ENTITIES) return ENTITIES[name];
    const code = /^#x([0-9a-fA-F]{1,6})$/.exec(name)?.[1] ?? /^#([0-9]{1,7})$/.exec(name)?.[1];
    const value = code === undefined ? NaN : parseInt(code, name.startsWith('#x') ? 16 : 10);
    if (!Number.isInteger(value) || value > 0x10ffff || value === 0) throw new XmlReadError(`unknown entity &${name};`);
    return String.fromCodePoint(value);
  });
}
