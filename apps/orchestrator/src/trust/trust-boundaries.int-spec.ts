import { createHash, randomBytes } from 'node:crypto';
import { type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Departments, loadDepartments } from '@lienthong/config';
import {
  type MessageBody,
  sampleDmsDecisionReceived,
  sampleDmsStatusReceived,
  sampleDossierAppraised,
  sampleDossierReceived,
} from '@lienthong/contracts';
import { ContractViolation, vietnamTimestamp } from '@lienthong/messaging';
import { TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { type TestService, startTestService } from '@lienthong/messaging/testing/test-service';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { VerdictSeal } from '@lienthong/runtime';
import { ORCHESTRATOR_MIGRATIONS } from '../orchestrator.migrations';
import { ORCHESTRATOR_PROVIDERS } from '../orchestrator.module';

interface Recorder {
  server: Server;
  port: number;
  paths: string[];
}

async function recordingServer(handle: (path: string, res: ServerResponse) => void): Promise<Recorder> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    handle(req.url ?? '', res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, paths };
}

/**
 * The attacks of issue 13 on the orchestrator (findings 2 and 3, and the department binding), each played on the
 * real broker and PostgreSQL: a one-stop message whose document URL reaches inside the bus's network, a message for
 * a dossier in the wrong stage, a forged or edited verdict on a signed decision, an answer from another department.
 */
