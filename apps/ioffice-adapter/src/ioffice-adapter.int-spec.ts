/**
 * Contract tests of the adapter against the iOffice simulator (two independent readings of ioffice-soap.md),
 * over real sockets, with the real broker and database. The simulator is started in-process from here only:
 * tests are outside the "apps never import apps" rule (.dependency-cruiser.js excludes them).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DmsPurpose, type DmsSendRequestedMessage, sampleDmsSendRequested } from '@lienthong/contracts';
import { RETRY_HEADERS, vietnamTimestamp } from '@lienthong/messaging';
import { TEST_AMQP_URL, TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { ServiceAuth } from '@lienthong/runtime';
import { type IofficeFaults, type IofficeSimulator, startIofficeSimulator } from '../../sim-ioffice/src';
import { buildEdxml } from './edxml/edxml.builder';
import { parseEdxml } from './edxml/edxml.parser';
import { edxmlDate } from './edxml/vietnam-time';
import { IOfficeSoapAdapter } from './ioffice/ioffice.soap-adapter';
import { AdapterConfig } from './ioffice-adapter.config';
import { type RunningAdapter, freePort, startAdapter, testAdapterConfig } from './testing/adapter.harness';
import { TestFileServer } from './testing/file-server';
import { TamperingProxy } from './testing/tampering-proxy';

const DEPARTMENTS = join(__dirname, '../../../config/departments.yaml');
const CENTER = '000.00.01.H36';
const SXD = '000.00.12.H36'; // online approval
const STP = '000.00.15.H36'; // approval at the Center
const OBSERVED = ['dms.package-sent', 'dms.status-received', 'dms.decision-received'];

let sim: IofficeSimulator;
let proxy: TamperingProxy;
let files: TestFileServer;
let broker: TestBroker;
let seen: Observed[];
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ioffice-adapter-'));
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
  seen = await broker.observe(...OBSERVED);
});
afterAll(async () => {
  await broker?.close();
  await files?.close();
  await proxy?.close();
  await sim?.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** Everything one test needs: a fresh adapter (own queue, own database) in front of the shared simulator. */
function harness(databaseUrl: () => string) {
  let adapter: RunningAdapter | undefined;
  let url: string;
  const ctx = {
    get adapter(): RunningAdapter {
      if (!adapter) throw new Error('call start() first');
      return adapter;
    },
    config(overrides: Partial<AdapterConfig> = {}, port = 0): AdapterConfig {
      return testAdapterConfig(
        { iofficeUrl: `${proxy.baseUrl}/EdocService`, trustAnchorsFile: sim.trustAnchorsFile, workDir, port },
        overrides,
      );
    },
    async start(overrides: Partial<AdapterConfig> = {}): Promise<RunningAdapter> {
      const port = await freePort();
      url ??= databaseUrl();
      adapter = await startAdapter({
        service: `ioffice-adapter-test-${randomBytes(4).toString('hex')}`,
        databaseUrl: url,
        amqpUrl: TEST_AMQP_URL,
        config: ctx.config(overrides, port),
        port,
      });
      return adapter;
    },
    async stop(): Promise<void> {
      if (!adapter) return;
      const queues = adapter.queues;
      await adapter.close();
      await broker.deleteQueues(queues);
      adapter = undefined;
    },
    async cleanup(): Promise<void> {
      await ctx.stop();
      if (url) await dropTestSchema(url);
    },
  };
  return ctx;
}

