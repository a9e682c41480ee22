import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractViolation, TransientFailure } from '@lienthong/messaging';
import { eventually } from '@lienthong/messaging/testing/test-broker';
import { DocumentHosts } from './document-hosts';
import { type FetchPolicy, type FileReference, type Resolver, fetchVerified, fetchVerifiedToFile } from './verified-fetch';

/** A local HTTP server that records every request it gets. */
async function recordingServer(
  handle: (path: string, res: import('node:http').ServerResponse) => void,
): Promise<{ server: Server; port: number; requests: Array<{ path: string; headers: IncomingHttpHeaders }> }> {
  const requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    handle(req.url ?? '', res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

/**
 * The claim check's fetch against real sockets: only allowed hosts, internal addresses refused on the address
 * actually connected to, no redirects, and nothing about a refused or mismatching document in the reason.
 */
describe('fetchVerified', () => {
  const secret = Buffer.from('{"instance-id":"i-0abc","iam":"role/production-secrets"} tài liệu nội bộ', 'utf8');
  const pdf = Buffer.from('%PDF-1.4\n% Giấy phép xây dựng — bản dự thảo\n%%EOF\n', 'utf8');
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  let files: Awaited<ReturnType<typeof recordingServer>>;
  let internal: Awaited<ReturnType<typeof recordingServer>>;

  beforeAll(async () => {
    internal = await recordingServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(secret));
    files = await recordingServer((path, res) => {
      if (path === '/draft.pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
      if (path === '/redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${internal.port}/latest/meta-data` }).end();
      if (path === '/busy') return void res.writeHead(503).end();
      if (path === '/gone') return void res.writeHead(404).end();
      res.writeHead(500).end();
    });
  });
  afterAll(() => {
    files.server.close();
    internal.server.close();
  });
  beforeEach(() => {
    files.requests.length = 0;
    internal.requests.length = 0;
  });

  const policy = (hosts: string, extra: Partial<FetchPolicy> = {}): FetchPolicy => ({
    timeoutMs: 2000,
    maxBytes: 1024 * 1024,
    hosts: DocumentHosts.parse(hosts),
    ...extra,
  });
  const ref = (url: string, content = pdf): FileReference => ({
    url,
    sha256: sha(content),
    sizeBytes: content.length,
    contentType: 'application/pdf',
  });
  const refusal = async (promise: Promise<unknown>): Promise<ContractViolation> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractViolation);
    return error as ContractViolation;
  };
  /** The reason says nothing of what the bus found behind the URL. */
  const tellsNothing = (error: ContractViolation, content: Buffer): void => {
    const text = JSON.stringify(error.reasons);
    expect(text).not.toContain(sha(content));
    expect(text).not.toMatch(new RegExp(`\\b${content.length}\\b`));
  };

  it('fetches a document from an allowed host and checks it', async () => {
    const content = await fetchVerified(
      ref(`http://127.0.0.1:${files.port}/draft.pdf`),
      'draftDecision.file',
      policy(`127.0.0.1:${files.port}`),
    );
    expect(content.equals(pdf)).toBe(true);
  });

  it('refuses 127.0.0.1 on a port that is not listed, without connecting to it', async () => {
    const error = await refusal(
      fetchVerified(
        ref(`http://127.0.0.1:${internal.port}/latest/meta-data`, secret),
        'draftDecision.file',
        policy(`127.0.0.1:${files.port}`),
      ),
    );
    expect(error.reasons).toEqual([
      { field: 'draftDecision.file.url', problem: expect.stringContaining('not an allowed document host (DOCUMENT_HOSTS)') },
    ]);
    tellsNothing(error, secret);
    expect(internal.requests).toEqual([]);
  });

  it('refuses the cloud metadata address even when every name is allowed (*)', async () => {
    const error = await refusal(
      fetchVerified(ref('http://169.254.169.254/latest/meta-data/iam', secret), 'decision.file', policy(`*,127.0.0.1:${files.port}`)),
    );
    expect(error.reasons).toEqual([{ field: 'decision.file.url', problem: expect.stringContaining('169.254.169.254') }]);
  });

  it('does not follow a redirect, not even from an allowed host to an internal one', async () => {
    const error = await refusal(
      fetchVerified(ref(`http://127.0.0.1:${files.port}/redirect`, secret), 'draftDecision.file', policy(`127.0.0.1:${files.port}`)),
    );
    expect(error.reasons).toEqual([{ field: 'draftDecision.file.url', problem: expect.stringContaining('HTTP 302 (a redirect)') }]);
    expect(files.requests.map((r) => r.path)).toEqual(['/redirect']);
    expect(internal.requests).toEqual([]);
    tellsNothing(error, secret);
  });

  it('refuses a name allowed by a wildcard that resolves to an internal address, checked on the lookup the connection uses', async () => {
    const lookups: string[] = [];
    const resolver =
      (answers: Record<string, string[]>): Resolver =>
      async (host) => {
        lookups.push(host);
        return (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      };
    const resolve = resolver({
      'docs.langson.example': ['10.20.0.15'],
      'meta.langson.example': ['::ffff:169.254.169.254'],
      'mixed.langson.example': ['203.162.4.190', '127.0.0.1'],
      'loop.langson.example': ['127.0.0.1'],
    });
    for (const host of ['docs', 'meta', 'mixed', 'loop']) {
      const error = await refusal(
        fetchVerified(
          ref(`http://${host}.langson.example:${internal.port}/secret`, secret),
          'draftDecision.file',
          policy('*.langson.example', { resolve }),
        ),
      );
      expect(error.reasons).toEqual([
        { field: 'draftDecision.file.url', problem: expect.stringContaining('resolves to an internal address') },
      ]);
      expect(JSON.stringify(error.reasons)).not.toMatch(/10\.20\.0\.15|169\.254|127\.0\.0\.1/);
    }
    expect(lookups).toEqual(['docs.langson.example', 'meta.langson.example', 'mixed.langson.example', 'loop.langson.example']); // one lookup per fetch: nothing to rebind between check and connect
    expect(internal.requests).toEqual([]);
    // The same name listed exactly is the operator's choice (an internal document store): connected to the address the lookup gave.
    const content = await fetchVerified(
      ref(`http://loop.langson.example:${files.port}/draft.pdf`),
      'draftDecision.file',
      policy(`loop.langson.example:${files.port}`, { resolve }),
    );
    expect(content.equals(pdf)).toBe(true);
  });

  it('refuses a real DNS name (localhost) that resolves to loopback when only a wildcard allows it', async () => {
    const error = await refusal(
      fetchVerified(ref(`http://localhost:${files.port}/draft.pdf`), 'draftDecision.file', policy(`*,127.0.0.1:${files.port}`)),
    );
    expect(error.reasons[0].problem).toContain('resolves to an internal address');
    expect(files.requests).toEqual([]);
  });

  it('names the field of a mismatch without the size or digest of what it fetched', async () => {
    const url = `http://127.0.0.1:${files.port}/draft.pdf`;
    const wrongDigest = await refusal(
      fetchVerified({ ...ref(url), sha256: 'f'.repeat(64) }, 'draftDecision.file', policy(`127.0.0.1:${files.port}`)),
    );
    expect(wrongDigest.reasons).toEqual([{ field: 'draftDecision.file.sha256', problem: 'does not match the file at the url' }]);
    tellsNothing(wrongDigest, pdf);
    const tooSmall = await refusal(fetchVerified({ ...ref(url), sizeBytes: 10 }, 'draftDecision.file', policy(`127.0.0.1:${files.port}`)));
    expect(tooSmall.reasons).toEqual([{ field: 'draftDecision.file.sizeBytes', problem: 'is 10, but the file at the url is larger' }]);
    tellsNothing(tooSmall, pdf);
    const tooLarge = await refusal(
      fetchVerified({ ...ref(url), sizeBytes: pdf.length + 100 }, 'draftDecision.file', policy(`127.0.0.1:${files.port}`)),
    );
    expect(tooLarge.reasons).toEqual([
      { field: 'draftDecision.file.sizeBytes', problem: `is ${pdf.length + 100}, which is not the size of the file at the url` },
    ]);
    tellsNothing(tooLarge, pdf);
  });

  it('keeps transient and permanent apart: 503 and a refused connection are retried, 404 is the message’s fault', async () => {
    const allowed = policy(`127.0.0.1`);
    await expect(fetchVerified(ref(`http://127.0.0.1:${files.port}/busy`), 'f', allowed)).rejects.toBeInstanceOf(TransientFailure);
    const closed = await recordingServer(() => undefined);
    const port = closed.port;
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    await expect(fetchVerified(ref(`http://127.0.0.1:${port}/x`), 'f', allowed)).rejects.toBeInstanceOf(TransientFailure);
    const gone = await refusal(fetchVerified(ref(`http://127.0.0.1:${files.port}/gone`), 'f', allowed));
    expect(gone.reasons).toEqual([{ field: 'f.url', problem: 'could not be fetched: HTTP 404' }]);
  });

  it('sends the headers the caller gives for a URL (the service token to the bus only)', async () => {
    const headersFor = (url: URL): Record<string, string> => (url.port === String(files.port) ? { authorization: 'Bearer bus-only' } : {});
    await fetchVerified(ref(`http://127.0.0.1:${files.port}/draft.pdf`), 'f', { timeoutMs: 2000, maxBytes: 1 << 20, headersFor });
    expect(files.requests[0].headers.authorization).toBe('Bearer bus-only');
  });

  describe('documents of real size, streamed to a file (MAX_DOCUMENT_BYTES)', () => {
    const big = randomBytes(3 * 1024 * 1024);
    let dir: string;
    let sent = 0;
    let large: Awaited<ReturnType<typeof recordingServer>>;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'lienthong-fetch-'));
      large = await recordingServer((path, res) => {
        if (path === '/scan.pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end(big);
        // No content-length, and more than any reference declares: the bus must stop reading by itself.
        res.writeHead(200, { 'content-type': 'application/pdf' });
        sent = 0;
        const more = (): void => {
          while (sent < 64 * 1024 * 1024) {
            sent += 64 * 1024;
            if (!res.write(Buffer.alloc(64 * 1024, 0x41))) return void res.once('drain', more);
          }
          res.end();
        };
        res.on('close', () => (sent = -sent));
        more();
      });
    });
    afterAll(() => {
      large.server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes the document to the file as it arrives, checked against its size and digest', async () => {
      const path = join(dir, 'scan');
      await fetchVerifiedToFile(
        ref(`http://127.0.0.1:${large.port}/scan.pdf`, big),
        'documents.0.file',
        policy(`127.0.0.1:${large.port}`, { maxBytes: 25 * 1024 * 1024 }),
        path,
      );
      expect(readFileSync(path).equals(big)).toBe(true);
    });

    it('refuses a reference over the limit before connecting, naming the field, the limit and its setting', async () => {
      large.requests.length = 0;
      const error = await refusal(
        fetchVerified(
          { ...ref(`http://127.0.0.1:${large.port}/scan.pdf`, big), sizeBytes: 26 * 1024 * 1024 },
          'documents.0.file',
          policy(`127.0.0.1:${large.port}`, { maxBytes: 25 * 1024 * 1024, maxBytesName: 'MAX_DOCUMENT_BYTES' }),
        ),
      );
      expect(error.reasons).toEqual([
        {
          field: 'documents.0.file.sizeBytes',
          problem:
            'is 27262976 bytes, larger than the limit of 26214400 bytes (25.0 MiB, MAX_DOCUMENT_BYTES); the bus takes no document over it',
        },
      ]);
      expect(large.requests).toEqual([]);
    });

    it('stops reading a body that goes on past the declared size, and says so on the size field', async () => {
      const path = join(dir, 'endless');
      const error = await refusal(
        fetchVerifiedToFile(
          ref(`http://127.0.0.1:${large.port}/endless`, big),
          'documents.0.file',
          policy(`127.0.0.1:${large.port}`, { maxBytes: 25 * 1024 * 1024 }),
          path,
        ),
      );
      expect(error.reasons).toEqual([
        { field: 'documents.0.file.sizeBytes', problem: expect.stringContaining('the file at the url is larger') },
      ]);
      await eventually('the server cut off', () => sent < 0);
      expect(-sent).toBeLessThan(16 * 1024 * 1024); // long before its 64 MiB
      expect(statSync(path).size).toBeLessThanOrEqual(big.length);
    });
  });
});