describe('orchestrator trust boundaries', () => {
  const SXD = '000.00.12.H36';
  const STP = '000.00.15.H36';
  const seal = VerdictSeal.fromEnv();
  const secret = Buffer.from('{"AccessKeyId":"ASIA-INTERNAL","Token":"nội bộ, không được lộ"}', 'utf8');
  const pdf = Buffer.from('%PDF-1.4\n% dự thảo quyết định\n%%EOF\n', 'utf8');
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  let broker: TestBroker;
  let svc: TestService;
  let databaseUrl: string;
  let seen: Observed[];
  /** A service inside the bus's network that no one-stop message should reach (metadata, an admin API). */
  let internal: Recorder;
  /** The one-stop system's document server (allowed: DOCUMENT_HOSTS lists its port). */
  let files: Recorder;

  beforeAll(async () => {
    internal = await recordingServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(secret));
    files = await recordingServer((path, res) => {
      if (path === '/redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${internal.port}/latest/meta-data` }).end();
      if (path.endsWith('.pdf')) return void res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
      res.writeHead(404).end();
    });
    // The one-stop's server by address and port; `*`: any other name, provided it resolves to public addresses only.
    process.env.DOCUMENT_HOSTS = `127.0.0.1:${files.port},*`;
    process.env.BLOB_DIR = join(tmpdir(), `lienthong-trust-${randomBytes(4).toString('hex')}`);
    broker = await TestBroker.connect();
    seen = await broker.observe('dossier.status-changed', 'decision.#', 'dms.send-requested', 'lienthong.message-rejected');
    databaseUrl = testDatabaseUrls()[1].url();
    svc = await startTestService({
      service: `orch-trust-${randomBytes(3).toString('hex')}`,
      databaseUrl,
      migrations: ORCHESTRATOR_MIGRATIONS,
      providers: [
        { provide: Departments, useFactory: () => loadDepartments(join(__dirname, '../../../../config/departments.yaml')) },
        ...ORCHESTRATOR_PROVIDERS,
      ],
    });
  });

  afterAll(async () => {
    internal.server.close();
    files.server.close();
    await svc?.close();
    await broker.deleteQueues(svc.queues);
    await broker.close();
    await dropTestSchema(databaseUrl);
  });

  const newCode = (agency: string): string => `${agency}-${randomBytes(4).toString('hex')}`;
  const stages = (code: string): string[] =>
    seen.filter((m) => m.routingKey === 'dossier.status-changed' && m.body.dossierCode === code).map((m) => String(m.body.stage));
  const waitStage = (code: string, stage: string): Promise<void> => eventually(`${code} at ${stage}`, () => stages(code).includes(stage));
  const rejection = async (messageId: string): Promise<Array<{ field: string; problem: string }>> => {
    await eventually(`rejection of ${messageId}`, () =>
      seen.some((m) => m.routingKey === 'lienthong.message-rejected' && m.body.rejectedMessageId === messageId),
    );
    return seen.find((m) => m.body.rejectedMessageId === messageId)!.body.reasons as Array<{ field: string; problem: string }>;
  };
  const handled = (messageId: string): Promise<void> =>
    eventually(
      `${messageId} handled`,
      async () => (await svc.db.query('SELECT 1 FROM inbox WHERE message_id = $1', [messageId])).length === 1,
    );
  const deadLetter = async (messageId: string) => {
    await eventually(
      `dead letter ${messageId}`,
      async () => (await svc.db.query('SELECT 1 FROM dead_letters WHERE message_id = $1', [messageId])).length === 1,
    );
    const [{ id }] = await svc.db.query<{ id: number }>('SELECT id FROM dead_letters WHERE message_id = $1', [messageId]);
    return (await svc.deadLetters.get(Number(id)))!;
  };
  const receive = async (code: string, agency = SXD): Promise<void> => {
    await broker.publish(
      'onestop.dossier.received',
      sampleDossierReceived({
        dossierCode: code,
        agencyCode: agency,
        receivedAt: vietnamTimestamp(new Date()),
        dueAt: vietnamTimestamp(new Date(Date.now() + 7 * 86_400_000)),
      }),
    );
    await waitStage(code, 'RECEIVED');
  };
  const appraisal = (code: string, file: { url: string; sha256: string; sizeBytes: number }) => {
    const sample = sampleDossierAppraised({ dossierCode: code });
    return { ...sample, draftDecision: { ...sample.draftDecision!, file: { ...file, contentType: 'application/pdf' } } };
  };
  const draft = (path: string) => ({ url: `http://127.0.0.1:${files.port}${path}`, sha256: sha(pdf), sizeBytes: pdf.length });
  const sentForSigning = async (agency = SXD): Promise<string> => {
    const code = newCode(agency);
    await receive(code, agency);
    await broker.publish('onestop.dossier.appraised', appraisal(code, draft(`/${code}.pdf`)));
    await waitStage(code, 'SENT_FOR_SIGNING');
    return code;
  };
  /** The decision as the iOffice adapter publishes it, before sealing: for `code`'s department unless told otherwise. */
  const decision = (code: string, verified: boolean, agencyCode = code.slice(0, code.lastIndexOf('-'))) => {
    const { verdictSeal: _, ...sample } = sampleDmsDecisionReceived({
      dossierCode: code,
      agencyCode,
      docId: `EDOC-${randomBytes(3).toString('hex')}`,
    });
    return {
      ...sample,
      decision: { ...sample.decision, signature: { ...sample.decision.signature, verified } },
      ...(verified ? {} : { verificationFailure: 'the certificate does not chain to TRUST_ANCHORS' }),
    };
  };
  const publishInternal = (type: string, body: unknown, code: string): Promise<string> =>
    broker.publish(type, body, { appId: 'lienthong', correlationId: code });

  describe('documents (finding 2)', () => {
    it('refuses document URLs that reach inside the bus network, naming the field, without fetching and without telling what is there', async () => {
      const code = newCode(SXD);
      await receive(code);
      const attacks = [
        `http://127.0.0.1:${internal.port}/latest/meta-data`, // loopback, a port DOCUMENT_HOSTS does not list
        'http://169.254.169.254/latest/meta-data/iam/security-credentials/', // the cloud metadata service
        `http://127.0.0.1:${files.port}/redirect`, // an allowed host redirecting inside
        `http://localhost:${internal.port}/latest/meta-data`, // a DNS name (allowed by *) resolving to loopback
      ];
      for (const url of attacks) {
        // As an attacker would: the size and digest are guesses; the old rejection answered with the real ones.
        const reasons = await rejection(
          await broker.publish('onestop.dossier.appraised', appraisal(code, { url, sha256: 'f'.repeat(64), sizeBytes: 1 })),
        );
        expect(reasons).toEqual([{ field: 'draftDecision.file.url', problem: expect.any(String) }]);
        expect(JSON.stringify(reasons)).not.toContain(sha(secret));
        expect(JSON.stringify(reasons)).not.toMatch(new RegExp(`\\b${secret.length}\\b`));
      }
      expect(internal.paths).toEqual([]);
      expect(files.paths.filter((p) => p === '/redirect')).toHaveLength(1);
      expect(stages(code)).toEqual(['RECEIVED']);
    });

    it('names the field of a document that does not match, without its size or digest', async () => {
      const code = newCode(SXD);
      await receive(code);
      const reasons = await rejection(
        await broker.publish('onestop.dossier.appraised', appraisal(code, { ...draft(`/${code}.pdf`), sha256: 'e'.repeat(64) })),
      );
      expect(reasons).toEqual([{ field: 'draftDecision.file.sha256', problem: 'does not match the file at the url' }]);
      expect(JSON.stringify(reasons)).not.toContain(sha(pdf));
    });

    it('fetches nothing for a message its dossier’s stage does not allow, and fetches a held one only when it is released', async () => {
      // A closed dossier: the appraisal is a repeat (recorded), its document never fetched.
      const closed = newCode(SXD);
      await receive(closed);
      await broker.publish('onestop.dossier.withdrawn', {
        dossierCode: closed,
        withdrawnAt: vietnamTimestamp(new Date()),
        reason: 'Công dân rút hồ sơ',
      });
      await waitStage(closed, 'CLOSED');
      await handled(await broker.publish('onestop.dossier.appraised', appraisal(closed, draft(`/${closed}-late.pdf`))));
      // A dossier the bus never received: rejected, nothing fetched.
      const unknown = await rejection(
        await broker.publish('onestop.dossier.appraised', appraisal('000.00.12.H36-khong-co', draft('/unknown.pdf'))),
      );
      expect(unknown).toEqual([{ field: 'dossierCode', problem: expect.stringContaining('not a dossier the bus knows') }]);
      // A dossier waiting for its supplement: the approval is held, and its draft fetched only once the dossier is received again.
      const supplemented = newCode(SXD);
      await receive(supplemented);
      await broker.publish(
        'onestop.dossier.appraised',
        sampleDossierAppraised({ dossierCode: supplemented, outcome: 'supplement', draftDecision: undefined }),
      );
      await waitStage(supplemented, 'SUPPLEMENT_REQUESTED');
      const early = `/${supplemented}-held.pdf`;
      await broker.publish('onestop.dossier.appraised', appraisal(supplemented, draft(early)));
      await eventually(
        'held',
        async () => (await svc.db.query('SELECT 1 FROM held_events WHERE dossier_code = $1', [supplemented])).length === 1,
      );
      expect(files.paths).not.toContain(early);
      await broker.publish(
        'onestop.dossier.received',
        sampleDossierReceived({
          dossierCode: supplemented,
          agencyCode: SXD,
          receivedAt: vietnamTimestamp(new Date()),
          dueAt: vietnamTimestamp(new Date(Date.now() + 7 * 86_400_000)),
        }),
      );
      await waitStage(supplemented, 'SENT_FOR_SIGNING');

      expect(files.paths.filter((p) => p === early)).toHaveLength(1);
      expect(files.paths).not.toContain(`/${closed}-late.pdf`);
      expect(files.paths).not.toContain('/unknown.pdf');
      expect(stages(closed)).toEqual(['RECEIVED', 'CLOSED']);
    });
  });

  describe('verification facts (finding 3)', () => {
    it('refuses a dms.decision-received that says verified: true without the adapter’s seal, or with a seal that does not match', async () => {
      const code = await sentForSigning();
      const unsealed = await rejection(await publishInternal('dms.decision-received', decision(code, true), code));
      expect(unsealed).toEqual([{ field: 'verdictSeal', problem: expect.any(String) }]);

      const otherKey = VerdictSeal.fromEnv({ VERDICT_SEAL_KEY: 'a key the adapter never had, 32+ chars' });
      const forged = await deadLetter(await publishInternal('dms.decision-received', otherKey.seal(decision(code, true)), code));
      expect(forged.errorCode).toBe('DMS.VERDICT_SEAL_INVALID');

      const sealedFalse = seal.seal(decision(code, false));
      const flipped = {
        ...sealedFalse,
        decision: { ...sealedFalse.decision, signature: { ...sealedFalse.decision.signature, verified: true } },
      };
      const flippedLetter = await deadLetter(await publishInternal('dms.decision-received', flipped, code));
      expect(flippedLetter.errorCode).toBe('DMS.VERDICT_SEAL_INVALID');
      expect(flippedLetter.reasons[0].problem).toContain('verdictSeal does not match');

      expect(stages(code)).toEqual(['RECEIVED', 'AWAITING_APPROVAL', 'SENT_FOR_SIGNING']);
      expect(seen.filter((m) => m.routingKey === 'decision.ready-for-issue' && m.body.dossierCode === code)).toEqual([]);
      // What the adapter really sends goes through.
      await publishInternal('dms.decision-received', seal.seal(decision(code, true)), code);
      await waitStage(code, 'READY_FOR_ISSUE');
    });

    it('refuses to replay a dead letter whose verified flag an operator edited, naming the field; other fields stay editable', async () => {
      const code = await sentForSigning();
      const messageId = await publishInternal('dms.decision-received', seal.seal(decision(code, false)), code);
      const letter = await deadLetter(messageId);
      expect(letter.errorCode).toBe('DMS.SIGNATURE_NOT_VERIFIED');
      const body = JSON.parse(letter.body) as MessageBody<'dms.decision-received'>;

      const edited = { ...body, decision: { ...body.decision, signature: { ...body.decision.signature, verified: true } } };
      const refused = await svc.deadLetters.replay(letter.id, { actor: 'vanhanh', body: JSON.stringify(edited) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(ContractViolation);
      expect((refused as ContractViolation).code).toBe('DEAD_LETTER.VERIFIED_FIELD_EDITED');
      expect((refused as ContractViolation).reasons).toEqual([
        { field: 'decision.signature.verified', problem: expect.stringContaining('cannot be edited') },
      ]);
      const subject = {
        ...body,
        decision: {
          ...body.decision,
          signature: { ...body.decision.signature, signerCertificateSubject: 'CN=Sở Xây dựng tỉnh Lạng Sơn, C=VN' },
        },
      };
      await expect(svc.deadLetters.replay(letter.id, { actor: 'vanhanh', body: JSON.stringify(subject) })).rejects.toMatchObject({
        reasons: [{ field: 'decision.signature.signerCertificateSubject' }],
      });
      expect((await svc.deadLetters.get(letter.id))!.status).toBe('open');

      // A field verification did not produce may be corrected; the replay then fails again for what it is: unverified.
      await svc.deadLetters.replay(letter.id, {
        actor: 'vanhanh',
        body: JSON.stringify({ ...body, verificationFailure: 'chứng thư số hết hạn' }),
      });
      await eventually(
        'failed again',
        async () =>
          (await svc.deadLetters.get(letter.id))!.status === 'open' && (await svc.deadLetters.get(letter.id))!.attempts > letter.attempts,
      );
      expect(stages(code)).toEqual(['RECEIVED', 'AWAITING_APPROVAL', 'SENT_FOR_SIGNING']);
    });
  });

  describe('departments', () => {
    it('refuses a status or a decision naming another department than the dossier’s, and applies its own department’s', async () => {
      const code = await sentForSigning(SXD);
      const status = sampleDmsStatusReceived({
        dossierCode: code,
        agencyCode: STP,
        statusCode: '02',
        description: 'Lãnh đạo Sở Tư pháp từ chối',
      });
      const refusedStatus = await deadLetter(await publishInternal('dms.status-received', status, code));
      expect(refusedStatus).toMatchObject({
        errorCode: 'DMS.WRONG_DEPARTMENT',
        reasons: [{ problem: expect.stringContaining(`names department ${STP} (agencyCode), but dossier ${code} belongs to ${SXD}`) }],
      });
      // Even under a valid seal: the adapter vouches for what it verified, not for which dossier a department may answer.
      const refusedDecision = await deadLetter(await publishInternal('dms.decision-received', seal.seal(decision(code, true, STP)), code));
      expect(refusedDecision.errorCode).toBe('DMS.WRONG_DEPARTMENT');
      expect(stages(code)).toEqual(['RECEIVED', 'AWAITING_APPROVAL', 'SENT_FOR_SIGNING']);

      await publishInternal('dms.status-received', { ...status, agencyCode: SXD }, code);
      await waitStage(code, 'CLOSED');
    });
  });
});