/** A `dms.send-requested` for a new dossier of `agencyCode`, its draft served by the test file server. */
function command(purpose: DmsPurpose, overrides: Partial<DmsSendRequestedMessage> = {}): DmsSendRequestedMessage & { ref: string } {
  const ref = `HS-${randomBytes(4).toString('hex')}`;
  const draft = files.serve(`${ref}.pdf`, Buffer.from(`%PDF-1.4\n% ${purpose} ${ref}\n%%EOF\n`));
  const body = sampleDmsSendRequested({
    agencyCode: SXD,
    purpose,
    dossierCode: ref,
    requestedAt: vietnamTimestamp(new Date()),
    attachments: [{ name: `${ref}.pdf`, file: draft }],
    ...overrides,
  });
  return { ...body, ref: body.batchId ?? body.dossierCode ?? ref };
}
const send = (cmd: DmsSendRequestedMessage & { ref: string }, headers: Record<string, unknown> = {}): Promise<string> => {
  const { ref, ...body } = cmd;
  return broker.publish('dms.send-requested', body, { correlationId: ref, headers });
};
const about = (ref: string, type: string): Observed[] =>
  seen.filter((m) => m.routingKey === type && (m.body.dossierCode === ref || m.body.batchId === ref));
const statuses = (ref: string): string[] => about(ref, 'dms.status-received').map((m) => String(m.body.statusCode));
/** Packages iOffice holds for the Center that answer `documentId`. */
const answers = (documentId: string) => sim.documents().filter((d) => d.toOrganId === CENTER && d.responseForDocumentId === documentId);
const allAcknowledged = (documentId: string, n: number): boolean =>
  answers(documentId).length === n && answers(documentId).every((d) => d.ack !== undefined);
const faults = (patch: Partial<IofficeFaults>): void => void sim.setFaults(patch);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The sign flow end to end: the core of the contract, run on both databases. */
async function signFlow(t: ReturnType<typeof harness>): Promise<void> {
  const adapter = await t.start();
  const cmd = command('sign');
  await send(cmd);
  await eventually('the numbered decision', () => about(cmd.ref, 'dms.decision-received').length === 1);

  const [sent] = about(cmd.ref, 'dms.package-sent');
  const documentId = `${CENTER},${edxmlDate(new Date(cmd.requestedAt))},${cmd.ref}/sign`;
  expect(sent.body).toMatchObject({ agencyCode: SXD, purpose: 'sign', dossierCode: cmd.ref, documentId });
  expect(sent.properties.correlationId).toBe(cmd.ref);
  // The department got exactly the package the contract describes.
  const delivered = sim.document(String(sent.body.docId))!;
  expect(delivered).toMatchObject({ fromOrganId: CENTER, toOrganId: SXD, documentId });
  const pkg = parseEdxml(delivered.edxml);
  expect(pkg.header).toMatchObject({
    from: { organId: CENTER },
    to: [{ organId: SXD }],
    documentId,
    subject: cmd.subject,
    dueDate: '2026/05/06 17:00:00',
  });
  expect(pkg.attachments.map((a) => a.name)).toEqual([`${cmd.ref}.pdf`, 'dossier.json']);
  expect(JSON.parse(pkg.attachments[1].content.toString())).toEqual({
    dossierCode: cmd.ref,
    procedureCode: cmd.procedureCode,
    agencyCode: SXD,
    purpose: 'sign',
  });

  expect(statuses(cmd.ref)).toEqual(['01', '03', '04', '05']);
  const decision = about(cmd.ref, 'dms.decision-received')[0].body as {
    documentId: string;
    decision: Record<string, unknown> & { file: { url: string; sha256: string; sizeBytes: number }; number: number; notation: string };
  };
  expect(decision).toMatchObject({ agencyCode: SXD, purpose: 'sign', dossierCode: cmd.ref, documentId });
  expect(decision.decision).toMatchObject({
    notation: expect.stringMatching(/-SXD$/),
    documentNumber: `${decision.decision.number}/${decision.decision.notation}`,
    signature: { verified: true, signerCertificateSubject: expect.stringContaining('CN=Sở Xây dựng') },
  });
  expect(decision).not.toHaveProperty('verificationFailure');

  // The signed result is served by the adapter, by digest, with its content type.
  const res = await fetch(decision.decision.file.url, { headers: ServiceAuth.fromEnv().headers() });
  const body = Buffer.from(await res.arrayBuffer());
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(sha256(body)).toBe(decision.decision.file.sha256);
  expect(body.length).toBe(decision.decision.file.sizeBytes);
  expect(decision.decision.file.sha256).toBe(cmd.attachments[0].file.sha256); // the simulator returns the draft's bytes

  // UpdateStatus(done) for every package, each only after the broker confirmed its message.
  await eventually('every answer acknowledged', () => allAcknowledged(documentId, 5));
  expect(answers(documentId).every((d) => d.ack?.status === 'done')).toBe(true);
  const rows = await adapter.db.query<{ doc_id: string; sent_at: string | number | null }>(
    'SELECT r.doc_id, o.sent_at FROM ioffice_received_packages r JOIN outbox o ON o.message_id = r.message_id',
  );
  expect(rows).toHaveLength(5);
  for (const row of rows) expect(Number(row.sent_at)).toBeLessThanOrEqual(sim.document(row.doc_id)!.ack!.at.getTime());
}

