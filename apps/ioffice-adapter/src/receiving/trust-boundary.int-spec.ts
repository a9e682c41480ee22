/**
 * Issue 13, the iOffice side: attacks by a department (or a hostile iOffice) on the bus, each reproduced over real
 * sockets against the simulator, with the real broker and database, and shown to fail. The simulator's departments
 * are slowed down (`stepDelayMs`) so that the only answers iOffice holds are the ones a test plants.
 * Tests are outside the "apps never import apps" rule (.dependency-cruiser.js excludes them).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDepartments } from '@lienthong/config';
import { sampleDmsSendRequested } from '@lienthong/contracts';
import { type DeadLetterSummary, vietnamTimestamp } from '@lienthong/messaging';
import { TEST_AMQP_URL, TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { type IofficeSimulator, type TestPki, generateTestPki, startIofficeSimulator } from '../../../sim-ioffice/src';
import { signEdxml } from '../../../sim-ioffice/src/edxml/edxml.signer';
import { busPackage } from '../../../sim-ioffice/src/testing/bus-package';
import { buildEdxml } from '../edxml/edxml.builder';
import type { EdxmlHeader } from '../edxml/edxml.model';
import { edxmlDate } from '../edxml/vietnam-time';
import { IOfficeSoapAdapter } from '../ioffice/ioffice.soap-adapter';
import { AdapterConfig } from '../ioffice-adapter.config';
import { type RunningAdapter, freePort, startAdapter, testAdapterConfig } from '../testing/adapter.harness';
import { TestFileServer } from '../testing/file-server';
import { TamperingProxy } from '../testing/tampering-proxy';
import { RevocationServer } from '../../../sim-ioffice/src/pki/testing/revocation.server';

const DEPARTMENTS = join(__dirname, '../../../../config/departments.yaml');
const CENTER = '000.00.01.H36';
const SXD = '000.00.12.H36';
const STP = '000.00.15.H36';

let sim: IofficeSimulator;
let pki: TestPki;
let proxy: TamperingProxy;
let files: TestFileServer;
let broker: TestBroker;
let seen: Observed[];
let workDir: string;
let injector: IOfficeSoapAdapter;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ioffice-trust-'));
  // Departments take a minute per step: nothing answers unless a test plants the answer.
  sim = await startIofficeSimulator({
    port: 0,
    departmentsFile: DEPARTMENTS,
    pkiDir: join(workDir, 'pki'),
    stepDelayMs: 60_000,
    log: () => undefined,
  });
  // The simulator's PKI, with the department names it issues certificates under (on first use).
  pki = generateTestPki(sim.pkiDir, { organs: loadDepartments(DEPARTMENTS).all.map((d) => ({ organId: d.organId, name: d.name })) });
  proxy = await TamperingProxy.start(sim.url);
  files = await TestFileServer.start();
  broker = await TestBroker.connect();
  seen = await broker.observe('dms.package-sent', 'dms.status-received', 'dms.decision-received');
  injector = new IOfficeSoapAdapter(config({ iofficeUrl: sim.url }));
});
afterAll(async () => {
  await broker?.close();
  await files?.close();
  await proxy?.close();
  await sim?.close();
  rmSync(workDir, { recursive: true, force: true });
});

function config(overrides: Partial<AdapterConfig> = {}, port = 0): AdapterConfig {
  const at = { iofficeUrl: `${proxy.baseUrl}/EdocService`, trustAnchorsFile: sim.trustAnchorsFile, workDir, port };
  return testAdapterConfig(at, {
    retry: { attempts: 2, baseDelayMs: 20, maxDelayMs: 100 },
    breaker: { failureThreshold: 50, openMs: 400 },
    ...overrides,
  });
}

/** One adapter per test (own queue, own schema). */
function harness(databaseUrl: () => string) {
  let adapter: RunningAdapter | undefined;
  let url: string | undefined;
  return {
    async start(overrides: Partial<AdapterConfig> = {}): Promise<RunningAdapter> {
      const port = await freePort();
      url ??= databaseUrl();
      adapter = await startAdapter({
        service: `ioffice-trust-test-${randomBytes(4).toString('hex')}`,
        databaseUrl: url,
        amqpUrl: TEST_AMQP_URL,
        config: config(overrides, port),
        port,
      });
      return adapter;
    },
    async cleanup(): Promise<void> {
      if (adapter) {
        const queues = adapter.queues;
        await adapter.close();
        await broker.deleteQueues(queues);
        adapter = undefined;
      }
      if (url) await dropTestSchema(url);
      url = undefined;
    },
  };
}

