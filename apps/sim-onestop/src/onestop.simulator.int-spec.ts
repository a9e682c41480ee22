import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { loadDepartments } from '@lienthong/config';
import {
  DossierStatusChangedMessage,
  FileRef,
  normalizeNfc,
  portalStatusOf,
  sampleDecisionReadyForIssue,
  sampleDossierStatusChanged,
  sampleMessageRejected,
  Stage,
  validateMessage,
  type MessageType,
} from '@lienthong/contracts';
import { OnestopSimulator, startOnestopSimulator } from './onestop.simulator';
import { toVietnamIso } from './shared/vietnam-time';
import { eventually } from './testing/eventually';
import { Observed, RawBroker, TEST_AMQP_URL } from './testing/raw-broker';

/**
 * The simulator against the real RabbitMQ (the test vhost) and real HTTP. It runs on an exchange and a
 * queue of its own (not lienthong.events / onestop.inbox), so it never reacts to, or feeds, the bus
 * services other integration suites start on the same broker at the same time.
 */
const EXCHANGE = `sim-onestop.test-${process.pid}`;
const QUEUE = `onestop.inbox.test-${process.pid}`;
const SXD = '000.00.12.H36'; // appraisal online, approval online
const STP = '000.00.15.H36'; // appraisal and approval at the Center, delegated to the Post
const SKHDT = '000.00.05.H36'; // Sở Kế hoạch và Đầu tư (SKHĐT)
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

let broker: RawBroker;
let sim: OnestopSimulator;
let next = 5000 + Math.floor(Math.random() * 4000);
const exec = promisify(execFile);
const codeOf = (agency: string): string => `${agency}-261128-${next++}`;

beforeAll(async () => {
  broker = await RawBroker.open(EXCHANGE);
  await broker.deleteQueue(QUEUE);
  sim = await startOnestopSimulator({
    amqpUrl: TEST_AMQP_URL,
    exchange: EXCHANGE,
    queue: QUEUE,
    port: 0,
    departments: loadDepartments('config/departments.yaml'),
    seed: 20261128,
    behaviour: { ratePerMinute: 0, appraisalMs: 20, stepMs: 20, supplementDelayMs: 20, supplementP: 0, rejectP: 0, withdrawP: 0, nfdP: 0 },
    log: () => undefined,
  });
});

afterAll(async () => {
  await sim?.close();
  await broker?.cleanUp([QUEUE]);
});

/** The first message of this type about this dossier that the raw consumer saw. */
function published(type: MessageType, dossierCode: string, what = `${type} for ${dossierCode}`): Promise<Observed> {
  return eventually(() => broker.seen.find((m) => m.routingKey === type && m.properties.correlationId === dossierCode), what);
}

function statusChanged(dossierCode: string, stage: Stage, previousStage?: Stage): DossierStatusChangedMessage {
  const body = sampleDossierStatusChanged({
    dossierCode,
    stage,
    previousStage,
    portalStatus: stage === Stage.CLOSED ? portalStatusOf(stage, 'refused') : portalStatusOf(stage),
    occurredAt: toVietnamIso(new Date()),
  });
  if (previousStage === undefined) delete body.previousStage;
  return body;
}

async function expectServed(file: FileRef): Promise<void> {
  const response = await fetch(file.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(file.contentType);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.length).toBe(file.sizeBytes);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
}

