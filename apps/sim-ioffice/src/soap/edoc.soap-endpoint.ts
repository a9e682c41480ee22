import { IncomingMessage, ServerResponse } from 'http';
import { appliesTo, IofficeFaults } from '../faults/fault.config';
import { SeededRandom } from '../faults/seeded-random';
import { EdocFault, faultcodeOf } from './edoc.fault';
import { EdocOperations } from './edoc.operations';
import { EDOC_NAMESPACE, EDOC_OPERATIONS, EdocOperation } from './edoc.wsdl';
import { checkUsernameToken, Credentials, readUsernameToken, UsernameToken } from './ws-security';
import { readXml, XmlElement, XmlReadError } from '@lienthong/runtime/xml/xml.reader';

/** Namespace of the SOAP 1.1 envelope. */
export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

const ENVELOPE_START = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_ENV}" xmlns:tns="${EDOC_NAMESPACE}"><soap:Body>`;
const ENVELOPE_END = '</soap:Body></soap:Envelope>';
const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** What the SOAP endpoint needs: the operations, the credentials, the fault settings and the WSDL to serve. */
export interface EdocEndpointDeps {
  operations: EdocOperations;
  credentials: Credentials;
  faults: () => Readonly<IofficeFaults>;
  random: () => SeededRandom;
  /** The WSDL served at `<endpoint>?wsdl`; read once, on the first request for it. */
  wsdl: () => string;
}

/** The SOAP 1.1 endpoint of EdocService (port EdocPort): the WSDL on GET, the five operations on POST. */
export interface EdocEndpoint {
  /** Answers a request that is not a POST: the WSDL for `GET <endpoint>?wsdl`, else 400 or 405. */
  get(req: IncomingMessage, res: ServerResponse, url: URL): void;
  /** Answers a POSTed SOAP envelope (the whole body as text): the operation's response element or a SOAP Fault. */
  post(envelope: string, res: ServerResponse): Promise<void>;
}

/** A request as the operations take it: the operation, its arguments by local name, the UsernameToken. */
interface SoapRequest {
  operation: EdocOperation;
  args: Record<string, unknown>;
  token: UsernameToken | undefined;
}

/**
 * The endpoint written for the contract's fixed operations (document/literal wrapped, ioffice-soap.md) instead of a
 * generic SOAP server: the request is read with a strict small reader, the operation named by the Body's element,
 * every call authenticated first (AUTH_FAILED), then possibly refused as BUSY, then run. Answers are the contract's
 * envelopes: `<Operation>Response` in the service namespace, list items as repeated `item`; faults with `faultcode`
 * soap:Client (soap:Server for BUSY), `faultstring` "<CODE>: <text>" and an unqualified `detail/code`, HTTP 500.
 */
export function createEdocEndpoint(deps: EdocEndpointDeps): EdocEndpoint {
  let wsdl: Buffer | undefined;
  return {
    get(req, res, url) {
      if ((req.method === 'GET' || req.method === 'HEAD') && [...url.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl')) {
        wsdl ??= Buffer.from(deps.wsdl(), 'utf8');
        res.writeHead(200, { 'content-type': 'application/xml', 'content-length': wsdl.length });
        res.end(wsdl);
        return;
      }
      const text = `GET ${url.pathname}?wsdl for the WSDL; SOAP 1.1 requests are POSTed`;
      if (req.method === 'GET' || req.method === 'HEAD') plain(res, 400, text);
      else plain(res, 405, text, { allow: 'GET, POST' });
    },

    async post(envelope, res) {
      try {
        const request = readRequest(envelope);
        const { operation } = request;
        checkUsernameToken(request.token, deps.credentials);
        const faults = deps.faults();
        if (appliesTo(faults, operation) && deps.random().chance(faults.busyProbability)) {
          throw new EdocFault('BUSY', 'iOffice is busy; retry later');
        }
        const result: object = await deps.operations[operation](request.args);
        send(
          res,
          200,
          `${ENVELOPE_START}<${operation}Response xmlns="${EDOC_NAMESPACE}">${fieldsXml(result)}</${operation}Response>${ENVELOPE_END}`,
        );
      } catch (error) {
        // Anything else is the HTTP front's: it drops the connection of a reply abandoned on close or reset, and
        // logs and answers 500 to an unexpected error.
        if (error instanceof EdocFault) return send(res, 500, faultXml(error));
        throw error;
      }
    },
  };
}

/** Reads the envelope: its Body's element names the operation (soapAction is not needed to dispatch). */
function readRequest(text: string): SoapRequest {
  let envelope: XmlElement;
  try {
    envelope = readXml(text);
  } catch (error) {
    if (error instanceof XmlReadError) throw new EdocFault('INVALID_REQUEST', `the request is not well-formed XML (${error.reason})`);
    throw error;
  }
  if (envelope.name !== 'Envelope' || envelope.namespace !== SOAP_ENV)
    throw new EdocFault('INVALID_REQUEST', `the request is not a SOAP 1.1 envelope (${SOAP_ENV})`);
  const body = envelope.children.find((c) => c.name === 'Body' && c.namespace === SOAP_ENV);
  const call = body?.children[0];
  if (!call) throw new EdocFault('INVALID_REQUEST', 'soap:Body holds no request element');
  if (!(EDOC_OPERATIONS as readonly string[]).includes(call.name))
    throw new EdocFault('INVALID_REQUEST', `unknown operation ${call.name}; the operations are ${EDOC_OPERATIONS.join(', ')}`);
  const header = envelope.children.find((c) => c.name === 'Header' && c.namespace === SOAP_ENV);
  return { operation: call.name as EdocOperation, args: argsOf(call), token: readUsernameToken(header) };
}

/**
 * The request element's children by local name: a simple element gives its text; a repeated one, one with
 * attributes (`xsi:nil` included) or with child elements gives no text, which the operations refuse as missing.
 */
function argsOf(call: XmlElement): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const child of call.children) {
    const simple = child.children.length === 0 && [...child.attributes.keys()].every((k) => k === 'xmlns' || k.startsWith('xmlns:'));
    args[child.name] = child.name in args || !simple ? null : child.text;
  }
  return args;
}

/** A response's fields in the order the operation gives them (the WSDL's); an array is one repeated element per item. */
function fieldsXml(values: object): string {
  let xml = '';
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const item of value as object[]) xml += `<${name}>${fieldsXml(item)}</${name}>`;
    else xml += `<${name}>${escapeText(String(value))}</${name}>`;
  }
  return xml;
}

function faultXml(fault: EdocFault): string {
  return (
    `${ENVELOPE_START}<soap:Fault><faultcode>${faultcodeOf(fault)}</faultcode><faultstring>${escapeText(fault.message)}</faultstring>` +
    `<detail><code>${fault.code}</code></detail></soap:Fault>${ENVELOPE_END}`
  );
}

function escapeText(value: string): string {
  return /[&<>"]/.test(value) ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : value;
}

function send(res: ServerResponse, status: number, xml: string): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, { 'content-type': SOAP_CONTENT_TYPE, 'content-length': body.length });
  res.end(body);
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}
