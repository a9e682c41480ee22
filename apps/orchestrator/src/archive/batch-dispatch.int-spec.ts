import { VerdictSeal } from '@lienthong/runtime';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Departments, loadDepartments } from '@lienthong/config';
import {
  sampleDecisionApprovedAtCenter,
  sampleDecisionIssued,
  sampleDmsDecisionReceived,
  sampleDossierAppraised,
  sampleDossierReceived,
  type MessageBody,
} from '@lienthong/contracts';
import { DeadLetterStore, vietnamTimestamp } from '@lienthong/messaging';
import { TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { type TestService, startTestService } from '@lienthong/messaging/testing/test-service';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { ORCHESTRATOR_PROVIDERS } from '../orchestrator.module';
import { ORCHESTRATOR_MIGRATIONS } from '../orchestrator.migrations';
import { ArchiveController } from './archive.controller';

/**
 * Failure isolation of the archive handover, on the real broker and database: a batch whose dispatch fails is a
 * step of its own. The dossier transition that filled it commits and is announced; the batch waits as a dead
 * letter naming it; a replay once the cause is fixed dispatches it once. The department's abbreviation has
 * Vietnamese letters (SKHĐT), as real ones do.
 */
describe('archive batch dispatch, a step of its own', () => {
  const SKHDT = '000.00.20.H36';
  let dir: string;
  let blobDir: string;
  let broker: TestBroker;
  let svc: TestService;
  let databaseUrl: string;
  let seen: Observed[];
  let files: Server;
  let served: { url: string; sha256: string; sizeBytes: number; contentType: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-batch-'));
    blobDir = join(dir, 'blobs');
    process.env.BLOB_DIR = blobDir;
    const departmentsFile = join(dir, 'departments.yaml');
    writeFileSync(
      departmentsFile,
      `center:
  organId: "000.00.01.H36"
  name: "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn"
  address: { line: "Số 2 đường Hùng Vương", ward: "Phường Chi Lăng", province: "Lạng Sơn", provinceCode: "20", phone: "02053812345" }
departments:
  - agencyCode: "${SKHDT}"
    organId: "${SKHDT}"
    name: "Sở Kế hoạch và Đầu tư"
    abbreviation: "SKHĐT"
    appraisal: at-center
    approval: at-center
    delegatedToPost: false
    dms: ioffice
    archive:
      address: { recipient: "Văn thư Sở Kế hoạch và Đầu tư", phone: "02053870444", line: "Số 8 đường Lê Lợi", ward: "Phường Vĩnh Trại", province: "Lạng Sơn", provinceCode: "20" }
      maxBatch: 1
      cutoff: "16:30"
`,
    );
    const pdf = Buffer.from('%PDF-1.4\n% quyết định đã ký trên giấy\n%%EOF\n', 'utf8');
    files = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf));
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    served = {
      url: `http://127.0.0.1:${(files.address() as AddressInfo).port}/decision.pdf`,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      sizeBytes: pdf.length,
      contentType: 'application/pdf',
    };
    broker = await TestBroker.connect();
    seen = await broker.observe(
      'dossier.status-changed',
      'dms.send-requested',
      'postal.order-requested',
      'orchestrator.#',
      'lienthong.message-rejected',
    );
    databaseUrl = testDatabaseUrls()[0].url();
    svc = await startTestService({
      service: `orch-batch-${randomBytes(3).toString('hex')}`,
      databaseUrl,
      migrations: ORCHESTRATOR_MIGRATIONS,
      providers: [{ provide: Departments, useFactory: () => loadDepartments(departmentsFile) }, ...ORCHESTRATOR_PROVIDERS],
      controllers: [ArchiveController],
    });
  });

  afterAll(async () => {
    files?.close();
    await svc?.close();
    await broker?.deleteQueues(svc?.queues ?? []);
    await broker?.close();
    await dropTestSchema(databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  const stages = (code: string): string[] =>
    seen.filter((m) => m.routingKey === 'dossier.status-changed' && m.body.dossierCode === code).map((m) => String(m.body.stage));
  const waitStage = (code: string, stage: string): Promise<void> => eventually(`${code} at ${stage}`, () => stages(code).includes(stage));
  const forBatch = (key: string, batchId: string): Observed[] => seen.filter((m) => m.routingKey === key && m.body.batchId === batchId);

  /** A dossier of SKHĐT taken to ISSUED (approval on paper at the Center, numbered by the clerk). */
  const issued = async (): Promise<string> => {
    const code = `${SKHDT}-${randomBytes(4).toString('hex')}`;
    await broker.publish(
      'onestop.dossier.received',
      sampleDossierReceived({
        dossierCode: code,
        agencyCode: SKHDT,
        returnMethod: 'center',
        deliveryAddress: undefined,
        receivedAt: vietnamTimestamp(new Date()),
        dueAt: vietnamTimestamp(new Date(Date.now() + 86_400_000)),
      }),
    );
    await broker.publish('onestop.dossier.appraised', {
      ...sampleDossierAppraised({ dossierCode: code }),
      mode: 'at-center',
      draftDecision: { ...sampleDossierAppraised().draftDecision!, file: { ...served } },
    });
    await waitStage(code, 'AWAITING_APPROVAL');
    await broker.publish('onestop.decision.approved-at-center', {
      ...sampleDecisionApprovedAtCenter({ dossierCode: code }),
      decision: { ...sampleDecisionApprovedAtCenter().decision, file: { ...served } },
    });
    await waitStage(code, 'NUMBER_REQUESTED');
    const sample = sampleDmsDecisionReceived({ dossierCode: code, purpose: 'number', agencyCode: SKHDT });
    const decision = { ...sample.decision, number: 12, notation: 'QĐ-SKHĐT', documentNumber: '12/QĐ-SKHĐT' };
    // What the iOffice adapter publishes: the verdict sealed with the (development) key.
    await broker.publish(
      'dms.decision-received',
      VerdictSeal.fromEnv().seal({ ...sample, decision }) as MessageBody<'dms.decision-received'>,
      { appId: 'lienthong' },
    );
    await waitStage(code, 'READY_FOR_ISSUE');
    await broker.publish('onestop.decision.issued', sampleDecisionIssued({ dossierCode: code, documentNumber: '12/QĐ-SKHĐT' }));
    await waitStage(code, 'ISSUED');
    await eventually('the archive copy sent', () =>
      seen.some((m) => m.routingKey === 'dms.send-requested' && m.body.dossierCode === code && m.body.purpose === 'archive'),
    );
    return code;
  };

  it('commits and announces RETURNED although the batch it fills cannot be dispatched; the batch waits as a dead letter, and a replay dispatches it once', async () => {
    const code = await issued();
    // The disk under BLOB_DIR refuses the manifest: the blob directory is a file now.
    rmSync(blobDir, { recursive: true, force: true });
    writeFileSync(blobDir, 'not a directory');
    await broker.publish('onestop.dossier.result-returned', {
      dossierCode: code,
      returnedAt: vietnamTimestamp(new Date()),
      receivedBy: 'applicant',
    });

    // The fact and its announcements committed, whatever became of the batch.
    await waitStage(code, 'AWAITING_HANDOVER');
    expect(stages(code).slice(-2)).toEqual(['RETURNED', 'AWAITING_HANDOVER']);
    const [{ batch_id: batchId, state }] = await svc.db.query<{ batch_id: string; state: string }>(
      'SELECT i.batch_id, b.state FROM archive_batch_items i JOIN archive_batches b ON b.batch_id = i.batch_id WHERE i.dossier_code = $1',
      [code],
    );
    expect(batchId).toMatch(/^SKHDT-\d{6}-\d{6}-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(['open', 'closed']).toContain(state);

    // The dispatch step failed on its own, was retried, and waits as a dead letter naming the batch.
    const deadLetters = svc.app.get(DeadLetterStore);
    await eventually(
      'the dispatch dead-lettered',
      async () => (await deadLetters.list({ correlationId: batchId, status: 'open' })).total === 1,
      15_000,
    );
    const [letter] = (await deadLetters.list({ correlationId: batchId })).items;
    expect(letter).toMatchObject({ routingKey: 'orchestrator.batch-step-requested', errorCode: 'BUS.RETRIES_EXHAUSTED' });
    expect(letter.reasons[0].problem).toContain(blobDir);
    expect(forBatch('orchestrator.batch-step-requested', batchId).map((m) => m.body)).toEqual([
      expect.objectContaining({ step: 'dispatch', trigger: 'full', orderNumber: `LT-${batchId}` }),
    ]);
    expect(forBatch('postal.order-requested', batchId)).toEqual([]);
    expect(forBatch('dms.send-requested', batchId)).toEqual([]);
    expect((await svc.db.query<{ state: string }>('SELECT state FROM archive_batches WHERE batch_id = $1', [batchId]))[0].state).toBe(
      'closed',
    );
    expect(seen.filter((m) => m.routingKey === 'lienthong.message-rejected')).toEqual([]);

    // An operator asking for dispatch meanwhile changes nothing: the batch is closed, its dispatch is the dead letter.
    expect(await svc.app.get(ArchiveController).dispatch(SKHDT)).toEqual({ dispatched: 0 });

    // The cause fixed, the dead letter replayed: one postal order and one manifest package, under an ASCII order number.
    rmSync(blobDir, { force: true });
    await deadLetters.replay(letter.id, { actor: 'test' });
    await eventually(
      'dispatched',
      () => forBatch('postal.order-requested', batchId).length === 1 && forBatch('dms.send-requested', batchId).length === 1,
    );
    expect(forBatch('postal.order-requested', batchId)[0].body).toMatchObject({
      orderNumber: `LT-${batchId}`,
      serviceCode: 'BCCI-LT',
      receiver: expect.objectContaining({ name: 'Văn thư Sở Kế hoạch và Đầu tư' }),
    });
    expect(forBatch('dms.send-requested', batchId)[0].body).toMatchObject({ purpose: 'handover-manifest', dossierCodes: [code] });
    expect((await svc.db.query<{ state: string }>('SELECT state FROM archive_batches WHERE batch_id = $1', [batchId]))[0].state).toBe(
      'dispatching',
    );
    await expect(deadLetters.replay(letter.id, { actor: 'test' })).rejects.toThrow(/only open ones can be replayed/);
    // The step asked again (another message), and an operator asking again: the batch is dispatched already.
    const again = await broker.publish(
      'orchestrator.batch-step-requested',
      forBatch('orchestrator.batch-step-requested', batchId)[0].body,
      { appId: 'lienthong', correlationId: batchId },
    );
    await eventually(
      'the repeat handled',
      async () => (await svc.db.query('SELECT 1 FROM inbox WHERE message_id = $1', [again])).length === 1,
    );
    expect(await svc.app.get(ArchiveController).dispatch(SKHDT)).toEqual({ dispatched: 0 });
    // Whatever a step writes is in the outbox when its inbox row commits (same transaction).
    const written = await svc.db.query<{ routing_key: string }>(
      "SELECT routing_key FROM outbox WHERE routing_key IN ('postal.order-requested', 'dms.send-requested') AND body LIKE $1",
      [`%${batchId}%`],
    );
    expect(written.map((r) => r.routing_key).sort()).toEqual(['dms.send-requested', 'postal.order-requested']);
  });
});