describe('one-stop simulator: publishing', () => {
  it('publishes a dossier with exactly the properties of contract v1', async () => {
    const before = Math.floor(Date.now() / 1000);
    const submitted = await sim.submit({ agencyCode: SXD });
    expect(submitted.routed).toBe(true);
    const message = await published('onestop.dossier.received', submitted.dossierCode);
    expect(message.exchange).toBe(EXCHANGE);
    const { headers, timestamp, ...rest } = message.properties;
    expect(rest).toEqual({
      contentType: 'application/json',
      contentEncoding: undefined,
      deliveryMode: 2,
      priority: undefined,
      correlationId: submitted.dossierCode,
      replyTo: undefined,
      expiration: undefined,
      messageId: submitted.messageId,
      type: 'onestop.dossier.received',
      userId: undefined,
      appId: 'onestop',
      clusterId: undefined,
    });
    expect(submitted.messageId).toMatch(UUID);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(Object.keys(headers ?? {}).sort()).toEqual(['traceparent', 'x-schema-version']);
    expect(headers?.['x-schema-version']).toBe(1);
    expect(headers?.traceparent).toMatch(TRACEPARENT);
    expect(message.body).toEqual(submitted.body);
    expect(validateMessage('onestop.dossier.received', message.body)).toEqual([]);
  });

  it('sometimes sends its Vietnamese text decomposed (NFD), which NFC-normalizes to the valid body it drew', async () => {
    sim.setBehaviour({ nfdP: 1 });
    try {
      const submitted = await sim.submit({ agencyCode: SKHDT });
      const message = await published('onestop.dossier.received', submitted.dossierCode);
      const wire = JSON.stringify(message.body);
      expect(wire).not.toBe(JSON.stringify(submitted.body));
      expect(wire).toBe(wire.normalize('NFD'));
      expect(wire).toMatch(/[\u0300-\u036f]/);
      expect(normalizeNfc(message.body)).toEqual(submitted.body);
      expect(validateMessage('onestop.dossier.received', normalizeNfc(message.body))).toEqual([]);
    } finally {
      sim.setBehaviour({ nfdP: 0 });
    }
  });

  it('serves every document it references with the exact bytes the message states', async () => {
    const bodies = await Promise.all([sim.submit({ agencyCode: SXD }), sim.submit({ agencyCode: STP }), sim.submit(), sim.submit()]);
    const files = bodies.flatMap((s) => s.body.documents.map((d) => d.file));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) await expectServed(file);
    const head = await fetch(files[0].url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(files[0].sizeBytes));
    expect((await fetch(`${sim.url}/files/nothing.pdf`)).status).toBe(404);
  });

  it('replays a script: the same message_id twice, raw bytes and header overrides as written', async () => {
    const code = codeOf(SXD);
    const body = { dossierCode: code, withdrawnAt: toVietnamIso(new Date()), reason: 'Công dân xin rút hồ sơ' };
    const results = await sim.play([
      { type: 'onestop.dossier.withdrawn', body, messageId: 'script-dup-1' },
      { type: 'onestop.dossier.withdrawn', body, messageId: 'script-dup-1', delayMs: 5 },
      {
        type: 'onestop.dossier.appraised',
        rawBody: '{"dossierCode": "' + code + '", oops',
        properties: { headers: { 'x-schema-version': '2' }, correlationId: code },
      },
    ]);
    expect(results.map((r) => r.messageId)).toEqual(['script-dup-1', 'script-dup-1', expect.stringMatching(UUID)]);
    const twice = await eventually(() => {
      const found = broker.seen.filter((m) => m.properties.messageId === 'script-dup-1');
      return found.length === 2 ? found : undefined;
    }, 'the duplicate twice');
    expect(twice.map((m) => m.body)).toEqual([body, body]);
    const raw = await published('onestop.dossier.appraised', code);
    expect(raw.content.toString('utf8')).toBe(`{"dossierCode": "${code}", oops`);
    expect(raw.properties.headers?.['x-schema-version']).toBe('2');
  });
});

