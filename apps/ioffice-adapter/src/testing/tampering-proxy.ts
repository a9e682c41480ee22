import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const EDOC_NS = 'urn:vnpt:ioffice:edoc:v1';

/**
 * Test helper: an HTTP proxy in front of an iOffice endpoint that forwards every request unchanged, except
 * `GetEdoc` for the docIds it was told to replace: those are answered with other bytes. It plays a
 * misbehaving (or hostile) iOffice, which a contract-following simulator never is.
 */
export class TamperingProxy {
  private readonly replaced = new Map<string, Buffer>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  /** Proxies to `target` (scheme, host and port of the real endpoint). */
  static async start(target: string): Promise<TamperingProxy> {
    const upstream = new URL(target);
    let self: TamperingProxy | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => self?.handle(req, res, Buffer.concat(chunks), upstream));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new TamperingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** From now on, `GetEdoc(docId)` answers `edxml` instead of what iOffice holds. */
  replaceGetEdoc(docId: string, edxml: Buffer): void {
    this.replaced.set(docId, edxml);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: Buffer, upstream: URL): void {
    const text = body.toString('utf8');
    const docId = /GetEdoc\b/.test(String(req.headers.soapaction ?? '')) ? /<(?:[\w.-]+:)?docId>([^<]+)</.exec(text)?.[1] : undefined;
    const replacement = docId === undefined ? undefined : this.replaced.get(docId.trim());
    if (replacement) {
      const xml = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><tns:GetEdocResponse xmlns:tns="${EDOC_NS}"><tns:edxml>${replacement.toString('base64')}</tns:edxml></tns:GetEdocResponse></soap:Body></soap:Envelope>`;
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(xml);
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    res.on('close', () => forward.destroy());
    forward.end(body);
  }
}