/** The bus sends a `sign` package for a new dossier of `agencyCode`; resolves its DocumentId once iOffice took it. */
async function busSends(agencyCode: string, purpose: 'sign' | 'number' | 'archive' = 'sign'): Promise<{ ref: string; documentId: string }> {
  const ref = `HS-${randomBytes(4).toString('hex')}`;
  const draft = files.serve(`${ref}.pdf`, Buffer.from(`%PDF-1.4\n% ${ref}\n%%EOF\n`));
  const body = sampleDmsSendRequested({
    agencyCode,
    purpose,
    dossierCode: ref,
    requestedAt: vietnamTimestamp(new Date()),
    attachments: [{ name: `${ref}.pdf`, file: draft }],
  });
  await broker.publish('dms.send-requested', body, { correlationId: ref });
  await eventually(`${ref} sent`, () => seen.some((m) => m.routingKey === 'dms.package-sent' && m.body.dossierCode === ref));
  return { ref, documentId: String(seen.find((m) => m.routingKey === 'dms.package-sent' && m.body.dossierCode === ref)!.body.documentId) };
}

/** A status package `from` a department answering `documentId`. */
function statusPackage(from: string, documentId: string, statusCode: string): Buffer {
  const header: EdxmlHeader = {
    from: { organId: from },
    responseForDocumentId: documentId,
    staff: { department: 'Văn thư', staff: 'Nguyễn Thị Đào' },
    statusCode,
    description: 'Từ chối tiếp nhận',
    timestamp: '2026/04/21 08:00:00',
  };
  return Buffer.from(buildEdxml({ header, attachments: [], sentAt: new Date() }));
}

/** A numbered decision `from` a department answering `documentId`, signed with `signer`'s certificate of the test PKI. */
function decisionPackage(from: string, documentId: string, signer: string, at = new Date()): Buffer {
  const header: EdxmlHeader = {
    from: { organId: from },
    to: [{ organId: CENTER }],
    responseForDocumentId: documentId,
    documentId: `${from},${edxmlDate(at)},7/QĐ-X`,
    code: { number: '7', notation: 'QĐ-SXD' },
    promulgation: { place: 'Lạng Sơn', date: edxmlDate(at) },
    subject: 'Giấy phép xây dựng',
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'PHÓ GIÁM ĐỐC', fullName: 'Đặng Văn Đức' },
  };
  const xml = buildEdxml({
    header,
    attachments: [{ name: '7-QĐ-SXD.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 signed') }],
    sentAt: at,
  });
  return Buffer.from(signEdxml(xml, pki.identity(signer)));
}

/** Plants a package in the Center's received list as iOffice would list it: sent by `listedFrom`. */
async function plant(listedFrom: string, messageType: 'edoc' | 'status', edxml: Buffer): Promise<string> {
  return (await injector.send({ fromOrganId: listedFrom, toOrganId: CENTER, messageType, documentId: 'planted', edxml })).docId;
}

async function deadLetterOf(adapter: RunningAdapter, docId: string): Promise<DeadLetterSummary> {
  let letter: DeadLetterSummary | undefined;
  await eventually(`${docId} dead-lettered`, async () => {
    letter = (await adapter.deadLetters.list({ queue: `external:ioffice:${CENTER}` })).items.find(
      (l) => l.messageId === `ioffice:${docId}`,
    );
    return letter !== undefined;
  });
  await eventually(`${docId} acknowledged fail`, () => sim.document(docId)?.ack?.status === 'fail');
  return letter!;
}

