import { Agent as HttpAgent, type IncomingMessage, type RequestOptions, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type XmlElement, XmlReadError, childNamed, readXml } from '@lienthong/runtime/xml/xml.reader';

/** The five operations of the contract (ioffice-soap.md). */
export type IofficeOperation = 'SendEdoc' | 'GetSentEdocList' | 'GetReceivedEdocList' | 'GetEdoc' | 'UpdateStatus';

/** Target namespace of the edoc service (ioffice-soap.md, "WSDL shape"); `soapAction` is `<namespace>#<Operation>`. */
export const EDOC_NAMESPACE = 'urn:vnpt:ioffice:edoc:v1';
export const EDOC_OPERATIONS: readonly IofficeOperation[] = [
  'SendEdoc',
  'GetSentEdocList',
  'GetReceivedEdocList',
  'GetEdoc',
  'UpdateStatus',
];
const SOAP11_ENVELOPE = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
/**
 * An idle kept-alive connection is closed by the client after this long, before a server's usual keep-alive timeout
 * (5 s for Node, more for most others) closes it under a request in flight.
 */
const IDLE_SOCKET_MS = 4_000;

/** iOffice answered with a SOAP Fault. `code` is `detail/code`, else the `CODE:` prefix of `faultstring`. */
export class SoapFaultAnswer extends Error {
  constructor(
    readonly faultcode: string,
    readonly faultstring: string,
    readonly code: string,
  ) {
    super(`${faultcode}: ${faultstring}`);
  }
}

/** iOffice answered with an HTTP status other than 200, without a SOAP Fault. */
export class HttpStatusAnswer extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** The answer was larger than the limit (`IOFFICE_MAX_EDXML_BYTES` and room for the envelope). */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

/** The answer was not the SOAP envelope the contract describes (not XML, no Body, another response element). */
export class UnexpectedAnswer extends Error {}

/** An argument sent as the base64 of these bytes, written into the request in pieces (SendEdoc's `edxml`). */
export interface Base64Arg {
  readonly base64Of: Buffer;
}

/** Arguments of an operation, in the order of its request element's sequence; undefined ones are left out. */
export type EdocArgs = ReadonlyArray<readonly [string, string | number | Base64Arg | undefined]>;

/** Bytes of the input base64-encoded per piece of the request body (a multiple of 3: pieces join into one base64 text). */
const BASE64_PIECE = 3 * 64 * 1024;

export interface EdocSoapClientOptions {
  /** The endpoint (`IOFFICE_URL`); the WSDL is at `<url>?wsdl`. */
  readonly url: string;
  readonly systemId: string;
  readonly secret: string;
  /** Whole-call deadline, connection included (`IOFFICE_TIMEOUT_MS`). */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

/**
 * A SOAP 1.1 client written for the five fixed operations of the edoc contract (document/literal wrapped, namespace
 * `urn:vnpt:ioffice:edoc:v1`, WS-Security UsernameToken with PasswordText), over kept-alive HTTP connections.
 * Requests are built from a template (values escaped), answers read with a strict small XML reader; the WSDL at
 * `<url>?wsdl` is checked once against the contract (`checkWsdl`). Errors are the answers as they came (a SOAP Fault,
 * an HTTP status, a socket error with its `code`): classifying them is the caller's (`iofficeErrorOf`).
 */
export class EdocSoapClient {
  private readonly target: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;
  private readonly envelopeStart: string;

