import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceAuth } from '@lienthong/runtime';
import { AttachmentFetcher } from './attachment.fetcher';

/** The adapter fetches the bus's blobs with the service token, and never hands that token to another host. */
describe('AttachmentFetcher and the service token', () => {
  const content = Buffer.from('%PDF-1.4\n% bản dự thảo\n%%EOF\n', 'utf8');
  const servers: Server[] = [];
  const serve = async (): Promise<{ base: string; headers: IncomingHttpHeaders[] }> => {
    const headers: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      headers.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(content);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers };
  };
  afterAll(() => servers.forEach((s) => s.close()));

  it('sends Authorization to the orchestrator and itself only', async () => {
    const [orchestrator, self, elsewhere] = [await serve(), await serve(), await serve()];
    const auth = ServiceAuth.fromEnv({ SERVICE_TOKEN: 's'.repeat(40) });
    const fetcher = new AttachmentFetcher(2000, 1 << 20, auth, [self.base, orchestrator.base]);
    const file = (base: string) => ({
      url: `${base}/blobs/x`,
      sha256: createHash('sha256').update(content).digest('hex'),
      sizeBytes: content.length,
      contentType: 'application/pdf',
    });
    await fetcher.fetchAll([
      { name: 'du-thao.pdf', file: file(orchestrator.base) },
      { name: 'ket-qua.pdf', file: file(self.base) },
      { name: 'khac.pdf', file: file(elsewhere.base) },
    ]);
    expect(orchestrator.headers[0].authorization).toBe(`Bearer ${'s'.repeat(40)}`);
    expect(self.headers[0].authorization).toBe(`Bearer ${'s'.repeat(40)}`);
    expect(elsewhere.headers[0].authorization).toBeUndefined();
  });
});
