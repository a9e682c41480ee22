import { DOMParser } from '@xmldom/xmldom';
import { EDOC_NAMESPACE, EdocOperation } from '../soap/edoc.wsdl';

/** Test helper: a hand-written SOAP 1.1 client over fetch, so tests see the raw XML on the wire. */
export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';

export interface RawResponse {
  status: number;
  text: string;
  contentType: string | null;
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The request element's children, in WSDL order, as `<e:name>value</e:name>` (undefined values omitted). */
export function fields(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<e:${k}>${escape(String(v))}</e:${k}>`)
    .join('');
}

/** A SOAP 1.1 envelope with a UsernameToken (unless `credentials` is null). */
export function envelope(operation: EdocOperation, body: string, credentials: { username: string; password: string } | null): string {
  const security = credentials
    ? `<soapenv:Header><wsse:Security xmlns:wsse="${WSSE}" soapenv:mustUnderstand="1"><wsse:UsernameToken><wsse:Username>${escape(credentials.username)}</wsse:Username><wsse:Password Type="${PASSWORD_TEXT}">${escape(credentials.password)}</wsse:Password></wsse:UsernameToken></wsse:Security></soapenv:Header>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:e="${EDOC_NAMESPACE}">${security}<soapenv:Body><e:${operation}>${body}</e:${operation}></soapenv:Body></soapenv:Envelope>`;
}

/** POSTs an envelope with the contract's soapAction. */
export async function post(url: string, operation: EdocOperation, xml: string, timeoutMs = 5000): Promise<RawResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${EDOC_NAMESPACE}#${operation}"` },
    body: xml,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
}

export function parseXml(text: string): Document {
  return new DOMParser().parseFromString(text, 'text/xml');
}

/** Element children with the given namespace (null = no namespace) and local name. */
export function children(parent: Element | Document, ns: string | null, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === name && ((n as Element).namespaceURI ?? null) === ns) out.push(n as Element);
  }
  return out;
}

/** The single response/fault element inside soap:Body. */
export function bodyElement(doc: Document): Element {
  const envelopeEl = children(doc, SOAP_ENV, 'Envelope')[0];
  const body = children(envelopeEl, SOAP_ENV, 'Body')[0];
  const first = Array.from({ length: body.childNodes.length }, (_, i) => body.childNodes[i]).find((n) => n.nodeType === 1);
  return first as Element;
}

/** Text of a qualified child of a response element (`urn:vnpt:ioffice:edoc:v1`). */
export function value(parent: Element, name: string): string | undefined {
  return children(parent, EDOC_NAMESPACE, name)[0]?.textContent ?? undefined;
}