  constructor(private readonly options: EdocSoapClientOptions) {
    this.target = new URL(options.url);
    const https = this.target.protocol === 'https:';
    this.agent = https
      ? new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS })
      : new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
    this.send = https ? httpsRequest : httpRequest;
    this.envelopeStart =
      `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_ENVELOPE}" xmlns:tns="${EDOC_NAMESPACE}">` +
      `<soap:Header><wsse:Security xmlns:wsse="${WSSE}"><wsse:UsernameToken><wsse:Username>${escapeText(options.systemId)}</wsse:Username>` +
      `<wsse:Password Type="${PASSWORD_TEXT}">${escapeText(options.secret)}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body>`;
  }

  /**
   * Calls one operation; resolves with its response element (`<Operation>Response`). `readBody` turns the answer's
   * bytes into the text to read (GetEdoc lifts its large base64 out first); by default, the bytes as UTF-8.
   * A `Base64Arg` is encoded into the request body piece by piece, never as one string.
   */
  async call(
    operation: IofficeOperation,
    args: EdocArgs,
    readBody: (body: Buffer) => string = (body) => body.toString('utf8'),
  ): Promise<XmlElement> {
    const body: Array<string | Buffer> = [];
    let text = `${this.envelopeStart}<tns:${operation}>`;
    for (const [name, value] of args) {
      if (value === undefined) continue;
      if (typeof value === 'object') {
        body.push(`${text}<tns:${name}>`, value.base64Of);
        text = `</tns:${name}>`;
      } else {
        text += `<tns:${name}>${escapeText(String(value))}</tns:${name}>`;
      }
    }
    body.push(`${text}</tns:${operation}></soap:Body></soap:Envelope>`);
    const answer = await this.exchange('POST', this.target, body, {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `"${EDOC_NAMESPACE}#${operation}"`,
    });
    const element = readAnswer(readBody(answer.body), operation, answer.status);
    if (!element) throw new HttpStatusAnswer(answer.status);
    return element;
  }

  /**
   * Downloads the WSDL and checks it describes this contract: the target namespace and every operation with its
   * soapAction. Returns what is missing (empty when it fits).
   */
  async checkWsdl(): Promise<string[]> {
    const wsdlUrl = new URL(this.target);
    wsdlUrl.search = 'wsdl';
    const answer = await this.exchange('GET', wsdlUrl);
    if (answer.status !== 200) throw new HttpStatusAnswer(answer.status);
    let definitions: XmlElement;
    try {
      definitions = readXml(answer.body.toString('utf8'));
    } catch (error) {
      throw new UnexpectedAnswer(`the WSDL is not XML this client reads (${(error as Error).message})`);
    }
    const missing: string[] = [];
    if (definitions.name !== 'definitions' || definitions.attributes.get('targetNamespace') !== EDOC_NAMESPACE)
      missing.push(`targetNamespace ${EDOC_NAMESPACE}`);
    const actions = new Map<string, string | undefined>();
    for (const binding of definitions.children.filter((c) => c.name === 'binding')) {
      for (const op of binding.children.filter((c) => c.name === 'operation'))
        actions.set(op.attributes.get('name') ?? '', childNamed(op, 'operation')?.attributes.get('soapAction'));
    }
    for (const operation of EDOC_OPERATIONS) {
      const action = actions.get(operation);
      if (!actions.has(operation)) missing.push(`operation ${operation}`);
      else if (action && action !== `${EDOC_NAMESPACE}#${operation}`)
        missing.push(`soapAction ${EDOC_NAMESPACE}#${operation} (it says ${action})`);
    }
    return missing;
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /**
   * One request. `body` parts are strings (UTF-8) or bytes sent as base64, written piece by piece as the socket takes
   * them; the answer is read into one buffer (of its declared length when it declares one), at most `maxResponseBytes`.
   */
  private exchange(
    method: 'GET' | 'POST',
    url: URL,
    body?: ReadonlyArray<string | Buffer>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Buffer }> {
    const parts = body?.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part));
    const length = parts?.reduce((sum, part, i) => sum + (typeof body![i] === 'string' ? part.length : 4 * Math.ceil(part.length / 3)), 0);
    const limit = this.options.maxResponseBytes;
    return new Promise((resolve, reject) => {
      const options: RequestOptions = {
        method,
        agent: this.agent,
        headers: { ...headers, ...(length !== undefined ? { 'content-length': String(length) } : {}) },
      };
      const req = this.send(url, options, (res: IncomingMessage) => {
        const declared = Number(res.headers['content-length']);
        if (declared > limit) return req.destroy(new ResponseTooLarge(limit));
        // A declared length is read into one buffer of that size: no list of chunks and a copy of them all.
        const known = Number.isInteger(declared) && declared >= 0 ? Buffer.allocUnsafe(declared) : undefined;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size + chunk.length > limit) return req.destroy(new ResponseTooLarge(limit));
          if (known && size + chunk.length <= known.length) chunk.copy(known, size);
          else chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => {
          clearTimeout(deadline);
          const answer =
            known && size === known.length
              ? known
              : Buffer.concat(known ? [known.subarray(0, Math.min(size, known.length)), ...chunks] : chunks);
          resolve({ status: res.statusCode ?? 0, body: answer });
        });
        res.on('error', (error) => {
          clearTimeout(deadline);
          reject(error);
        });
      });
      // One deadline for the whole call, connecting included; the socket is dropped (never reused) when it passes.
      const deadline = setTimeout(
        () => req.destroy(Object.assign(new Error(`timeout of ${this.options.timeoutMs} ms exceeded`), { code: 'ETIMEDOUT' })),
        this.options.timeoutMs,
      );
      req.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      writeBody(req, parts, body).then(
        () => {
          if (!req.destroyed) req.end();
        },
        (error: Error) => req.destroy(error),
      );
    });
  }
}

