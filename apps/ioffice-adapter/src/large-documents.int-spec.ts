/**
 * Documents of real size (issue 9 item 7): a 20 MB scan flows through the adapter both ways against the iOffice
 * simulator (SendEdoc with the attachment, the signed decision back through GetEdoc, verified and stored), for a
 * department whose abbreviation has Vietnamese letters (SKHĐT); 26 MB is refused both ways naming the limit.
 * The bytes are generated, never committed. Memory is measured by `npm run bench:documents`, not here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DmsSendRequestedMessage, sampleDmsSendRequested } from '@lienthong/contracts';
import { vietnamTimestamp } from '@lienthong/messaging';
import { TEST_AMQP_URL, TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { ServiceAuth } from '@lienthong/runtime';
import { type IofficeSimulator, startIofficeSimulator } from '../../sim-ioffice/src';
import { buildEdxmlBytes } from './edxml/edxml.builder';
import { IOfficeSoapAdapter } from './ioffice/ioffice.soap-adapter';
import { AdapterConfig } from './ioffice-adapter.config';
import { type RunningAdapter, freePort, startAdapter, testAdapterConfig } from './testing/adapter.harness';
import { TestFileServer } from './testing/file-server';
import { TamperingProxy } from './testing/tampering-proxy';

const DEPARTMENTS = join(__dirname, '../../../config/departments.yaml');
const CENTER = '000.00.01.H36';
const SKHDT = '000.00.05.H36'; // Sở Kế hoạch và Đầu tư, SKHĐT: online approval
const MB = 1024 * 1024;
const LIMIT = 25 * MB;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

jest.setTimeout(180_000);

describe('documents of real size through the iOffice adapter (SKHĐT)', () => {
  let sim: IofficeSimulator;
  let proxy: TamperingProxy;
  let files: TestFileServer;
  let broker: TestBroker;
  let seen: Observed[];
  let workDir: string;
  let adapter: RunningAdapter;
  const databaseUrl = testDatabaseUrls()[0].url();

  const config = (port: number): AdapterConfig =>
    testAdapterConfig(
      { iofficeUrl: `${proxy.baseUrl}/EdocService`, trustAnchorsFile: sim.trustAnchorsFile, workDir, port },
      { timeoutMs: 60_000, pollMs: 100, maxEdxmlBytes: 36 * MB, maxDocumentBytes: LIMIT, fetchTimeoutMs: 60_000, confirmTimeoutMs: 10_000 },
    );

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'ioffice-large-'));
    sim = await startIofficeSimulator({
      port: 0,
      departmentsFile: DEPARTMENTS,
      pkiDir: join(workDir, 'pki'),
      stepDelayMs: 0,
      log: () => undefined,
    });
    proxy = await TamperingProxy.start(sim.url);
    files = await TestFileServer.start();
    broker = await TestBroker.connect();
    seen = await broker.observe('dms.package-sent', 'dms.decision-received');
    const port = await freePort();
    adapter = await startAdapter({
      service: `ioffice-adapter-large-${randomBytes(4).toString('hex')}`,
      databaseUrl,
      amqpUrl: TEST_AMQP_URL,
      config: config(port),
      port,
    });
  });
  afterAll(async () => {
    const queues = adapter?.queues ?? [];
    await adapter?.close();
    await broker?.deleteQueues(queues);
    await broker?.close();
    await dropTestSchema(databaseUrl);
    await files?.close();
    await proxy?.close();
    await sim?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const command = (content: Buffer): DmsSendRequestedMessage & { ref: string } => {
    const ref = `HS-${randomBytes(4).toString('hex')}`;
    const draft = files.serve(`${ref}.pdf`, content);
    return {
      ...sampleDmsSendRequested({
        agencyCode: SKHDT,
        purpose: 'sign',
        dossierCode: ref,
        requestedAt: vietnamTimestamp(new Date()),
        attachments: [{ name: `Dự thảo ${ref}.pdf`, file: draft }],
      }),
      ref,
    };
  };
  const send = ({ ref, ...body }: DmsSendRequestedMessage & { ref: string }): Promise<string> =>
    broker.publish('dms.send-requested', body, { correlationId: ref });
  const about = (ref: string, type: string): Observed[] => seen.filter((m) => m.routingKey === type && m.body.dossierCode === ref);

  it('a 20 MB draft goes out in SendEdoc and comes back as a 20 MB signed decision, verified, stored and served', async () => {
    const scan = randomBytes(20 * MB);
    const cmd = command(scan);
    await send(cmd);
    await eventually('the numbered decision', () => about(cmd.ref, 'dms.decision-received').length === 1, 150_000);

    const [sent] = about(cmd.ref, 'dms.package-sent');
    const delivered = sim.document(String(sent.body.docId))!;
    expect(delivered.edxml.length).toBeGreaterThan((20 * MB * 4) / 3); // the attachment travelled in base64, whole
    const decision = about(cmd.ref, 'dms.decision-received')[0].body as {
      decision: {
        notation: string;
        file: { url: string; sha256: string; sizeBytes: number };
        signature: { verified: boolean; signerCertificateSubject?: string };
      };
    };
    expect(decision.decision.notation).toMatch(/-SKHĐT$/);
    expect(decision.decision.signature).toMatchObject({
      verified: true,
      signerCertificateSubject: expect.stringContaining('CN=Sở Kế hoạch và Đầu tư'),
    });
    expect(decision).not.toHaveProperty('verificationFailure');
    expect(decision.decision.file).toMatchObject({ sha256: sha256(scan), sizeBytes: scan.length });
    const res = await fetch(decision.decision.file.url, { headers: ServiceAuth.fromEnv().headers() });
    expect(res.status).toBe(200);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(scan));
  });

  it('a 26 MB draft is refused before it is fetched, naming the field and the limit: a dead letter, nothing sent', async () => {
    const cmd = command(Buffer.alloc(1)); // the reference says 26 MB; the bus must not even ask for it
    const big = { ...cmd, attachments: [{ ...cmd.attachments[0], file: { ...cmd.attachments[0].file, sizeBytes: 26 * MB } }] };
    const before = (await adapter.deadLetters.list()).total;
    await send(big);
    await eventually('the dead letter', async () => (await adapter.deadLetters.list()).total === before + 1);
    const [letter] = (await adapter.deadLetters.list({ limit: 1 })).items;
    expect(letter.reasons).toEqual([
      {
        field: 'attachments.0.file.sizeBytes',
        problem: expect.stringContaining('larger than the limit of 26214400 bytes (25.0 MiB, MAX_DOCUMENT_BYTES)'),
      },
    ]);
    expect(about(cmd.ref, 'dms.package-sent')).toEqual([]);
  });

  it('a signed decision whose attachment is 26 MB is a dead letter naming the attachment and the limit, acknowledged fail', async () => {
    const injector = new IOfficeSoapAdapter(config(0));
    const placeholder = buildEdxmlBytes({
      header: {
        from: { organId: SKHDT },
        to: [{ organId: CENTER }],
        responseForDocumentId: `${CENTER},2026/04/20,HS-X/sign`,
        documentId: `${SKHDT},2026/04/21,HS-X/decision`,
        subject: 'Quyết định',
      },
      attachments: [],
      sentAt: new Date(),
    });
    const { docId } = await injector.send({
      fromOrganId: SKHDT,
      toOrganId: CENTER,
      messageType: 'edoc',
      documentId: 'test',
      edxml: placeholder,
    });
    injector.onModuleDestroy();
    const oversized = buildEdxmlBytes({
      header: {
        from: { organId: SKHDT },
        to: [{ organId: CENTER }],
        responseForDocumentId: `${CENTER},2026/04/20,HS-X/sign`,
        documentId: `${SKHDT},2026/04/21,HS-X/decision`,
        code: { number: '9', notation: 'QĐ-SKHĐT' },
        subject: 'Quyết định',
      },
      attachments: [{ name: '9-QĐ-SKHĐT.pdf', contentType: 'application/pdf', content: Buffer.alloc(26 * MB, 0x25) }],
      sentAt: new Date(),
    });
    proxy.replaceGetEdoc(docId, oversized);
    await eventually(
      'the dead letter',
      async () => (await adapter.deadLetters.list({ queue: `external:ioffice:${CENTER}` })).total === 1,
      60_000,
    );
    const [letter] = (await adapter.deadLetters.list({ queue: `external:ioffice:${CENTER}` })).items;
    expect(letter).toMatchObject({
      errorCode: 'EDXML.DOCUMENT_TOO_LARGE',
      reasons: [
        {
          field: 'AttachmentEncoded/Attachment[1]/ContentTransferEncoded',
          problem: expect.stringContaining('larger than the limit of 26214400 bytes (MAX_DOCUMENT_BYTES)'),
        },
      ],
    });
    const kept = (await adapter.deadLetters.get(letter.id))!;
    expect(Buffer.from(kept.body, kept.bodyEncoding).length).toBe(64 * 1024); // its beginning, not 35 MB in the database
    await eventually('acknowledged fail', () => sim.document(docId)?.ack?.status === 'fail', 30_000);
  });
});
