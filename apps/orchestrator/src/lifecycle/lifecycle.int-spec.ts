import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { Departments, loadDepartments } from '@lienthong/config';
import {
  type MessageBody,
  sampleDecisionApprovedAtCenter,
  sampleDecisionIssued,
  sampleDmsDecisionReceived,
  sampleDmsStatusReceived,
  sampleDossierAppraised,
  sampleDossierReceived,
  samplePostalOrderCreated,
  samplePostalTrackingReceived,
  sampleOrchestratorDossierStepRequested,
} from '@lienthong/contracts';
import { DeadLetterStore, vietnamTimestamp } from '@lienthong/messaging';
import { TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { type TestService, startTestService } from '@lienthong/messaging/testing/test-service';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { join } from 'node:path';
import { BlobController, VerdictSeal } from '@lienthong/runtime';
import { OrchestratorBlobs } from '../blobs/blob.store';
import { ArchiveController } from '../archive/archive.controller';
import { ORCHESTRATOR_PROVIDERS } from '../orchestrator.module';
import { ORCHESTRATOR_MIGRATIONS } from '../orchestrator.migrations';
import { LifecycleTimers } from './lifecycle.timers';

/**
 * The orchestrator on the real broker and database, with the adapters played by this test (it publishes what
 * the DMS and postal adapters would): every path of process.md, out-of-order and duplicate input.
 */
describe('dossier lifecycle through the orchestrator', () => {
  const SXD = '000.00.12.H36'; // appraisal online, approval online, not delegated
  const STP = '000.00.15.H36'; // at the Center, at the Center, delegated to the Post
  let broker: TestBroker;
  let svc: TestService;
  let databaseUrl: string;
  let seen: Observed[];

  // The one-stop system's document server: the bus fetches drafts and scans from it (claim check).
  let files: Server;
  let served: { url: string; sha256: string; sizeBytes: number; contentType: string };
  const servedFile = (): typeof served => ({ ...served });

  beforeAll(async () => {
    const pdf = Buffer.from('%PDF-1.4\n% dự thảo giấy phép xây dựng\n%%EOF\n', 'utf8');
    files = createServer((req, res) =>
      req.url === '/draft.pdf' ? res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf) : res.writeHead(404).end(),
    );
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    served = {
      url: `http://127.0.0.1:${(files.address() as AddressInfo).port}/draft.pdf`,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      sizeBytes: pdf.length,
      contentType: 'application/pdf',
    };
    process.env.BLOB_DIR = join(tmpdir(), `lienthong-blobs-${randomBytes(4).toString('hex')}`);
    broker = await TestBroker.connect();
    seen = await broker.observe(
      'dossier.#',
      'decision.#',
      'dms.send-requested',
      'postal.order-requested',
      'postal.shipment-updated',
      'archive.#',
      'lienthong.message-rejected',
    );
    databaseUrl = testDatabaseUrls()[0].url();
    svc = await startTestService({
      service: `orch-${randomBytes(3).toString('hex')}`,
      databaseUrl,
      migrations: ORCHESTRATOR_MIGRATIONS,
      providers: [
        { provide: Departments, useFactory: () => loadDepartments(join(__dirname, '../../../../config/departments.yaml')) },
        ...ORCHESTRATOR_PROVIDERS,
      ],
      controllers: [BlobController, ArchiveController],
    });
  });

  afterAll(async () => {
    files.close();
    await svc?.close();
    await broker.deleteQueues(svc.queues);
    await broker.close();
    await dropTestSchema(databaseUrl);
  });

  const newCode = (agency: string): string => `${agency}-${randomBytes(4).toString('hex')}`;
  const of = (code: string, key?: string): Observed[] =>
    seen.filter(
      (m) =>
        (m.body.dossierCode === code || (m.body.dossierCodes as string[] | undefined)?.includes(code)) && (!key || m.routingKey === key),
    );
  const stages = (code: string): string[] => of(code, 'dossier.status-changed').map((m) => String(m.body.stage));
  const waitStage = (code: string, stage: string): Promise<void> => eventually(`${code} at ${stage}`, () => stages(code).includes(stage));
  const receive = (code: string, agency: string, extra: Record<string, unknown> = {}) =>
    broker.publish(
      'onestop.dossier.received',
      sampleDossierReceived({
        dossierCode: code,
        agencyCode: agency,
        receivedAt: vietnamTimestamp(new Date()),
        dueAt: vietnamTimestamp(new Date(Date.now() + 7 * 86_400_000)),
        ...extra,
      }),
    );
  const appraisal = (code: string) => {
    const sample = sampleDossierAppraised({ dossierCode: code });
    return { ...sample, draftDecision: { ...sample.draftDecision!, file: servedFile() } };
  };
  // What the iOffice adapter publishes: the dossier's own department, the verdict sealed with the (development) key.
  const seal = VerdictSeal.fromEnv();
  const decisionFor = (code: string, purpose: 'sign' | 'number', n: number) => {
    const sample = sampleDmsDecisionReceived({ dossierCode: code, purpose, agencyCode: code.slice(0, code.lastIndexOf('-')) });
    return seal.seal({
      ...sample,
      decision: { ...sample.decision, number: n, documentNumber: `${n}/${sample.decision.notation}` },
    }) as MessageBody<'dms.decision-received'>;
  };

  it('online approval, return at the Center, archive handover at the cutoff: every stage in order, to ARCHIVED', async () => {
    const code = newCode(SXD);
    await receive(code, SXD);
    await waitStage(code, 'RECEIVED');
    await broker.publish('onestop.dossier.appraised', appraisal(code));
    await waitStage(code, 'SENT_FOR_SIGNING');
    await eventually('the package for signing', () => of(code, 'dms.send-requested').length === 1); // a step of its own, after the transition
    const sign = of(code, 'dms.send-requested')[0];
    // Claim check: the draft was fetched, verified and kept; the command carries the bus's own reference.
    expect(sign.body).toMatchObject({
      purpose: 'sign',
      agencyCode: SXD,
      attachments: [
        expect.objectContaining({
          file: expect.objectContaining({ sha256: served.sha256, url: expect.stringMatching(/\/blobs\/[0-9a-f]{64}$/) }),
        }),
      ],
    });
    expect(svc.app.get(OrchestratorBlobs).get(served.sha256)?.sizeBytes).toBe(served.sizeBytes);

    await broker.publish('dms.decision-received', decisionFor(code, 'sign', 41), { appId: 'lienthong' });
    await waitStage(code, 'READY_FOR_ISSUE');
    const ready = of(code, 'decision.ready-for-issue')[0];
    expect(ready.body).toMatchObject({ issuer: 'department-officer', decision: expect.objectContaining({ number: 41 }) });
    expect(ready.properties.correlationId).toBe(code);

    await broker.publish('onestop.decision.issued', sampleDecisionIssued({ dossierCode: code, documentNumber: '41/GP-SXD' }));
    await waitStage(code, 'ISSUED');
    await eventually('archive package', () => of(code, 'dms.send-requested').some((m) => m.body.purpose === 'archive'));
    await broker.publish('onestop.dossier.result-returned', {
      dossierCode: code,
      returnedAt: vietnamTimestamp(new Date()),
      receivedBy: 'applicant',
    });
    await waitStage(code, 'AWAITING_HANDOVER');

    // The department's cutoff comes: its open batch (with this dossier) is dispatched.
    await svc.app.get(LifecycleTimers).tick(new Date('2026-11-28T10:00:00Z')); // 17:00 in Vietnam, after the 16:30 cutoff
    await eventually('handover order and manifest', () =>
      seen.some((m) => m.routingKey === 'postal.order-requested' && m.body.purpose === 'archive-handover' && m.properties.correlationId),
    );
    const manifest = seen.find(
      (m) =>
        m.routingKey === 'dms.send-requested' && m.body.purpose === 'handover-manifest' && (m.body.dossierCodes as string[]).includes(code),
    )!;
    const batchId = String(manifest.body.batchId);
    const pdf = (manifest.body.attachments as Array<{ file: { url: string; sha256: string; contentType: string } }>)[0].file;
    expect(pdf.contentType).toBe('application/pdf');
    expect(readFileSync(svc.app.get(OrchestratorBlobs).get(pdf.sha256)!.path).subarray(0, 5).toString()).toBe('%PDF-');
    const order = seen.find((m) => m.routingKey === 'postal.order-requested' && m.body.batchId === batchId)!;
    expect(order.body).toMatchObject({
      serviceCode: 'BCCI-LT',
      orderNumber: `LT-${batchId}`,
      receiver: expect.objectContaining({ name: 'Văn thư Sở Xây dựng' }),
    });

    await broker.publish(
      'postal.order-created',
      samplePostalOrderCreated({
        purpose: 'archive-handover',
        dossierCode: undefined,
        batchId,
        orderNumber: `LT-${batchId}`,
        trackingCode: 'EJ123456785VN',
      }),
      { appId: 'lienthong' },
    );
    await waitStage(code, 'HANDOVER_DISPATCHED');
    // The clerk registers the manifest (03) before the parcel arrives: ARCHIVED waits for the delivery.
    await broker.publish(
      'dms.status-received',
      sampleDmsStatusReceived({ purpose: 'handover-manifest', dossierCode: undefined, batchId, statusCode: '03' }),
      { appId: 'lienthong' },
    );
    await eventually('acknowledged', () =>
      seen.some((m) => m.routingKey === 'archive.handover-updated' && m.body.batchId === batchId && m.body.state === 'acknowledged'),
    );
    expect(stages(code)).not.toContain('ARCHIVED');
    await broker.publish(
      'postal.tracking-received',
      samplePostalTrackingReceived({
        purpose: 'archive-handover',
        dossierCode: undefined,
        batchId,
        orderNumber: `LT-${batchId}`,
        trackingCode: 'EJ123456785VN',
        statusCode: 14,
      }),
      { appId: 'lienthong' },
    );
    await waitStage(code, 'ARCHIVED');
    expect(stages(code)).toEqual([
      'RECEIVED',
      'AWAITING_APPROVAL',
      'SENT_FOR_SIGNING',
      'SIGNED',
      'NUMBERED',
      'READY_FOR_ISSUE',
      'ISSUED',
      'RETURNED',
      'AWAITING_HANDOVER',
      'HANDOVER_DISPATCHED',
      'HANDOVER_DELIVERED',
      'ARCHIVED',
    ]);
    expect(of(code, 'dossier.status-changed').map((m) => m.body.portalStatus)).toEqual([2, 4, 4, 4, 4, 4, 9, 10, 10, 10, 10, 10]);
    expect(seen.filter((m) => m.routingKey === 'archive.handover-updated' && m.body.batchId === batchId).map((m) => m.body.state)).toEqual([
      'dispatched',
      'acknowledged',
      'delivered',
    ]);
  });

  it('approval at the Center, delegated to the Post, return by post that fails: issuer center-clerk, DELIVERY_FAILED, returned at the counter', async () => {
    const code = newCode(STP);
    await receive(code, STP, {
      returnMethod: 'postal',
      deliveryAddress: {
        recipient: 'Hoàng Văn Nam',
        phone: '0912345678',
        line: 'Số 9 đường Lê Lợi',
        ward: 'Phường Vĩnh Trại',
        province: 'Lạng Sơn',
        provinceCode: '20',
      },
    });
    await waitStage(code, 'RECEIVED');
    await broker.publish('onestop.dossier.appraised', { ...appraisal(code), mode: 'at-center' });
    await waitStage(code, 'AWAITING_APPROVAL');
    await broker.publish('onestop.decision.approved-at-center', {
      ...sampleDecisionApprovedAtCenter({ dossierCode: code }),
      decision: { ...sampleDecisionApprovedAtCenter().decision, file: servedFile() },
    });
    await waitStage(code, 'NUMBER_REQUESTED');
    await eventually('the package for numbering', () => of(code, 'dms.send-requested').length === 1);
    expect(of(code, 'dms.send-requested')[0].body).toMatchObject({ purpose: 'number' });
    await broker.publish('dms.decision-received', decisionFor(code, 'number', 7), { appId: 'lienthong' });
    await waitStage(code, 'READY_FOR_ISSUE');
    expect(of(code, 'decision.ready-for-issue')[0].body.issuer).toBe('center-clerk');
    await broker.publish(
      'onestop.decision.issued',
      sampleDecisionIssued({ dossierCode: code, documentNumber: '7/GP-SXD', issuedBy: { kind: 'center-clerk', fullName: 'Lý Thị Mai' } }),
    );
    await eventually('delivery order', () => of(code, 'postal.order-requested').length === 1);
    expect(of(code, 'postal.order-requested')[0].body).toMatchObject({
      serviceCode: 'BCCI-KQ',
      orderNumber: `KQ-${code}`,
      receiver: expect.objectContaining({ name: 'Hoàng Văn Nam' }),
    });
    const tracking = { dossierCode: code, orderNumber: `KQ-${code}`, trackingCode: 'EJ000000019VN' };
    await broker.publish('postal.order-created', samplePostalOrderCreated(tracking), { appId: 'lienthong' });
    await waitStage(code, 'DELIVERY_ORDERED');
    await broker.publish(
      'postal.tracking-received',
      samplePostalTrackingReceived({ ...tracking, statusCode: 15, statusName: 'Phát không thành công', transaction: 't15' }),
      { appId: 'lienthong' },
    );
    await broker.publish(
      'postal.tracking-received',
      samplePostalTrackingReceived({ ...tracking, statusCode: 20, statusName: 'Chuyển hoàn', transaction: 't20' }),
      { appId: 'lienthong' },
    );
    await waitStage(code, 'DELIVERY_FAILED');
    expect(of(code, 'postal.shipment-updated').map((m) => m.body.status)).toEqual(['delivery-failed', 'returned-to-sender']);
    await broker.publish('onestop.dossier.result-returned', {
      dossierCode: code,
      returnedAt: vietnamTimestamp(new Date()),
      receivedBy: 'applicant',
    });
    await waitStage(code, 'AWAITING_HANDOVER');
    expect(stages(code)).toEqual([
      'RECEIVED',
      'AWAITING_APPROVAL',
      'NUMBER_REQUESTED',
      'NUMBERED',
      'READY_FOR_ISSUE',
      'ISSUED',
      'DELIVERY_ORDERED',
      'DELIVERY_FAILED',
      'RETURNED',
      'AWAITING_HANDOVER',
    ]);
  });

  it('holds an out-of-order issue until the number arrives, and ignores duplicates', async () => {
    const code = newCode(SXD);
    await receive(code, SXD);
    await waitStage(code, 'RECEIVED');
    const appraised = appraisal(code);
    const appraisalId = await broker.publish('onestop.dossier.appraised', appraised);
    await broker.publish('onestop.dossier.appraised', appraised, { messageId: appraisalId }); // redelivered
    await waitStage(code, 'SENT_FOR_SIGNING');
    const wrongNumber = await broker.publish(
      'onestop.decision.issued',
      sampleDecisionIssued({ dossierCode: code, documentNumber: '999/GP-SXD' }),
    ); // too early, and wrong
    await eventually('held', async () => (await svc.db.query('SELECT 1 FROM held_events WHERE dossier_code = $1', [code])).length === 1);
    await broker.publish('dms.decision-received', decisionFor(code, 'sign', 42), { appId: 'lienthong' });
    await waitStage(code, 'READY_FOR_ISSUE');
    // The held issue named a number the clerk never gave: rejected once the real number is known.
    await eventually('wrong number rejected', () =>
      seen.some((m) => m.routingKey === 'lienthong.message-rejected' && m.body.rejectedMessageId === wrongNumber),
    );
    expect(seen.find((m) => m.body.rejectedMessageId === wrongNumber)!.body.reasons).toEqual([
      { field: 'documentNumber', problem: expect.stringContaining('42/GP-SXD') },
    ]);
    expect(stages(code)).not.toContain('ISSUED');
  });

  it('dead-letters a numbered decision whose signature did not verify, and moves on with one that does', async () => {
    const code = newCode(SXD);
    await receive(code, SXD);
    await waitStage(code, 'RECEIVED');
    await broker.publish('onestop.dossier.appraised', appraisal(code));
    await waitStage(code, 'SENT_FOR_SIGNING');
    const forged = decisionFor(code, 'sign', 43);
    const unverified = seal.seal({
      ...forged,
      decision: { ...forged.decision, signature: { verified: false, signerCertificateSubject: 'CN=So Tu phap, C=VN' } },
      verificationFailure: "the signer certificate CN=So Tu phap, C=VN is not Sở Xây dựng's",
    }) as MessageBody<'dms.decision-received'>;
    const id = await broker.publish('dms.decision-received', unverified, { appId: 'lienthong', correlationId: code });
    const deadLetters = svc.app.get(DeadLetterStore);
    await eventually('dead-lettered', async () => (await deadLetters.list({ correlationId: code })).total === 1);
    const [letter] = (await deadLetters.list({ correlationId: code })).items;
    expect(letter).toMatchObject({ messageId: id, errorCode: 'DMS.SIGNATURE_NOT_VERIFIED' });
    expect(JSON.stringify(letter)).toContain('is not Sở Xây dựng');
    expect(stages(code)).toEqual(['RECEIVED', 'AWAITING_APPROVAL', 'SENT_FOR_SIGNING']);
    expect(of(code, 'decision.ready-for-issue')).toEqual([]);

    await broker.publish('dms.decision-received', decisionFor(code, 'sign', 43), { appId: 'lienthong', correlationId: code });
    await waitStage(code, 'READY_FOR_ISSUE');
  });

  it('holds an early issue with the right number until the decision is ready', async () => {
    const code = newCode(SXD);
    await receive(code, SXD);
    await waitStage(code, 'RECEIVED');
    await broker.publish('onestop.dossier.appraised', appraisal(code));
    await waitStage(code, 'SENT_FOR_SIGNING');
    await broker.publish('onestop.decision.issued', sampleDecisionIssued({ dossierCode: code, documentNumber: '43/GP-SXD' })); // too early
    await eventually('held', async () => (await svc.db.query('SELECT 1 FROM held_events WHERE dossier_code = $1', [code])).length === 1);
    await broker.publish('dms.decision-received', decisionFor(code, 'sign', 43), { appId: 'lienthong' });
    await waitStage(code, 'ISSUED');
    expect(stages(code)).toEqual(['RECEIVED', 'AWAITING_APPROVAL', 'SENT_FOR_SIGNING', 'SIGNED', 'NUMBERED', 'READY_FOR_ISSUE', 'ISSUED']);
    expect(of(code, 'dms.send-requested').filter((m) => m.body.purpose === 'sign')).toHaveLength(1);
  });

  it('supplement then re-reception, decline by the leader, withdrawal, and a rejection for an impossible step', async () => {
    const supplemented = newCode(SXD);
    await receive(supplemented, SXD);
    await waitStage(supplemented, 'RECEIVED');
    await broker.publish(
      'onestop.dossier.appraised',
      sampleDossierAppraised({ dossierCode: supplemented, outcome: 'supplement', draftDecision: undefined }),
    );
    await waitStage(supplemented, 'SUPPLEMENT_REQUESTED');
    await receive(supplemented, SXD);
    await eventually('received again', () => stages(supplemented).filter((s) => s === 'RECEIVED').length === 2);

    const declined = newCode(SXD);
    await receive(declined, SXD);
    await waitStage(declined, 'RECEIVED');
    await broker.publish('onestop.dossier.appraised', appraisal(declined));
    await waitStage(declined, 'SENT_FOR_SIGNING');
    await broker.publish(
      'dms.status-received',
      sampleDmsStatusReceived({ dossierCode: declined, statusCode: '02', description: 'Lãnh đạo không đồng ý ký' }),
      { appId: 'lienthong' },
    );
    await waitStage(declined, 'CLOSED');
    expect(of(declined, 'dossier.status-changed').at(-1)!.body.portalStatus).toBe(8);
    expect(of(declined, 'decision.signing-declined')[0].body).toMatchObject({ reason: 'Lãnh đạo không đồng ý ký', statusCode: '02' });

    const withdrawn = newCode(SXD);
    await receive(withdrawn, SXD);
    await waitStage(withdrawn, 'RECEIVED');
    await broker.publish('onestop.dossier.withdrawn', {
      dossierCode: withdrawn,
      withdrawnAt: vietnamTimestamp(new Date()),
      reason: 'Công dân không có nhu cầu',
    });
    await waitStage(withdrawn, 'CLOSED');
    expect(of(withdrawn, 'dossier.status-changed').at(-1)!.body.portalStatus).toBe(7);

    const id = await broker.publish('onestop.dossier.result-returned', {
      dossierCode: withdrawn,
      returnedAt: vietnamTimestamp(new Date()),
      receivedBy: 'applicant',
    });
    await eventually('rejected', () => seen.some((m) => m.routingKey === 'lienthong.message-rejected' && m.body.rejectedMessageId === id));
    // A draft whose digest does not match the file at its URL rejects the appraisal, naming the field.
    const tampered = newCode(SXD);
    await receive(tampered, SXD);
    await waitStage(tampered, 'RECEIVED');
    const bad = appraisal(tampered);
    bad.draftDecision.file = { ...bad.draftDecision.file, sha256: 'f'.repeat(64) };
    const badId = await broker.publish('onestop.dossier.appraised', bad);
    await eventually('tampered draft rejected', () =>
      seen.some((m) => m.routingKey === 'lienthong.message-rejected' && m.body.rejectedMessageId === badId),
    );
    expect(seen.find((m) => m.body.rejectedMessageId === badId)!.body.reasons).toEqual([
      { field: 'draftDecision.file.sha256', problem: expect.stringContaining('does not match') },
    ]);
    expect(stages(tampered)).toEqual(['RECEIVED']);

    const unknown = await broker.publish('onestop.dossier.withdrawn', {
      dossierCode: 'NO-SUCH-DOSSIER',
      withdrawnAt: vietnamTimestamp(new Date()),
      reason: 'x',
    });
    await eventually('unknown dossier rejected', () =>
      seen.some((m) => m.routingKey === 'lienthong.message-rejected' && m.body.rejectedMessageId === unknown),
    );
    expect(seen.find((m) => m.body.rejectedMessageId === unknown)!.body.reasons).toEqual([
      { field: 'dossierCode', problem: expect.stringContaining('not a dossier the bus knows') },
    ]);
  });

  it('does a dossier step as a message of its own: nothing for a closed dossier, a dead letter naming an unknown one', async () => {
    const withdrawn = newCode(SXD);
    await receive(withdrawn, SXD);
    await waitStage(withdrawn, 'RECEIVED');
    await broker.publish('onestop.dossier.withdrawn', {
      dossierCode: withdrawn,
      withdrawnAt: vietnamTimestamp(new Date()),
      reason: 'Công dân không có nhu cầu',
    });
    await waitStage(withdrawn, 'CLOSED');
    // A step replayed late, after the dossier was withdrawn: handled, and nothing sent.
    const late = await broker.publish(
      'orchestrator.dossier-step-requested',
      sampleOrchestratorDossierStepRequested({ dossierCode: withdrawn }),
      { appId: 'lienthong', correlationId: withdrawn },
    );
    await eventually(
      'the late step handled',
      async () => (await svc.db.query('SELECT 1 FROM inbox WHERE message_id = $1', [late])).length === 1,
    );
    expect(
      await svc.db.query("SELECT 1 FROM outbox WHERE routing_key = 'dms.send-requested' AND body LIKE $1", [`%${withdrawn}%`]),
    ).toEqual([]);
    const unknown = 'NO-SUCH-DOSSIER-STEP';
    await broker.publish('orchestrator.dossier-step-requested', sampleOrchestratorDossierStepRequested({ dossierCode: unknown }), {
      appId: 'lienthong',
      correlationId: unknown,
    });
    await eventually('dead-lettered', async () => (await svc.deadLetters.list({ correlationId: unknown })).total === 1);
    expect((await svc.deadLetters.list({ correlationId: unknown })).items[0]).toMatchObject({
      routingKey: 'orchestrator.dossier-step-requested',
      errorCode: 'BUS.UNKNOWN_DOSSIER',
    });
  });

  it('sends an archive batch again when the post brings it back (20), and archives it on the new delivery', async () => {
    const code = newCode(STP);
    await receive(code, STP);
    await waitStage(code, 'RECEIVED');
    await broker.publish('onestop.dossier.appraised', { ...appraisal(code), mode: 'at-center' });
    await broker.publish('onestop.decision.approved-at-center', {
      ...sampleDecisionApprovedAtCenter({ dossierCode: code }),
      decision: { ...sampleDecisionApprovedAtCenter().decision, file: servedFile() },
    });
    await waitStage(code, 'NUMBER_REQUESTED');
    await broker.publish('dms.decision-received', decisionFor(code, 'number', 8), { appId: 'lienthong' });
    await waitStage(code, 'READY_FOR_ISSUE');
    await broker.publish('onestop.decision.issued', sampleDecisionIssued({ dossierCode: code, documentNumber: '8/GP-SXD' }));
    await waitStage(code, 'ISSUED');
    await broker.publish('onestop.dossier.result-returned', {
      dossierCode: code,
      returnedAt: vietnamTimestamp(new Date()),
      receivedBy: 'applicant',
    });
    await waitStage(code, 'AWAITING_HANDOVER');
    expect(await svc.app.get(ArchiveController).dispatch(STP)).toEqual({ dispatched: 1 });
    await eventually('pickup ordered', () =>
      seen.some(
        (m) =>
          m.routingKey === 'postal.order-requested' &&
          m.body.purpose === 'archive-handover' &&
          (m.body.orderNumber as string).startsWith(`LT-STP-`),
      ),
    );
    const first = seen
      .filter(
        (m) =>
          m.routingKey === 'postal.order-requested' &&
          m.body.purpose === 'archive-handover' &&
          (m.body.orderNumber as string).startsWith('LT-STP-'),
      )
      .at(-1)!;
    const batchId = String(first.body.batchId);
    const tracking = { purpose: 'archive-handover' as const, dossierCode: undefined, batchId };
    await broker.publish(
      'postal.order-created',
      samplePostalOrderCreated({ ...tracking, orderNumber: `LT-${batchId}`, trackingCode: 'EJ000000027VN' }),
      { appId: 'lienthong' },
    );
    await waitStage(code, 'HANDOVER_DISPATCHED');
    await broker.publish(
      'postal.tracking-received',
      samplePostalTrackingReceived({
        ...tracking,
        orderNumber: `LT-${batchId}`,
        trackingCode: 'EJ000000027VN',
        statusCode: 20,
        statusName: 'Chuyển hoàn',
        transaction: 'lt-20',
      }),
      { appId: 'lienthong' },
    );
    await eventually('sent again', () =>
      seen.some((m) => m.routingKey === 'postal.order-requested' && m.body.orderNumber === `LT-${batchId}-R1`),
    );
    await broker.publish(
      'postal.order-created',
      samplePostalOrderCreated({ ...tracking, orderNumber: `LT-${batchId}-R1`, trackingCode: 'EJ000000035VN' }),
      { appId: 'lienthong' },
    );
    await broker.publish(
      'dms.status-received',
      sampleDmsStatusReceived({ agencyCode: STP, purpose: 'handover-manifest', dossierCode: undefined, batchId, statusCode: '03' }),
      { appId: 'lienthong' },
    );
    await broker.publish(
      'postal.tracking-received',
      samplePostalTrackingReceived({
        ...tracking,
        orderNumber: `LT-${batchId}-R1`,
        trackingCode: 'EJ000000035VN',
        statusCode: 14,
        transaction: 'lt-r1-14',
      }),
      { appId: 'lienthong' },
    );
    await waitStage(code, 'ARCHIVED');
    expect(stages(code).slice(-4)).toEqual(['AWAITING_HANDOVER', 'HANDOVER_DISPATCHED', 'HANDOVER_DELIVERED', 'ARCHIVED']);
  });
});