const published = (docId: string): Observed[] => seen.filter((m) => m.body.docId === docId && m.routingKey !== 'dms.package-sent');

const [sqlite, postgres] = testDatabaseUrls();

describe.each([
  ['SQLite', sqlite.url],
  ['PostgreSQL', postgres.url],
])('a package binds to the department it answers (%s)', (_name, databaseUrl) => {
  const t = harness(databaseUrl);
  beforeEach(() => sim.reset());
  afterEach(() => t.cleanup());

  it('refuses a sign package answered by another department with its own valid certificate (IOFFICE.WRONG_SENDER, kept whole, fail)', async () => {
    const adapter = await t.start();
    const { documentId } = await busSends(SXD);
    // Sở Tư pháp answers Sở Xây dựng's draft: From is itself, iOffice lists it as itself, its certificate is its own.
    const forged = decisionPackage(STP, documentId, STP);
    const docId = await plant(STP, 'edoc', forged);
    const letter = await deadLetterOf(adapter, docId);
    expect(letter).toMatchObject({ errorCode: 'IOFFICE.WRONG_SENDER', reasons: [{ field: 'edXMLHeader/MessageHeader/From/OrganId' }] });
    expect(letter.reasons[0].problem).toBe(
      `answers ${documentId}, which the bus sent to ${SXD}, but iOffice lists the package as sent by ${STP} and its edXML From is ${STP}: a department may answer only the packages sent to it (all three organs must be the same)`,
    );
    const kept = (await adapter.deadLetters.get(letter.id))!;
    expect(Buffer.from(kept.body, kept.bodyEncoding).equals(forged)).toBe(true);
    expect(sim.document(docId)!.ack!.note).toMatch(/^IOFFICE\.WRONG_SENDER: /);
    expect(published(docId)).toEqual([]);
  });

  it("refuses a 02 (declined) for another department's dossier, and one whose From names the right department but iOffice lists another sender", async () => {
    const adapter = await t.start();
    const { documentId } = await busSends(SXD);
    const declined = await plant(STP, 'status', statusPackage(STP, documentId, '02'));
    expect(await deadLetterOf(adapter, declined)).toMatchObject({ errorCode: 'IOFFICE.WRONG_SENDER' });
    // A hostile iOffice (or a forged From): the package says it is from Sở Xây dựng, iOffice lists Sở Tư pháp.
    const spoofed = await plant(STP, 'status', statusPackage(STP, documentId, '03'));
    proxy.replaceGetEdoc(spoofed, statusPackage(SXD, documentId, '02'));
    const letter = await deadLetterOf(adapter, spoofed);
    expect(letter.errorCode).toBe('IOFFICE.WRONG_SENDER');
    expect(letter.reasons[0].problem).toContain(`iOffice lists the package as sent by ${STP} and its edXML From is ${SXD}`);
    expect([...published(declined), ...published(spoofed)]).toEqual([]);
    // The department the package went to still answers it.
    const registered = await plant(SXD, 'status', statusPackage(SXD, documentId, '03'));
    await eventually('the right department’s 03', () => published(registered).length === 1);
    expect(published(registered)[0].body).toMatchObject({ agencyCode: SXD, statusCode: '03', documentId });
  });

  it('a package the sent-packages table does not know (restored store) is bound by iOffice’s own list of what the Center sent', async () => {
    const adapter = await t.start();
    // Sent by the Center before the adapter's database was restored: iOffice knows it, the table does not.
    const ref = `HS-${randomBytes(4).toString('hex')}`;
    const old = busPackage({ centerOrganId: CENTER, departmentOrganId: SXD, purpose: 'sign', reference: ref });
    await injector.send({
      fromOrganId: CENTER,
      toOrganId: SXD,
      messageType: 'edoc',
      documentId: old.documentId,
      edxml: Buffer.from(old.xml),
    });
    const wrong = await plant(STP, 'status', statusPackage(STP, old.documentId, '02'));
    expect(await deadLetterOf(adapter, wrong)).toMatchObject({ errorCode: 'IOFFICE.WRONG_SENDER' });
    const right = await plant(SXD, 'status', statusPackage(SXD, old.documentId, '03'));
    await eventually('the 03 published', () => published(right).length === 1);
    expect(published(right)[0].body).toMatchObject({
      agencyCode: SXD,
      dossierCode: ref,
      purpose: 'sign',
      statusCode: '03',
      documentId: old.documentId,
    });
    const [row] = await adapter.db.query<{ to_organ_id: string; agency_code: string }>(
      'SELECT to_organ_id, agency_code FROM ioffice_sent_packages WHERE document_id = $1',
      [old.documentId],
    );
    expect(row).toEqual({ to_organ_id: SXD, agency_code: SXD });
    // A DocumentId in the Center's form that iOffice never carried is not taken on trust.
    const never = await plant(SXD, 'status', statusPackage(SXD, `${CENTER},${edxmlDate(new Date())},HS-NEVER/sign`, '03'));
    const letter = await deadLetterOf(adapter, never);
    expect(letter).toMatchObject({
      errorCode: 'IOFFICE.UNKNOWN_REFERENCE',
      reasons: [{ field: 'edXMLHeader/MessageHeader/ResponseFor/DocumentId' }],
    });
    expect(letter.reasons[0].problem).toContain(`is neither in the sent-packages table nor in iOffice's list of what ${CENTER} sent`);
  });
});

