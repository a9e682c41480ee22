import { createHash, randomBytes } from 'node:crypto';
import { sampleDossierReceived } from '@lienthong/contracts/testing/samples';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { KEPT_PREFIX_BYTES } from './dead-letter/dead-letter.store';
import { ContractViolation } from './errors';
import { OutboxRelay } from './outbox/outbox.relay';
import { HandlerScript, TEST_MIGRATIONS, TestHandlers } from './testing/test-handlers';
import { TestBroker, closeConnectionsNamed, eventually, type Observed } from './testing/test-broker';
import { type TestService, startTestService } from './testing/test-service';

const RECEIVED = 'onestop.dossier.received';

describe.each(testDatabaseUrls())('bus transport on $name', ({ url }) => {
  let broker: TestBroker;
  let script: HandlerScript;
  let service: string;
  let databaseUrl: string;
  let svc: TestService;
  const started: TestService[] = [];

  const start = async (overrides = {}): Promise<TestService> => {
    const s = await startTestService({
      service,
      databaseUrl,
      providers: [TestHandlers, { provide: HandlerScript, useValue: script }],
      migrations: TEST_MIGRATIONS,
      overrides,
    });
    started.push(s);
    return s;
  };
  const effects = async (code?: string): Promise<number> => {
    const [row] = await svc.db.query<{ n: number }>(
      code ? 'SELECT COUNT(*) AS n FROM test_effects WHERE dossier_code = $1' : 'SELECT COUNT(*) AS n FROM test_effects',
      code ? [code] : [],
    );
    return Number(row.n);
  };
  const dossier = (overrides: Record<string, unknown> = {}) => ({
    ...sampleDossierReceived(),
    dossierCode: `T-${randomBytes(5).toString('hex')}`,
    ...overrides,
  });

  beforeAll(async () => {
    broker = await TestBroker.connect();
  });
  afterAll(async () => {
    await broker.close();
  });
  beforeEach(async () => {
    script = new HandlerScript();
    service = `test-${randomBytes(4).toString('hex')}`;
    databaseUrl = url();
    svc = await start();
  });
  afterEach(async () => {
    for (const s of started.splice(0)) await s.close().catch(() => undefined);
    await broker.deleteQueues(svc.queues);
    await dropTestSchema(databaseUrl);
  });

  it('has the effect of a message published twice with the same message_id once', async () => {
    const body = dossier();
    const id = await broker.publish(RECEIVED, body);
    await broker.publish(RECEIVED, body, { messageId: id });
    await eventually('both deliveries settled', () => svc.server.stats.handled + svc.server.stats.duplicates === 2);
    expect(svc.server.stats.duplicates).toBe(1);
    expect(await effects(body.dossierCode)).toBe(1);
  });

  it('retries a transient failure with backoff until it succeeds', async () => {
    const body = dossier();
    script.failTimes.set(body.dossierCode, 2);
    await broker.publish(RECEIVED, body);
    await eventually('the effect after two retries', async () => (await effects(body.dossierCode)) === 1);
    expect(svc.server.stats.retried).toBe(2);
    expect((await svc.deadLetters.list()).total).toBe(0);
  });

  it('dead-letters a message whose retries are exhausted, and replays it once fixed', async () => {
    const body = dossier();
    script.failTimes.set(body.dossierCode, 99);
    const id = await broker.publish(RECEIVED, body);
    await eventually('a dead letter', async () => (await svc.deadLetters.list({ status: 'open' })).total === 1);
    const [summary] = (await svc.deadLetters.list()).items;
    expect(summary).toMatchObject({
      messageId: id,
      errorCode: 'BUS.RETRIES_EXHAUSTED',
      attempts: 4,
      routingKey: RECEIVED,
      queue: svc.server.queue,
    });
    expect(summary.reasons[0].problem).toContain('flaky');
    expect(await effects(body.dossierCode)).toBe(0);

    script.failTimes.delete(body.dossierCode); // the fix
    const replayed = await svc.deadLetters.replay(summary.id, { actor: 'operator@test' });
    expect(replayed.status).toBe('replayed');
    await eventually('the effect after replay', async () => (await effects(body.dossierCode)) === 1);
  });

  it('dead-letters a permanent failure at once, without retries', async () => {
    const body = dossier();
    script.broken.add(body.dossierCode);
    await broker.publish(RECEIVED, body);
    await eventually('a dead letter', async () => (await svc.deadLetters.list()).total === 1);
    expect(svc.server.stats.retried).toBe(0);
    expect((await svc.deadLetters.list()).items[0]).toMatchObject({ errorCode: 'TEST.BROKEN', attempts: 1 });
  });

  it('rejects a poison message with field-level reasons, keeps it whole, and replays it after an edit', async () => {
    const rejected = await broker.observe('lienthong.message-rejected');
    const body = dossier();
    const bad = { ...body, applicant: { ...body.applicant, kind: 'citizen', idNumber: '12345' } };
    const id = await broker.publish(RECEIVED, bad, { correlationId: body.dossierCode });
    await eventually('lienthong.message-rejected', () => rejected.some((m) => m.body.rejectedMessageId === id));
    const notice = rejected.find((m) => m.body.rejectedMessageId === id) as Observed;
    expect(notice.body).toMatchObject({ routingKey: RECEIVED, producer: 'onestop' });
    expect(notice.body.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'applicant.idNumber' })]));
    expect(notice.properties.correlationId).toBe(body.dossierCode);
    expect(notice.properties.headers?.['x-causation-id']).toBe(id);

    const [summary] = (await svc.deadLetters.list({ status: 'open' })).items;
    const letter = await svc.deadLetters.get(summary.id);
    expect(letter).toMatchObject({ messageId: id, errorCode: 'CONTRACT.INVALID_FIELD', attempts: 1 });
    expect(JSON.parse(letter!.body)).toEqual(bad);
    expect(letter!.properties).toMatchObject({ messageId: id, type: RECEIVED, appId: 'onestop' });

    // An edit that is still wrong is refused with the reason; nothing is sent.
    await expect(
      svc.deadLetters.replay(summary.id, { actor: 'op', body: JSON.stringify({ ...bad, dueAt: 'tomorrow' }) }),
    ).rejects.toBeInstanceOf(ContractViolation);
    expect((await svc.deadLetters.get(summary.id))!.status).toBe('open');

    await svc.deadLetters.replay(summary.id, { actor: 'op', body: JSON.stringify(body) });
    await eventually('the effect of the fixed message', async () => (await effects(body.dossierCode)) === 1);
    expect((await svc.deadLetters.get(summary.id))!.status).toBe('replayed');
  });

  it('keeps what came from outside the broker, once, and lets an operator discard but not replay it', async () => {
    const entry = {
      source: 'ioffice:000.00.01.H36',
      id: 'ioffice:EDOC-1',
      kind: 'ioffice.edoc',
      content: Buffer.from('<edXML:edXMLEnvelope'),
      errorCode: 'EDXML.MALFORMED',
      reasons: [{ field: 'edXMLHeader', problem: 'is missing' }],
    };
    expect(await svc.db.transaction((tx) => svc.deadLetters.recordExternal(tx, entry))).toBe(true);
    expect(await svc.db.transaction((tx) => svc.deadLetters.recordExternal(tx, entry))).toBe(false);
    const { items, total } = await svc.deadLetters.list({ queue: 'external:ioffice:000.00.01.H36' });
    expect(total).toBe(1);
    await expect(svc.deadLetters.replay(items[0].id, { actor: 'op' })).rejects.toMatchObject({ code: 'DEAD_LETTER.NOT_REPLAYABLE' });
    expect((await svc.deadLetters.discard(items[0].id, { actor: 'op' })).status).toBe('discarded');
    expect(await svc.deadLetters.counts()).toMatchObject({ open: 0, discarded: 1 });
  });

  it('rejects envelopes it cannot read: not JSON, unknown schema version, too large', async () => {
    const notJson = await broker.publish(RECEIVED, null, { rawContent: Buffer.from('{"dossierCode": ') });
    const v2 = await broker.publish(RECEIVED, dossier(), { headers: { 'x-schema-version': 2 } });
    // Vietnamese text, so that the kept start is cut on a whole character (2-3 bytes each).
    const hugeContent = Buffer.from(JSON.stringify({ ...dossier(), summary: 'Hồ sơ xin cấp phép xây dựng. '.repeat(40_000) }), 'utf8');
    const huge = await broker.publish(RECEIVED, null, { rawContent: hugeContent });
    await eventually('three dead letters', async () => (await svc.deadLetters.list()).total === 3);
    const byId = new Map((await svc.deadLetters.list()).items.map((l) => [l.messageId, l]));
    expect(byId.get(notJson)!.reasons[0]).toMatchObject({ field: 'body', problem: expect.stringContaining('not valid JSON') });
    expect(byId.get(v2)!.reasons[0]).toMatchObject({ field: 'x-schema-version' });
    expect(byId.get(huge)!.reasons[0]).toMatchObject({ field: 'body', problem: expect.stringContaining('MAX_MESSAGE_BYTES') });
    expect(await effects()).toBe(0);
    // The oversized one is kept as its start, its size and its digest, not whole; with its properties: from whom.
    const letter = (await svc.deadLetters.get(byId.get(huge)!.id))!;
    expect(letter).toMatchObject({
      bodyTruncated: true,
      bodyBytes: hugeContent.length,
      bodySha256: createHash('sha256').update(hugeContent).digest('hex'),
      bodyEncoding: 'utf8',
    });
    expect(Buffer.byteLength(letter.body)).toBeLessThanOrEqual(KEPT_PREFIX_BYTES);
    expect(Buffer.byteLength(letter.body)).toBeGreaterThan(KEPT_PREFIX_BYTES - 3);
    expect(hugeContent.subarray(0, Buffer.byteLength(letter.body)).toString('utf8')).toBe(letter.body);
    expect(letter.properties).toMatchObject({ messageId: huge, appId: expect.any(String) });
    // The others, within the limit, are kept whole.
    expect(await svc.deadLetters.get(byId.get(notJson)!.id)).toMatchObject({
      body: '{"dossierCode": ',
      bodyTruncated: false,
      bodyBytes: 16,
    });
  });

  it('publishes what a handler causes through the outbox, carrying correlation, causation and trace', async () => {
    script.publishStatus = true;
    const seen = await broker.observe('dossier.status-changed');
    const body = dossier();
    const traceId = randomBytes(16).toString('hex');
    const id = await broker.publish(RECEIVED, body, {
      correlationId: body.dossierCode,
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    await eventually('dossier.status-changed', () => seen.some((m) => m.body.dossierCode === body.dossierCode));
    const out = seen.find((m) => m.body.dossierCode === body.dossierCode) as Observed;
    expect(out.properties).toMatchObject({
      correlationId: body.dossierCode,
      type: 'dossier.status-changed',
      appId: 'lienthong',
      contentType: 'application/json',
      deliveryMode: 2,
    });
    expect(out.properties.headers).toMatchObject({ 'x-schema-version': 1, 'x-causation-id': id });
    expect(String(out.properties.headers?.traceparent)).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it("gives what it publishes about a dossier that dossier's code as correlation_id, whatever its cause carried", async () => {
    script.publishStatus = true;
    const seen = await broker.observe('dossier.status-changed');
    const [uncorrelated, miscorrelated] = [dossier(), dossier()];
    await broker.publish(RECEIVED, uncorrelated);
    await broker.publish(RECEIVED, miscorrelated, { correlationId: 'someone-else' });
    await eventually('both announced', () =>
      [uncorrelated, miscorrelated].every((d) => seen.some((m) => m.body.dossierCode === d.dossierCode)),
    );
    for (const d of [uncorrelated, miscorrelated])
      expect(seen.find((m) => m.body.dossierCode === d.dossierCode)!.properties.correlationId).toBe(d.dossierCode);
  });

  it('reports unroutable messages instead of dropping them silently', async () => {
    script.publishUnroutable = true;
    await broker.publish(RECEIVED, dossier());
    await eventually('an unroutable report', () => svc.server && svc.app.get(OutboxRelay).unroutable === 1);
    const [row] = await svc.db.query<{ unroutable: number }>(
      "SELECT unroutable FROM outbox WHERE routing_key = 'decision.signing-declined'",
    );
    expect(Number(row.unroutable)).toBe(1);
  });

  it('loses nothing and resumes consuming when the broker closes its connection mid-stream', async () => {
    script.delayMs = 1;
    const n = 3000;
    const bodies = Array.from({ length: n }, () => dossier());
    const publishing = (async () => {
      for (const b of bodies) await broker.publish(RECEIVED, b);
    })();
    await eventually('some progress', async () => (await effects()) > 50);
    expect(await closeConnectionsNamed(`lienthong-${service}`)).toBeGreaterThan(0);
    expect(await effects()).toBeLessThan(n); // the connection really was closed mid-stream
    await publishing;
    await eventually(`all ${n} effects`, async () => (await effects()) === n, 90_000);
    await eventually('consuming again', () => svc.server.consuming);
    const [dupes] = await svc.db.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM (SELECT dossier_code FROM test_effects GROUP BY dossier_code HAVING COUNT(*) > 1) d',
    );
    expect(Number(dupes.n)).toBe(0);
  });

  it('loses nothing when shut down under load, and a new instance finishes the work', async () => {
    script.delayMs = 1;
    const n = 600;
    for (const b of Array.from({ length: n }, () => dossier())) await broker.publish(RECEIVED, b);
    await eventually('some progress', async () => (await effects()) > 20);
    await svc.close();
    svc = await start();
    await eventually(`all ${n} effects`, async () => (await effects()) === n, 60_000);
    const [dupes] = await svc.db.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM (SELECT dossier_code FROM test_effects GROUP BY dossier_code HAVING COUNT(*) > 1) d',
    );
    expect(Number(dupes.n)).toBe(0);
  });
});
