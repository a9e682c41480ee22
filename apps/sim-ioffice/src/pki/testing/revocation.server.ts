import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'http';
import type { AddressInfo } from 'net';
import type { CaName, TestPki } from '../test-pki';

/** How the server answers, changeable while it runs (a CA whose publication point is down, stale, forged...). */
export interface RevocationServerBehaviour {
  /** Answer every request with this HTTP status instead (e.g. 503: the publication point is down). */
  failWith?: number;
  /** CRLs: thisUpdate/nextUpdate (default now, now + 1 day). */
  crl?: { thisUpdate?: Date; nextUpdate?: Date };
  /** OCSP: who signs (default the issuer), thisUpdate/nextUpdate (default now, now + 1 hour). */
  ocsp?: { signer?: 'issuer' | 'delegated' | 'stranger'; thisUpdate?: Date; nextUpdate?: Date };
}

/**
 * Test helper: a CA's publication point over a real socket. `GET /crl/root.crl` and `/crl/issuing.crl` serve the
 * test PKI's CRLs (DER), `POST /ocsp` answers OCSP requests (RFC 6960), from what `TestPki.revoke` recorded.
 * It counts requests per path, so a test can see what was asked and what was cached.
 */
export class RevocationServer {
  readonly requests = new Map<string, number>();
  behaviour: RevocationServerBehaviour = {};

  private constructor(
    private readonly server: Server,
    private readonly pki: TestPki,
    readonly baseUrl: string,
  ) {}

  static async start(pki: TestPki): Promise<RevocationServer> {
    let self: RevocationServer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => self?.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new RevocationServer(server, pki, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  crlUrl(ca: CaName): string {
    return `${this.baseUrl}/crl/${ca}.crl`;
  }

  get ocspUrl(): string {
    return `${this.baseUrl}/ocsp`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const path = (req.url ?? '/').split('?')[0];
    this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
    if (this.behaviour.failWith) {
      res.writeHead(this.behaviour.failWith).end();
      return;
    }
    const crl = /^\/crl\/(root|issuing)\.crl$/.exec(path);
    if (req.method === 'GET' && crl) {
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(this.pki.crl(crl[1] as CaName, this.behaviour.crl));
      return;
    }
    if (req.method === 'POST' && path === '/ocsp') {
      res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(this.pki.ocspResponse(body, this.behaviour.ocsp));
      return;
    }
    res.writeHead(404).end();
  }
}