describe('signature hardening, through the adapter', () => {
  const t = harness(sqlite.url);
  beforeEach(() => sim.reset());
  afterEach(() => t.cleanup());

  it('refuses a decision carrying a second ds:Signature (EDXML.SIGNATURE_PLACEMENT), kept whole, fail', async () => {
    const adapter = await t.start();
    const { documentId } = await busSends(SXD);
    const signed = decisionPackage(SXD, documentId, SXD).toString();
    const decoy = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>';
    const docId = await plant(SXD, 'edoc', Buffer.from(signed.replace('<edXML:edXMLManifest>', `<edXML:edXMLManifest>${decoy}`)));
    expect(await deadLetterOf(adapter, docId)).toMatchObject({
      errorCode: 'EDXML.SIGNATURE_PLACEMENT',
      reasons: [{ field: 'edXMLBody/edXMLManifest/Signature' }],
    });
    expect(published(docId)).toEqual([]);
  });

  it('announces the signing time it checked the certificate at (decision.signature.signedAt)', async () => {
    await t.start();
    const { documentId } = await busSends(SXD);
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const docId = await plant(SXD, 'edoc', decisionPackage(SXD, documentId, SXD, at));
    await eventually('the decision', () => published(docId).length === 1);
    expect(published(docId)[0].body).toMatchObject({
      agencyCode: SXD,
      decision: { signature: { verified: true, signedAt: vietnamTimestamp(at) } },
    });
  });

  it('does not start with a trust anchor that is not a CA certificate, naming TRUST_ANCHORS', async () => {
    const anchorsFile = join(workDir, 'org-as-anchor.pem');
    writeFileSync(anchorsFile, readFileSync(sim.trustAnchorsFile, 'utf8') + pki.identity(SXD).certificateChainPem[0]);
    await expect(t.start({ trustAnchorsFile: anchorsFile })).rejects.toThrow(
      /^TRUST_ANCHORS: in .*org-as-anchor\.pem, certificate 2 \(CN=Sở Xây dựng.*\) cannot be a trust anchor: .* is not a CA certificate/,
    );
  });
});

