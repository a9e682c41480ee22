import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Departments, loadDepartments } from '@lienthong/config';
import { sampleDossierAppraised, sampleDossierReceived } from '@lienthong/contracts';
import { DeadLetterStore, vietnamTimestamp } from '@lienthong/messaging';
import { TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { type TestService, startTestService } from '@lienthong/messaging/testing/test-service';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { BlobController } from '@lienthong/runtime';
import { ORCHESTRATOR_PROVIDERS } from '../orchestrator.module';
import { ORCHESTRATOR_MIGRATIONS } from '../orchestrator.migrations';
import { OrchestratorBlobs } from './blob.store';

const MB = 1024 * 1024;

/**
 * Documents of real size through the claim check (issue 9 item 7): a 20 MB draft of Sở Kế hoạch và Đầu tư (SKHĐT)
 * is streamed to BLOB_DIR, checked and forwarded by reference; a 26 MB reference is refused naming the field and
 * MAX_DOCUMENT_BYTES, kept as a dead letter, and the bus never asks for it. The bytes are generated here.
 */
describe('claim check with documents of real size (SKHĐT)', () => {
  const SKHDT = '000.00.05.H36';
  let broker: TestBroker;
  let svc: TestService;
  let databaseUrl: string;
  let seen: Observed[];
  let files: Server;
  const requested: string[] = [];
  const scan = randomBytes(20 * MB);
  let base: string;

  jest.setTimeout(120_000);

  beforeAll(async () => {
    files = createServer((req, res) => {
      requested.push(req.url ?? '');
      if (req.url === '/scan.pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end(scan);
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(26 * MB));
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    process.env.BLOB_DIR = join(tmpdir(), `lienthong-large-blobs-${randomBytes(4).toString('hex')}`);
    broker = await TestBroker.connect();
    seen = await broker.observe('dossier.#', 'dms.send-requested', 'lienthong.message-rejected');
    databaseUrl = testDatabaseUrls()[0].url();
    svc = await startTestService({
      service: `orch-large-${randomBytes(3).toString('hex')}`,
      databaseUrl,
      migrations: ORCHESTRATOR_MIGRATIONS,
      providers: [
        { provide: Departments, useFactory: () => loadDepartments(join(__dirname, '../../../../config/departments.yaml')) },
        ...ORCHESTRATOR_PROVIDERS,
      ],
      controllers: [BlobController],
    });
  });

  afterAll(async () => {
    files.close();
    await svc?.close();
    await broker.deleteQueues(svc.queues);
    await broker.close();
    await dropTestSchema(databaseUrl);
    rmSync(process.env.BLOB_DIR!, { recursive: true, force: true });
    delete process.env.BLOB_DIR;
  });

  const of = (code: string, key: string): Observed[] => seen.filter((m) => m.body.dossierCode === code && m.routingKey === key);
  const received = async (): Promise<string> => {
    const code = `${SKHDT}-${randomBytes(4).toString('hex')}`;
    await broker.publish(
      'onestop.dossier.received',
      sampleDossierReceived({
        dossierCode: code,
        agencyCode: SKHDT,
        receivedAt: vietnamTimestamp(new Date()),
        dueAt: vietnamTimestamp(new Date(Date.now() + 7 * 86_400_000)),
      }),
    );
    await eventually(`${code} received`, () => of(code, 'dossier.status-changed').some((m) => m.body.stage === 'RECEIVED'));
    return code;
  };
  const appraised = (code: string, file: { url: string; sha256: string; sizeBytes: number }) => {
    const sample = sampleDossierAppraised({ dossierCode: code });
    return { ...sample, draftDecision: { ...sample.draftDecision!, file: { ...file, contentType: 'application/pdf' } } };
  };

  it('a 20 MB draft is streamed to BLOB_DIR, checked, and forwarded by the bus’s own reference', async () => {
    const code = await received();
    const sha256 = createHash('sha256').update(scan).digest('hex');
    await broker.publish('onestop.dossier.appraised', appraised(code, { url: `${base}/scan.pdf`, sha256, sizeBytes: scan.length }));
    await eventually('the package for signing', () => of(code, 'dms.send-requested').length === 1, 60_000);
    expect(of(code, 'dms.send-requested')[0].body).toMatchObject({
      agencyCode: SKHDT,
      attachments: [
        expect.objectContaining({
          file: expect.objectContaining({ sha256, sizeBytes: scan.length, url: expect.stringMatching(/\/blobs\/[0-9a-f]{64}$/) }),
        }),
      ],
    });
    const blob = svc.app.get(OrchestratorBlobs).get(sha256)!;
    expect(blob.sizeBytes).toBe(scan.length);
    expect(createHash('sha256').update(readFileSync(blob.path)).digest('hex')).toBe(sha256);
  });

  it('a 26 MB reference is refused naming the field and MAX_DOCUMENT_BYTES, a dead letter, never fetched', async () => {
    const code = await received();
    requested.length = 0;
    const id = await broker.publish(
      'onestop.dossier.appraised',
      appraised(code, { url: `${base}/large.pdf`, sha256: 'a'.repeat(64), sizeBytes: 26 * MB }),
    );
    await eventually('rejected', () => seen.some((m) => m.routingKey === 'lienthong.message-rejected' && m.body.rejectedMessageId === id));
    expect(seen.find((m) => m.body.rejectedMessageId === id)!.body.reasons).toEqual([
      {
        field: 'draftDecision.file.sizeBytes',
        problem:
          'is 27262976 bytes, larger than the limit of 26214400 bytes (25.0 MiB, MAX_DOCUMENT_BYTES); the bus takes no document over it',
      },
    ]);
    expect(requested).toEqual([]);
    expect(of(code, 'dms.send-requested')).toEqual([]);
    const letters = await svc.app.get(DeadLetterStore).list({ limit: 50 });
    expect(letters.items.some((l) => l.messageId === id)).toBe(true);
  });
});