describe('one-stop simulator: reacting like the Center', () => {
  it('appraises a RECEIVED dossier in its department mode, approving with a draft decision it serves', async () => {
    const code = codeOf(SXD); // never submitted: adopted from the bus's message
    const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await broker.publishAsBus('dossier.status-changed', statusChanged(code, Stage.RECEIVED), undefined, trace);
    const appraised = await published('onestop.dossier.appraised', code);
    expect(validateMessage('onestop.dossier.appraised', appraised.body)).toEqual([]);
    expect(appraised.body).toMatchObject({ dossierCode: code, mode: 'online', outcome: 'approve' });
    expect(TRACEPARENT.exec(String(appraised.properties.headers?.traceparent))?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    await expectServed((appraised.body as { draftDecision: { file: FileRef } }).draftDecision.file);
  });

  it('asks for a supplement when planned, then re-sends the dossier with one more document', async () => {
    const submitted = await sim.submit({ agencyCode: STP }, { outcome: 'supplement' });
    const code = submitted.dossierCode;
    await broker.publishAsBus('dossier.status-changed', statusChanged(code, Stage.RECEIVED));
    const appraised = await published('onestop.dossier.appraised', code);
    expect(appraised.body).toMatchObject({ outcome: 'supplement', mode: 'at-center' });
    await broker.publishAsBus('dossier.status-changed', statusChanged(code, Stage.SUPPLEMENT_REQUESTED, Stage.RECEIVED));
    const again = await eventually(
      () => broker.seen.filter((m) => m.routingKey === 'onestop.dossier.received' && m.properties.correlationId === code)[1],
      'the dossier received again',
    );
    const resent = again.body as typeof submitted.body;
    expect(validateMessage('onestop.dossier.received', resent)).toEqual([]);
    expect(resent.documents).toHaveLength(submitted.body.documents.length + 1);
    await expectServed(resent.documents[resent.documents.length - 1].file);
  });

  it('approves on paper at the Center for an at-center department, with the scanned decision served', async () => {
    const code = codeOf(STP);
    await broker.publishAsBus('dossier.status-changed', statusChanged(code, Stage.AWAITING_APPROVAL, Stage.RECEIVED));
    const approved = await published('onestop.decision.approved-at-center', code);
    expect(validateMessage('onestop.decision.approved-at-center', approved.body)).toEqual([]);
    await expectServed((approved.body as { decision: { file: FileRef } }).decision.file);
  });

  it('releases a decision ready for issue under its document number and issuer, once per message_id', async () => {
    const code = codeOf(STP);
    const ready = sampleDecisionReadyForIssue({ dossierCode: code, issuer: 'center-clerk' });
    ready.decision = { ...ready.decision, number: 57, notation: 'QĐ-STP', documentNumber: '57/QĐ-STP' };
    const messageId = await broker.publishAsBus('decision.ready-for-issue', ready);
    await broker.publishAsBus('decision.ready-for-issue', ready, messageId);
    const issued = await published('onestop.decision.issued', code);
    expect(validateMessage('onestop.decision.issued', issued.body)).toEqual([]);
    expect(issued.body).toMatchObject({ dossierCode: code, documentNumber: '57/QĐ-STP', issuedBy: { kind: 'center-clerk' } });
    await eventually(() => (sim.state().counts.duplicates >= 1 ? true : undefined), 'the duplicate counted');
    expect(broker.seen.filter((m) => m.routingKey === 'onestop.decision.issued' && m.properties.correlationId === code)).toHaveLength(1);
  });

  it('hands the result over at the counter after release (return at the Center) and after a failed delivery', async () => {
    const atCenter = await sim.submit({ agencyCode: SXD, returnMethod: 'center' });
    await broker.publishAsBus('dossier.status-changed', statusChanged(atCenter.dossierCode, Stage.ISSUED, Stage.READY_FOR_ISSUE));
    const returned = await published('onestop.dossier.result-returned', atCenter.dossierCode);
    expect(validateMessage('onestop.dossier.result-returned', returned.body)).toEqual([]);

    const failed = codeOf(STP);
    await broker.publishAsBus('dossier.status-changed', statusChanged(failed, Stage.DELIVERY_FAILED, Stage.DELIVERY_ORDERED));
    await published('onestop.dossier.result-returned', failed);
  });

  it('counts a rejection, ties it to its dossier, and tracks each dossier to its last stage', async () => {
    const submitted = await sim.submit({ agencyCode: SXD });
    const rejection = sampleMessageRejected({ rejectedMessageId: submitted.messageId, rejectedAt: toVietnamIso(new Date()) });
    await broker.publishAsBus('lienthong.message-rejected', rejection);
    const report = await eventually(() => sim.rejected().find((r) => r.rejectedMessageId === submitted.messageId), 'the rejection');
    expect(report).toMatchObject({
      dossierCode: submitted.dossierCode,
      routingKey: 'onestop.dossier.received',
      reasons: rejection.reasons,
    });

    const archived = codeOf(SXD);
    await broker.publishAsBus('dossier.status-changed', statusChanged(archived, Stage.ARCHIVED, Stage.HANDOVER_DELIVERED));
    const view = await eventually(() => sim.state().dossiers.find((d) => d.dossierCode === archived && d.finished), 'the archived dossier');
    expect(view).toMatchObject({ lastStage: Stage.ARCHIVED, finishedAs: 'archived', adopted: true });
    const state = sim.state();
    expect(state.dossiers.find((d) => d.dossierCode === submitted.dossierCode)?.rejections).toHaveLength(1);
    expect(state.counts.rejected).toBeGreaterThanOrEqual(1);
  });
});

describe('one-stop simulator: admin API', () => {
  it('submits a dossier with overrides, refuses invalid ones and bad behaviour, and reports state', async () => {
    const created = await fetch(`${sim.url}/_admin/dossiers`, {
      method: 'POST',
      body: JSON.stringify({ agencyCode: STP, returnMethod: 'postal', plan: { outcome: 'reject' } }),
    });
    expect(created.status).toBe(201);
    const submitted = (await created.json()) as { dossierCode: string; body: { receivedBy: { kind: string }; deliveryAddress?: unknown } };
    expect(submitted.body.receivedBy.kind).toBe('postal-staff');
    expect(submitted.body.deliveryAddress).toBeDefined();
    await published('onestop.dossier.received', submitted.dossierCode);

    const invalid = await fetch(`${sim.url}/_admin/dossiers`, {
      method: 'POST',
      body: JSON.stringify({ applicant: { kind: 'citizen', fullName: 'A', idNumber: '123' } }),
    });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ code: 'SIM_ONESTOP.INVALID_OVERRIDES', problems: [{ field: 'applicant.idNumber' }] });

    const behaviour = await fetch(`${sim.url}/_admin/behaviour`, { method: 'PUT', body: JSON.stringify({ rejectP: 2 }) });
    expect(behaviour.status).toBe(400);
    const ok = await fetch(`${sim.url}/_admin/behaviour`, { method: 'PUT', body: JSON.stringify({ stepMs: 25 }) });
    expect(await ok.json()).toMatchObject({ stepMs: 25, ratePerMinute: 0 });

    const state = (await (await fetch(`${sim.url}/_admin/state`)).json()) as {
      dossiers: Array<{ dossierCode: string }>;
      counts: { submitted: number };
    };
    expect(state.dossiers.map((d) => d.dossierCode)).toContain(submitted.dossierCode);
    expect(state.counts.submitted).toBeGreaterThanOrEqual(1);

    const script = await fetch(`${sim.url}/_admin/script`, { method: 'POST', body: JSON.stringify([{ type: 'x' }]) });
    expect(script.status).toBe(400);
  });

  it('reconnects by itself when the broker closes its connection: it reacts again, and not twice to a message it had done', async () => {
    const code = codeOf(STP);
    const messageId = await broker.publishAsBus('dossier.status-changed', statusChanged(code, Stage.AWAITING_APPROVAL, Stage.RECEIVED));
    await published('onestop.decision.approved-at-center', code);

    expect(await closeSimConnections()).toBeGreaterThan(0);
    await eventually(() => (sim.state().connected ? undefined : true), 'the simulator to notice the closed connection');
    await eventually(() => (sim.state().connected ? true : undefined), 'the simulator connected again', 30_000);
    const submitted = await sim.submit({ agencyCode: SXD });
    await published('onestop.dossier.received', submitted.dossierCode);

    // The same message again (as a redelivery after a lost ack would be), then a new one: the new one's reaction
    // comes after the duplicate was consumed, and the duplicate caused none.
    await broker.publishAsBus('dossier.status-changed', statusChanged(code, Stage.AWAITING_APPROVAL, Stage.RECEIVED), messageId);
    const other = codeOf(STP);
    await broker.publishAsBus('dossier.status-changed', statusChanged(other, Stage.AWAITING_APPROVAL, Stage.RECEIVED));
    await published('onestop.decision.approved-at-center', other);
    expect(
      broker.seen.filter((m) => m.routingKey === 'onestop.decision.approved-at-center' && m.properties.correlationId === code),
    ).toHaveLength(1);
  });
});

/** Closes, from the broker's side, the simulator's connections in the test vhost (`rabbitmqctl close_connection`); returns how many. */
async function closeSimConnections(): Promise<number> {
  const path = new URL(TEST_AMQP_URL.split(',')[0]).pathname;
  const vhost = path.length > 1 ? decodeURIComponent(path.slice(1)) : '/';
  const { stdout } = await exec('rabbitmqctl', ['-q', 'list_connections', 'pid', 'vhost', 'client_properties', '--no-table-headers'], {
    timeout: 60_000,
  });
  const pids = stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([pid, host, props]) => pid?.startsWith('<') && host === vhost && props?.includes('{"connection_name","sim-onestop"}'))
    .map(([pid]) => pid);
  for (const pid of pids)
    await exec('rabbitmqctl', ['-q', 'close_connection', pid, 'test: connection closed by the broker'], { timeout: 60_000 });
  return pids.length;
}
