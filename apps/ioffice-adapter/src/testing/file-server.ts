import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FileRef } from '@lienthong/contracts';

/** Test helper: serves files over real HTTP, as the producer's file store would, and hands out their `FileRef`. */
export class TestFileServer {
  private readonly files = new Map<string, { content: Buffer; contentType: string }>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<TestFileServer> {
    let self: TestFileServer | undefined;
    const server = createServer((req, res) => {
      const file = self?.files.get(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1)));
      if (!file) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.content.length }).end(file.content);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new TestFileServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** Serves `content` at `/<name>`; returns the reference a message would carry. */
  serve(name: string, content: Buffer, contentType = 'application/pdf'): FileRef {
    this.files.set(name, { content, contentType });
    return {
      url: `${this.baseUrl}/${encodeURIComponent(name)}`,
      sha256: createHash('sha256').update(content).digest('hex'),
      sizeBytes: content.length,
      contentType,
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