/** Writes the parts, base64-encoding the byte parts piece by piece, waiting for the socket to drain between pieces. */
async function writeBody(
  req: NodeJS.WritableStream & { destroyed?: boolean },
  parts: Buffer[] | undefined,
  source: ReadonlyArray<string | Buffer> | undefined,
): Promise<void> {
  if (!parts || !source) return;
  const write = (chunk: Buffer | string): Promise<void> | undefined => {
    if (req.write(chunk)) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        req.off('drain', done);
        req.off('close', done);
        resolve();
      };
      req.once('drain', done);
      req.once('close', done);
    });
  };
  for (const [i, part] of parts.entries()) {
    if (req.destroyed) return;
    if (typeof source[i] === 'string') {
      await write(part);
      continue;
    }
    for (let at = 0; at < part.length && !req.destroyed; at += BASE64_PIECE)
      await write(part.toString('base64', at, Math.min(part.length, at + BASE64_PIECE)));
  }
}

/**
 * The response element of an answer, or throws its SOAP Fault. Undefined for an answer with no envelope at all on an
 * HTTP error status (a proxy's 503 page): the caller reports the status.
 */
export function readAnswer(text: string, operation: IofficeOperation, status = 200): XmlElement | undefined {
  let envelope: XmlElement;
  try {
    envelope = readXml(text);
  } catch (error) {
    if (status !== 200) return undefined;
    throw new UnexpectedAnswer(
      `${operation}: the answer is not well-formed XML (${error instanceof XmlReadError ? error.reason : String(error)})`,
    );
  }
  const body = envelope.name === 'Envelope' && envelope.namespace === SOAP11_ENVELOPE ? childNamed(envelope, 'Body') : undefined;
  const first = body?.children[0];
  if (!first) {
    if (status !== 200) return undefined;
    throw new UnexpectedAnswer(`${operation}: the answer is not a SOAP 1.1 envelope with a Body`);
  }
  if (first.name === 'Fault') {
    const faultstring = childNamed(first, 'faultstring')?.text.trim() ?? '';
    const detailCode = childNamed(childNamed(first, 'detail'), 'code')?.text.trim();
    const code = detailCode || /^([A-Z_]+):/.exec(faultstring)?.[1] || 'UNKNOWN';
    throw new SoapFaultAnswer(childNamed(first, 'faultcode')?.text.trim() ?? '', faultstring, code);
  }
  if (status !== 200) return undefined;
  if (first.name !== `${operation}Response`)
    throw new UnexpectedAnswer(`${operation}: the answer holds <${first.name}>, not <${operation}Response>`);
  return first;
}

/** The text of each child element of `parent`, by local name (the last one wins). */
export function fieldsOf(parent: XmlElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const child of parent.children) fields[child.name] = child.text;
  return fields;
}

// Characters XML 1.0 cannot carry at all: dropped, rather than sending a request no server can parse.
const NOT_XML_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text content for XML (also inside a double-quoted attribute); drops characters XML cannot carry. */
export function escapeText(value: string): string {
  return /[&<>"\r]|[^\x20-\x7e\u00a0-\ud7ff]/u.test(value)
    ? value
        .replace(NOT_XML_CHAR, '')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/\r/g, '&#13;')
    : value;
}