describe('revocation, through the adapter', () => {
  const t = harness(sqlite.url);
  let publication: RevocationServer;
  beforeAll(async () => (publication = await RevocationServer.start(pki)));
  afterAll(() => publication?.close());
  beforeEach(() => {
    sim.reset();
    publication.behaviour = {};
  });
  afterEach(async () => {
    await t.cleanup();
    pki.issueIdentity(SXD); // a plain certificate again for the other tests
  });
  /** Every certificate of the path has a source: the root's CRL for the issuing CA, the leaf's own for the leaf. */
  const revocation = () => ({ mode: 'required' as const, crlUrls: [publication.crlUrl('root')], timeoutMs: 2000 });

  it('a decision signed with a certificate revoked in its CRL is announced verified=false, with the reason', async () => {
    const { serial } = pki.issueIdentity(SXD, { crlUrls: [publication.crlUrl('issuing')] });
    pki.revoke(serial, { at: new Date(Date.now() - 60_000), reason: 1 });
    await t.start({ revocation: revocation() });
    const { documentId } = await busSends(SXD);
    const docId = await plant(SXD, 'edoc', decisionPackage(SXD, documentId, SXD));
    await eventually('the decision', () => published(docId).length === 1);
    expect(published(docId)[0].body).toMatchObject({
      decision: { signature: { verified: false, signerCertificateSubject: expect.stringContaining('Sở Xây dựng') } },
      verificationFailure: expect.stringMatching(
        new RegExp(`serial ${serial}\\) was revoked at .* \\(keyCompromise\\), according to the CRL at ${publication.crlUrl('issuing')}`),
      ),
    });
  });

  it('a decision signed with a certificate its OCSP responder says is revoked is announced verified=false', async () => {
    const { serial } = pki.issueIdentity(SXD, { ocspUrls: [publication.ocspUrl] });
    pki.revoke(serial, { at: new Date(Date.now() - 60_000), reason: 1 });
    await t.start({ revocation: revocation() });
    const { documentId } = await busSends(SXD);
    const docId = await plant(SXD, 'edoc', decisionPackage(SXD, documentId, SXD));
    await eventually('the decision', () => published(docId).length === 1);
    expect(published(docId)[0].body).toMatchObject({
      decision: { signature: { verified: false } },
      verificationFailure: expect.stringContaining(`according to the OCSP responder ${publication.ocspUrl}`),
    });
    expect(publication.requests.get('/ocsp')).toBeGreaterThanOrEqual(1);
  });

  it('while the status cannot be known the decision waits in iOffice (readiness says why), and is verified once it can', async () => {
    pki.issueIdentity(SXD, { crlUrls: [publication.crlUrl('issuing')] });
    publication.behaviour = { failWith: 503 };
    const adapter = await t.start({ revocation: revocation() });
    const { documentId } = await busSends(SXD);
    const docId = await plant(SXD, 'edoc', decisionPackage(SXD, documentId, SXD));
    const readiness = async () =>
      (await (await fetch(`${adapter.baseUrl}/health/ready`)).json()) as { details?: { revocation?: Record<string, unknown> } };
    await eventually('readiness shows the unknown status', async () => (await readiness()).details?.revocation?.status === 'down');
    expect((await readiness()).details?.revocation).toMatchObject({
      mode: 'required',
      last: { status: 'unknown', reason: expect.stringContaining(`${publication.crlUrl('issuing')}: HTTP 503`) },
    });
    expect(published(docId)).toEqual([]);
    expect(sim.document(docId)!.ack).toBeUndefined();
    publication.behaviour = {};
    await eventually('the decision, verified', () => published(docId).length === 1, 10_000);
    expect(published(docId)[0].body).toMatchObject({ decision: { signature: { verified: true } } });
    await eventually('acknowledged done', () => sim.document(docId)?.ack?.status === 'done');
    expect((await readiness()).details?.revocation).toMatchObject({ status: 'up', last: { status: 'good' } });
  });
});