/** The same docId listed again after it was acknowledged: acknowledged again, published once. */
async function duplicateDelivery(t: ReturnType<typeof harness>): Promise<void> {
  faults({ duplicateDeliveryProbability: 1 });
  const adapter = await t.start();
  const cmd = command('archive');
  await send(cmd);
  await eventually('both answers delivered twice and acknowledged twice', () => {
    const docs = sim.documents().filter((d) => d.toOrganId === CENTER);
    return docs.length === 2 && docs.every((d) => d.redeliveries === 1 && d.ack !== undefined);
  });
  expect(statuses(cmd.ref)).toEqual(['01', '03']);
  const [row] = await adapter.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM ioffice_received_packages');
  expect(Number(row.n)).toBe(2);
  const metrics = await (await fetch(`${adapter.baseUrl}/metrics`, { headers: ServiceAuth.fromEnv().headers() })).text();
  expect(metrics).toMatch(/lienthong_ioffice_packages_received_total\{outcome="duplicate"[^}]*\} 2/);
}

const [sqlite, postgres] = testDatabaseUrls();

describe('ioffice-adapter against the iOffice simulator (SQLite)', () => {
  const t = harness(sqlite.url);
  beforeEach(() => sim.reset());
  afterEach(() => t.cleanup());

  it('sign: sends the draft, reports 01-05, then the numbered decision, verified; acknowledges only after the broker confirmed', () =>
    signFlow(t));

  it('number: the clerk numbers a paper decision approved at the Center', async () => {
    await t.start();
    const cmd = command('number', { agencyCode: STP, documentType: { type: 'QĐ', typeName: 'Quyết định' } });
    await send(cmd);
    await eventually('the numbered decision', () => about(cmd.ref, 'dms.decision-received').length === 1);
    expect(statuses(cmd.ref)).toEqual(['01', '03']);
    const { decision } = about(cmd.ref, 'dms.decision-received')[0].body as { decision: Record<string, unknown> };
    expect(decision).toMatchObject({ notation: 'QĐ-STP', signature: { verified: true } });
  });

  it('archive: the clerk registers the electronic copy (01, 03), nothing else comes back', async () => {
    await t.start();
    const cmd = command('archive');
    await send(cmd);
    const documentId = `${CENTER},${edxmlDate(new Date(cmd.requestedAt))},${cmd.ref}/archive`;
    await eventually('both statuses acknowledged', () => allAcknowledged(documentId, 2));
    await eventually('both statuses published', () => statuses(cmd.ref).length === 2);
    expect(statuses(cmd.ref)).toEqual(['01', '03']);
    expect(about(cmd.ref, 'dms.status-received')[1].body).toMatchObject({
      purpose: 'archive',
      documentId,
      staff: { fullName: 'Văn thư', department: 'Sở Xây dựng' },
    });
    expect(about(cmd.ref, 'dms.decision-received')).toEqual([]);
  });

  it('handover-manifest: a batch is described by batchId and dossierCodes, and its 03 comes back for the batch', async () => {
    await t.start();
    const batchId = `BG-${randomBytes(4).toString('hex')}`;
    const manifest = files.serve(
      `${batchId}.json`,
      Buffer.from(JSON.stringify({ batchId, dossierCodes: ['HS-1', 'HS-2'] })),
      'application/json',
    );
    const pdf = files.serve(`${batchId}.pdf`, Buffer.from('%PDF-1.4 manifest'));
    const cmd = command('handover-manifest', {
      dossierCode: undefined,
      batchId,
      dossierCodes: ['HS-1', 'HS-2'],
      attachments: [
        { name: 'bien-ban-ban-giao.pdf', file: pdf },
        { name: 'manifest.json', file: manifest },
      ],
    });
    await send(cmd);
    await eventually('03 for the batch', () => statuses(batchId).includes('03'));
    const [sent] = about(batchId, 'dms.package-sent');
    expect(sent.body).toMatchObject({
      purpose: 'handover-manifest',
      batchId,
      documentId: `${CENTER},${edxmlDate(new Date(cmd.requestedAt))},${batchId}/handover-manifest`,
    });
    expect(sent.properties.correlationId).toBe(batchId);
    const pkg = parseEdxml(sim.document(String(sent.body.docId))!.edxml);
    expect(JSON.parse(pkg.attachments.find((a) => a.name === 'dossier.json')!.content.toString())).toEqual({
      batchId,
      agencyCode: SXD,
      dossierCodes: ['HS-1', 'HS-2'],
      purpose: 'handover-manifest',
    });
    expect(about(batchId, 'dms.status-received').map((m) => m.body.purpose)).toEqual(['handover-manifest', 'handover-manifest']);
  });

  it('decline: the leader refuses to sign → dms.status-received 02 with the reason, and no decision', async () => {
    faults({ declineProbability: 1 });
    await t.start();
    const cmd = command('sign');
    await send(cmd);
    const documentId = `${CENTER},${edxmlDate(new Date(cmd.requestedAt))},${cmd.ref}/sign`;
    await eventually('five statuses acknowledged', () => allAcknowledged(documentId, 5));
    await eventually('five statuses published', () => statuses(cmd.ref).length === 5);
    expect(statuses(cmd.ref)).toEqual(['01', '03', '04', '05', '02']);
    expect(about(cmd.ref, 'dms.status-received')[4].body).toMatchObject({ statusCode: '02', description: sim.faults().declineReason });
    expect(about(cmd.ref, 'dms.decision-received')).toEqual([]);
  });

  it('a command handled again never sends its DocumentId twice: own table first, then GetSentEdocList', async () => {
    const adapter = await t.start();
    const cmd = command('archive');
    await send(cmd);
    await eventually('sent', () => about(cmd.ref, 'dms.package-sent').length === 1);
    // A first delivery cannot have been sent before: no GetSentEdocList (the costliest call) before SendEdoc.
    expect(adapter.soap.calls.get('GetSentEdocList:ok')).toBeUndefined();
    await send(cmd); // re-issued: same DocumentId
    await eventually('announced again', () => about(cmd.ref, 'dms.package-sent').length === 2);
    // A fresh database (the record lost) and an operator's replay of the command: iOffice's own list prevents a resend.
    await t.stop();
    const other = harness(sqlite.url);
    await other.start();
    try {
      await send(cmd, { [RETRY_HEADERS.replayOf]: 'dead-letter-1' });
      await eventually('announced a third time', () => about(cmd.ref, 'dms.package-sent').length === 3);
      expect(new Set(about(cmd.ref, 'dms.package-sent').map((m) => m.body.docId)).size).toBe(1);
      expect(
        sim.documents().filter((d) => d.documentId === about(cmd.ref, 'dms.package-sent')[0].body.documentId && d.toOrganId === SXD),
      ).toHaveLength(1);
      expect(other.adapter.soap.calls.get('SendEdoc:ok')).toBeUndefined();
      expect(other.adapter.soap.calls.get('GetSentEdocList:ok')).toBe(1);
    } finally {
      await other.cleanup();
    }
  });

  it('SendEdoc accepted but unanswered: checked with GetSentEdocList, not repeated (iOffice holds exactly one)', async () => {
    faults({ acceptThenTimeoutProbability: 1, operations: ['SendEdoc'], hangMs: 5000 });
    const adapter = await t.start({ timeoutMs: 400 });
    const cmd = command('archive');
    await send(cmd);
    await eventually('package-sent', () => about(cmd.ref, 'dms.package-sent').length === 1, 10_000);
    const documentId = String(about(cmd.ref, 'dms.package-sent')[0].body.documentId);
    expect(sim.documents().filter((d) => d.documentId === documentId && d.toOrganId === SXD)).toHaveLength(1);
    expect(adapter.soap.calls.get('SendEdoc:failed')).toBe(1);
    expect(adapter.soap.calls.get('SendEdoc:retried')).toBeUndefined();
    expect(adapter.soap.calls.get('GetSentEdocList:ok')).toBe(1); // after the timeout (a first delivery sends without looking)
  });

  it('SendEdoc lost (never processed): not listed by GetSentEdocList, so sent again later, exactly once', async () => {
    faults({ timeoutProbability: 1, operations: ['SendEdoc'], hangMs: 5000 });
    const adapter = await t.start({ timeoutMs: 300 });
    const cmd = command('archive');
    await send(cmd);
    await eventually('the timeout checked', () => (adapter.soap.calls.get('GetSentEdocList:ok') ?? 0) >= 2);
    expect(adapter.soap.calls.get('SendEdoc:failed')).toBe(1);
    faults({ timeoutProbability: 0 });
    await eventually('package-sent', () => about(cmd.ref, 'dms.package-sent').length === 1, 10_000);
    expect(sim.documents().filter((d) => d.toOrganId === SXD)).toHaveLength(1);
    expect(adapter.soap.calls.get('SendEdoc:ok')).toBe(1);
  });

  it('BUSY on SendEdoc is retried with backoff, then succeeds', async () => {
    faults({ busyProbability: 1, operations: ['SendEdoc'] });
    const adapter = await t.start();
    const cmd = command('archive');
    await send(cmd);
    await eventually('two retries', () => (adapter.soap.calls.get('SendEdoc:retried') ?? 0) >= 2);
    expect(about(cmd.ref, 'dms.package-sent')).toEqual([]);
    faults({ busyProbability: 0 });
    await eventually('package-sent', () => about(cmd.ref, 'dms.package-sent').length === 1);
    expect(sim.documents().filter((d) => d.toOrganId === SXD)).toHaveLength(1);
    expect((await adapter.deadLetters.list()).total).toBe(0);
  });

  it('HTTP 503 on GetEdoc is retried, then the package is processed', async () => {
    const adapter = await t.start();
    faults({ unavailableProbability: 1, operations: ['GetEdoc'] });
    const cmd = command('archive');
    await send(cmd);
    await eventually('two retries', () => (adapter.soap.calls.get('GetEdoc:retried') ?? 0) >= 2);
    expect(statuses(cmd.ref)).toEqual([]);
    faults({ unavailableProbability: 0 });
    await eventually('both statuses', () => statuses(cmd.ref).length === 2);
    expect(statuses(cmd.ref)).toEqual(['01', '03']);
  });

  it('takes a department’s packages in iOffice’s order with GetEdoc asked ahead; a failed UpdateStatus is done at a later poll, once', async () => {
    faults({ unavailableProbability: 1, operations: ['GetReceivedEdocList'] });
    const adapter = await t.start({ fetchAhead: 3 });
    const cmds = Array.from({ length: 6 }, () => command('archive'));
    for (const cmd of cmds) await send(cmd);
    const waiting = () => sim.documents().filter((d) => d.toOrganId === CENTER && d.fromOrganId === SXD);
    await eventually('12 answers waiting in iOffice', () => waiting().length === 12);
    faults({ unavailableProbability: 1, operations: ['UpdateStatus'] });
    await eventually('the circuit closed again', () => adapter.soap.health().available, 5000);
    const refs = new Set(cmds.map((c) => c.ref));
    const announced = () => seen.filter((m) => m.routingKey === 'dms.status-received' && refs.has(String(m.body.dossierCode)));
    await eventually('all 12 announced', () => announced().length === 12, 10_000);
    // Announced in the order iOffice accepted them (docIds sort in acceptance order), none acknowledged yet.
    expect(announced().map((m) => m.body.docId)).toEqual(waiting().map((d) => d.docId));
    for (const cmd of cmds) expect(statuses(cmd.ref)).toEqual(['01', '03']);
    expect(waiting().every((d) => d.ack === undefined)).toBe(true);

    faults({ unavailableProbability: 0 });
    await eventually('every package acknowledged done', () => waiting().every((d) => d.ack?.status === 'done'), 10_000);
    expect(announced()).toHaveLength(12);
    const [row] = await adapter.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM ioffice_received_packages');
    expect(Number(row.n)).toBe(12);
  });

  it('opens the circuit under sustained faults (readiness and metrics show it), and closes it when iOffice is back', async () => {
    const adapter = await t.start();
    const ready = async (): Promise<{ status: number; body: { details?: { ioffice?: Record<string, unknown> } } }> => {
      const res = await fetch(`${adapter.baseUrl}/health/ready`);
      return { status: res.status, body: (await res.json()) as { details?: { ioffice?: Record<string, unknown> } } };
    };
    await eventually('ready', async () => (await ready()).status === 200);
    faults({ unavailableProbability: 1 });
    await eventually('the circuit open', () => adapter.soap.breaker.state === 'open');
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.details?.ioffice).toMatchObject({
      status: 'down',
      circuit: 'open',
      consecutiveFailures: expect.any(Number),
      retryInMs: expect.any(Number),
      lastFailure: expect.stringContaining('HTTP 503'),
      lastFailureAt: expect.any(String),
      recentErrorRate: expect.any(Number),
    });
    expect(down.body.details?.ioffice).not.toHaveProperty('retryAt'); // readiness keeps its fields: the time left, not the epoch
    expect(down.body.details?.ioffice?.recentErrorRate).toBeGreaterThan(0);
    expect(await (await fetch(`${adapter.baseUrl}/metrics`, { headers: ServiceAuth.fromEnv().headers() })).text()).toMatch(
      /lienthong_ioffice_circuit_state\{[^}]*\} 2/,
    );
    faults({ unavailableProbability: 0 });
    // Half-open lets one trial call through; its success closes the circuit.
    await eventually('the circuit closed', () => adapter.soap.breaker.state === 'closed');
    const up = await ready();
    expect(up.status).toBe(200);
    expect(up.body.details?.ioffice).toMatchObject({ status: 'up', circuit: 'closed', lastSuccessAt: expect.any(String) });
    // The SOAP calls are a hop of their own, timed: the failures and the successes.
    const metrics = await (await fetch(`${adapter.baseUrl}/metrics`, { headers: ServiceAuth.fromEnv().headers() })).text();
    expect(metrics).toMatch(/lienthong_hop_calls_total\{hop="[^"]+ → iOffice",outcome="ok"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/lienthong_hop_calls_total\{hop="[^"]+ → iOffice",outcome="failed"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/lienthong_hop_latency_seconds_count\{hop="[^"]+ → iOffice"[^}]*\} [1-9]/);
  });

  it('duplicate delivery: the same docId twice has its effect once', () => duplicateDelivery(t));

  it('a decision changed after signing is announced verified=false, with the reason', async () => {
    faults({ tamperProbability: 1 });
    await t.start();
    const cmd = command('sign');
    await send(cmd);
    await eventually('the decision', () => about(cmd.ref, 'dms.decision-received').length === 1);
    expect(about(cmd.ref, 'dms.decision-received')[0].body).toMatchObject({
      decision: { signature: { verified: false } },
      verificationFailure: expect.stringContaining('changed after it was signed'),
    });
  });

  it('a decision signed by a certificate outside the trust anchors is announced verified=false', async () => {
    faults({ untrustedSignerProbability: 1 });
    await t.start();
    const cmd = command('sign');
    await send(cmd);
    await eventually('the decision', () => about(cmd.ref, 'dms.decision-received').length === 1);
    expect(about(cmd.ref, 'dms.decision-received')[0].body).toMatchObject({
      decision: { signature: { verified: false, signerCertificateSubject: expect.stringContaining('CN=Sở Xây dựng') } },
      verificationFailure: expect.stringContaining('does not chain to any trust anchor'),
    });
  });

  it("a decision signed with another organization's valid certificate is announced verified=false when the department names its signer", async () => {
    // The adapter's table says Sở Xây dựng signs as Sở Tư pháp; the simulator signs with Sở Xây dựng's own certificate.
    const table = readFileSync(DEPARTMENTS, 'utf8').replace(
      "signerSubject: '^CN=Sở Xây dựng(,|$)'",
      "signerSubject: '^CN=Sở Tư pháp(,|$)'",
    );
    expect(table).toContain('signerSubject: \'^CN=Sở Tư pháp(,|$)\'\n    archive:\n      address: { recipient: "Văn thư Sở Xây dựng"');
    const departmentsFile = join(workDir, 'departments-other-signer.yaml');
    writeFileSync(departmentsFile, table);
    await t.start({ departmentsFile });
    const cmd = command('sign');
    await send(cmd);
    await eventually('the decision', () => about(cmd.ref, 'dms.decision-received').length === 1);
    expect(about(cmd.ref, 'dms.decision-received')[0].body).toMatchObject({
      decision: { signature: { verified: false, signerCertificateSubject: expect.stringContaining('CN=Sở Xây dựng') } },
      verificationFailure: expect.stringContaining("is not Sở Xây dựng's: its subject does not match signerSubject ^CN=Sở Tư pháp(,|$)"),
    });
  });

  it('without a trust anchors file, decisions are announced verified=false with the reason (no crash)', async () => {
    await t.start({ trustAnchorsFile: join(workDir, 'no-such-ca.pem') });
    const cmd = command('number');
    await send(cmd);
    await eventually('the decision', () => about(cmd.ref, 'dms.decision-received').length === 1);
    expect(about(cmd.ref, 'dms.decision-received')[0].body).toMatchObject({
      decision: { signature: { verified: false } },
      verificationFailure: expect.stringContaining('no-such-ca.pem cannot be read (ENOENT)'),
    });
  });

  it('refuses malformed, XXE, billion-laughs, oversized and unknown packages: dead-lettered whole, acknowledged fail, and keeps working', async () => {
    // Packages a department sends to the Center, stored in iOffice before the adapter starts polling.
    const injector = new IOfficeSoapAdapter(harness(sqlite.url).config({ iofficeUrl: sim.url }));
    const status = (responseFor: string, extra: Buffer = Buffer.alloc(0)) =>
      Buffer.from(
        buildEdxml({
          header: { from: { organId: SXD }, responseForDocumentId: responseFor, statusCode: '01', timestamp: '2026/04/21 08:00:00' },
          attachments: extra.length ? [{ name: 'big.bin', contentType: 'application/octet-stream', content: extra }] : [],
          sentAt: new Date(),
        }),
      );
    const inject = async (edxml: Buffer) =>
      (await injector.send({ fromOrganId: SXD, toOrganId: CENTER, messageType: 'status', documentId: 'test', edxml })).docId;
    const open = '<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">';
    const lol = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
    const valid = status(`${CENTER},2026/04/20,HS-X/archive`);
    const poisons: Record<string, [Buffer, string, string]> = {
      malformed: [
        Buffer.from(valid.toString().replace(/<edXML:TraceHeaderList>.*<\/edXML:TraceHeaderList>/, '')),
        'EDXML.MALFORMED',
        'edXMLHeader/TraceHeaderList',
      ],
      xxe: [
        Buffer.from(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${open}&e;</edXML:edXMLEnvelope>`),
        'EDXML.DTD_FORBIDDEN',
        'edXMLEnvelope',
      ],
      laughs: [
        Buffer.from(`<?xml version="1.0"?><!DOCTYPE lolz [${lol}]>${open}&l9;</edXML:edXMLEnvelope>`),
        'EDXML.DTD_FORBIDDEN',
        'edXMLEnvelope',
      ],
      oversized: [status(`${CENTER},2026/04/20,HS-X/archive`, randomBytes(300 * 1024)), 'EDXML.TOO_LARGE', 'edXMLEnvelope'],
    };
    const docIds = new Map<string, string>();
    for (const [name, [bytes]] of Object.entries(poisons)) {
      const docId = await inject(valid);
      proxy.replaceGetEdoc(docId, bytes);
      docIds.set(name, docId);
    }
    // Well-formed, but it answers nothing the bus sent.
    docIds.set('unknown', await inject(status('000.00.99.H36,2026/04/20,NOT-OURS/sign')));

    const adapter = await t.start();
    await eventually(
      'five dead letters',
      async () => (await adapter.deadLetters.list({ queue: `external:ioffice:${CENTER}` })).total === 5,
    );
    const letters = new Map((await adapter.deadLetters.list({ limit: 10 })).items.map((l) => [l.messageId, l]));
    for (const [name, [bytes, code, element]] of Object.entries(poisons)) {
      const letter = letters.get(`ioffice:${docIds.get(name)}`)!;
      expect(letter).toMatchObject({ errorCode: code, routingKey: 'ioffice.status', status: 'open' });
      expect(letter.reasons[0].field).toBe(element);
      const kept = (await adapter.deadLetters.get(letter.id))!;
      const keptBytes = Buffer.from(kept.body, kept.bodyEncoding);
      if (name === 'oversized') expect(keptBytes.equals(bytes.subarray(0, 64 * 1024))).toBe(true);
      else expect(keptBytes.equals(bytes)).toBe(true);
    }
    expect(letters.get(`ioffice:${docIds.get('unknown')}`)).toMatchObject({
      errorCode: 'IOFFICE.UNKNOWN_REFERENCE',
      reasons: [{ field: 'edXMLHeader/MessageHeader/ResponseFor/DocumentId' }],
    });
    for (const docId of docIds.values()) {
      await eventually(`${docId} acknowledged fail`, () => sim.document(docId)?.ack?.status === 'fail');
      expect(sim.document(docId)!.ack!.note).toMatch(/^(EDXML|IOFFICE)\.[A-Z_]+: /);
    }
    // And the service keeps working.
    const cmd = command('archive');
    await send(cmd);
    await eventually('a normal flow afterwards', () => statuses(cmd.ref).length === 2);
  });
});

describe('ioffice-adapter against the iOffice simulator (PostgreSQL)', () => {
  const t = harness(postgres.url);
  beforeEach(() => sim.reset());
  afterEach(() => t.cleanup());

  it('sign flow end to end', () => signFlow(t));
  it('duplicate delivery has its effect once', () => duplicateDelivery(t));
});
