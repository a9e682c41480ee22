import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { sampleDossierReceived } from '@lienthong/contracts';
import { AmqpConnection, SENT_AT_HEADER } from '@lienthong/messaging';
import { TEST_AMQP_URL, eventually } from '@lienthong/messaging/testing/test-broker';
import { runCli } from '../../apps/console/src/cli';
import { QueueMonitor } from '../../apps/console/src/queues/queue.monitor';
import {
  ConsoleClient,
  type RunningConsole,
  type RunningService,
  TEST_METRICS_TOKEN,
  type TestUser,
  consoleQueues,
  deleteQueues,
  sendToQueue,
  startBusService,
  startConsole,
  tempDatabaseUrl,
} from '../../apps/console/src/testing/console.harness';
import { ORCHESTRATOR_MIGRATIONS } from '../../apps/orchestrator/src/orchestrator.migrations';
import { BlobStore, HEARTBEAT_ROUTING_PREFIX, OPS_EXCHANGE } from '@lienthong/runtime';

/** The one-stop system's queue for this run (ONESTOP_QUEUE), so the test decides whether it exists and is consumed. */
const ONESTOP_QUEUE = `onestop.inbox.console-api-${process.pid}`;

// Where the orchestrator would keep manifests; the console reads them from the same directory.
const BLOB_DIR = mkdtempSync(join(tmpdir(), 'lienthong-console-blobs-'));
process.env.BLOB_DIR = BLOB_DIR;

type Role = 'anonymous' | TestUser;
const RANK: Record<Role, number> = { anonymous: -1, viewer: 0, operator: 1, admin: 2 };

/** Every route of the console with the least role it needs (`public`: no login). Unknown ids make the allowed calls harmless. */
const ROUTES: { method: string; path: string; body?: unknown; needs: 'public' | TestUser }[] = [
  { method: 'GET', path: '/health/live', needs: 'public' },
  { method: 'GET', path: '/health/ready', needs: 'public' },
  { method: 'GET', path: '/', needs: 'public' },
  { method: 'GET', path: '/assets/app.js', needs: 'public' },
  { method: 'GET', path: '/metrics', needs: 'viewer' },
  { method: 'GET', path: '/api/session', needs: 'viewer' },
  { method: 'GET', path: '/api/overview', needs: 'viewer' },
  { method: 'GET', path: '/api/throughput', needs: 'viewer' },
  { method: 'GET', path: '/api/hops', needs: 'viewer' },
  { method: 'GET', path: '/api/queues', needs: 'viewer' },
  { method: 'GET', path: '/api/dead-letters?status=open&page=1', needs: 'viewer' },
  { method: 'GET', path: '/api/dead-letters/facets', needs: 'viewer' },
  { method: 'GET', path: '/api/dead-letters/999999', needs: 'viewer' },
  { method: 'GET', path: '/api/trace/NO-SUCH-DOSSIER', needs: 'viewer' },
  { method: 'GET', path: '/api/dossiers/suggest?q=000.00', needs: 'viewer' },
  { method: 'GET', path: '/api/deadlines', needs: 'viewer' },
  { method: 'GET', path: '/api/deadlines/dossiers?kind=overdue', needs: 'viewer' },
  { method: 'GET', path: '/api/archive-batches', needs: 'viewer' },
  { method: 'GET', path: '/api/audit', needs: 'viewer' },
  { method: 'POST', path: '/api/dead-letters/999999/check', body: { body: '{}' }, needs: 'operator' },
  { method: 'POST', path: '/api/dead-letters/999999/replay', body: {}, needs: 'operator' },
  { method: 'POST', path: '/api/dead-letters/999999/discard', body: {}, needs: 'operator' },
  { method: 'POST', path: '/api/dead-letters/replay', body: { ids: [999999] }, needs: 'operator' },
  { method: 'POST', path: '/api/dead-letters/discard', body: { ids: [999999] }, needs: 'operator' },
  { method: 'GET', path: '/api/users', needs: 'admin' },
  { method: 'POST', path: '/api/users', body: { username: 'x' }, needs: 'admin' },
  { method: 'PUT', path: '/api/users/nobody', body: { role: 'viewer' }, needs: 'admin' },
  { method: 'DELETE', path: '/api/users/nobody', needs: 'admin' },
];

/**
 * The console's HTTP API against a real broker and SQLite file, with a real bus service heartbeating next to it:
 * authorization of every endpoint, CSRF, rate limit, audit, heartbeats, queues, trace, deadlines, webhook, CLI.
 */
describe('console: API', () => {
  const databaseUrl = tempDatabaseUrl();
  let adapter: Server;
  let forwarded: { body: Buffer; headers: IncomingMessage['headers'] }[];
  let consoleApp: RunningConsole;
  let service: RunningService;
  const clients = {} as Record<Role, ConsoleClient>;

  beforeAll(async () => {
    forwarded = [];
    adapter = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        forwarded.push({ body: Buffer.concat(chunks), headers: req.headers });
        res.writeHead(409, { 'content-type': 'application/json' });
        res.end('{"code":"DUPLICATE","transaction":"T-1"}');
      });
    });
    await new Promise<void>((done) => adapter.listen(0, '127.0.0.1', done));
    const { port } = adapter.address() as { port: number };
    consoleApp = await startConsole(databaseUrl, {
      postalAdapterUrl: `http://127.0.0.1:${port}`,
      expectedServices: ['console', 'console-api-svc'],
      onestopQueue: ONESTOP_QUEUE,
    });
    service = await startBusService('console-api-svc', databaseUrl);
    clients.anonymous = ConsoleClient.anonymous(consoleApp.baseUrl);
    for (const user of ['viewer', 'operator', 'admin'] as const) clients[user] = await ConsoleClient.login(consoleApp.baseUrl, user);
  });

  afterAll(async () => {
    await service?.close();
    await consoleApp?.close();
    await new Promise((done) => adapter?.close(done));
    await deleteQueues([...(service?.queues ?? []), ...consoleQueues(), ONESTOP_QUEUE]);
  });

  describe('authorization of every endpoint', () => {
    const cases = ROUTES.flatMap((route) => (['anonymous', 'viewer', 'operator', 'admin'] as const).map((role) => ({ ...route, role })));
    it.each(cases)('$method $path as $role', async ({ method, path, body, needs, role }) => {
      const { status, body: answer } = await clients[role].request(method, path, { body });
      if (needs === 'public' || RANK[role] >= RANK[needs]) {
        expect([401, 403]).not.toContain(status);
      } else if (role === 'anonymous') {
        expect(status).toBe(401);
        if (path !== '/metrics') expect(answer.code).toBe('AUTH.REQUIRED');
      } else {
        expect(status).toBe(403);
        expect(answer.code).toBe('AUTH.FORBIDDEN');
      }
    });
  });

  it('answers /metrics to a bearer METRICS_TOKEN, with per-queue, per-service and dead-letter metrics', async () => {
    expect(
      (await clients.anonymous.request('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(401);
    await eventually('the test service on the board', async () => {
      const { body } = await clients.anonymous.request('GET', '/metrics', { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
      return /lienthong_bus_service_up\{bus_service="console-api-svc",service="console"\} 1/.test(body);
    });
    const { status, body } = await clients.anonymous.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` },
    });
    expect(status).toBe(200);
    expect(body).toMatch(/lienthong_queue_messages\{queue="lienthong.console-api-svc",service="console"\} \d+/);
    expect(body).toMatch(/lienthong_messages_consumed_total\{service="console"\}/);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and security headers; logout ends the session', async () => {
    const login = await fetch(`${consoleApp.baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: 'viewer-password-1' }),
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lt_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(login.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    expect(login.headers.get('cache-control')).toBe('no-store');
    const session = cookie.split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const me = await fetch(`${consoleApp.baseUrl}/api/session`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    const out = await fetch(`${consoleApp.baseUrl}/api/logout`, {
      method: 'POST',
      headers: { cookie: session, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(200);
    expect((await fetch(`${consoleApp.baseUrl}/api/session`, { headers: { cookie: session } })).status).toBe(401);
    // A forged cookie (right shape, wrong signature) is no session either.
    expect((await fetch(`${consoleApp.baseUrl}/api/session`, { headers: { cookie: `${session.slice(0, -4)}AAAA` } })).status).toBe(401);
  });

  it('refuses a state change without the CSRF token, with a wrong one, or from another origin', async () => {
    const path = '/api/dead-letters/999999/discard';
    const missing = await clients.operator.request('POST', path, { body: {}, csrf: false });
    expect([missing.status, missing.body.code]).toEqual([403, 'AUTH.CSRF']);
    const wrong = await clients.operator.request('POST', path, { body: {}, csrf: 'not-the-token' });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'AUTH.CSRF']);
    const foreign = await clients.operator.request('POST', path, { body: {}, headers: { origin: 'https://evil.example' } });
    expect([foreign.status, foreign.body.code]).toEqual([403, 'AUTH.ORIGIN']);
    const form = await fetch(`${consoleApp.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    const login = await clients.anonymous.request('POST', '/api/login', {
      body: { username: 'admin', password: 'admin-password-1' },
      headers: { origin: 'https://evil.example' },
    });
    expect([login.status, login.body.code]).toEqual([403, 'AUTH.ORIGIN']);
    const ok = await clients.operator.request('POST', path, { body: {} });
    expect(ok.status).toBe(404); // past the guard: there is no such dead letter
  });

  it('limits login attempts per IP and user to 5 a minute, even with the right password', async () => {
    expect(
      (await clients.admin.request('POST', '/api/users', { body: { username: 'limited', password: 'limited-password-1', role: 'viewer' } }))
        .status,
    ).toBe(201);
    for (let i = 0; i < 5; i++) {
      expect(
        (await clients.anonymous.request('POST', '/api/login', { body: { username: 'limited', password: `wrong-${i}` } })).status,
      ).toBe(401);
    }
    const blocked = await clients.anonymous.request('POST', '/api/login', {
      body: { username: 'limited', password: 'limited-password-1' },
    });
    expect([blocked.status, blocked.body.code]).toEqual([429, 'AUTH.RATE_LIMITED']);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user from the same address is not held back.
    expect(
      (await clients.anonymous.request('POST', '/api/login', { body: { username: 'viewer', password: 'viewer-password-1' } })).status,
    ).toBe(200);
    const failures = await clients.viewer.request('GET', '/api/audit?actor=limited&action=login');
    expect(failures.body.items.filter((a: { outcome: string }) => a.outcome === 'refused')).toHaveLength(5);
  });

  it('shows a dead letter, checks an edited body, refuses a bad fix, replays a good one, and audits all of it', async () => {
    const code = `000.00.12.H36-API-${Date.now() % 100000}`;
    const good = sampleDossierReceived({ dossierCode: code });
    const bad = { ...good, receivedAt: '15/04/2026 08:30' };
    const messageId = await sendToQueue('lienthong.console-api-svc', 'onestop.dossier.received', bad, { correlationId: code });
    let id = 0;
    await eventually('the dead letter', async () => {
      const { body } = await clients.viewer.request('GET', `/api/dead-letters?correlationId=${encodeURIComponent(code)}`);
      id = body.items[0]?.id ?? 0;
      return id > 0;
    });
    const letter = await clients.viewer.request('GET', `/api/dead-letters/${id}`);
    expect(letter.body).toMatchObject({
      messageId,
      status: 'open',
      errorCode: 'CONTRACT.INVALID_FIELD',
      queue: 'lienthong.console-api-svc',
      reasons: [{ field: 'receivedAt' }],
    });
    expect(JSON.parse(letter.body.body).receivedAt).toBe('15/04/2026 08:30');

    expect((await clients.viewer.request('POST', `/api/dead-letters/${id}/replay`, { body: {} })).status).toBe(403);
    const check = await clients.operator.request('POST', `/api/dead-letters/${id}/check`, { body: { body: JSON.stringify(bad) } });
    expect(check.body).toMatchObject({ valid: false, problems: [{ field: 'receivedAt' }] });
    const refused = await clients.operator.request('POST', `/api/dead-letters/${id}/replay`, { body: { body: JSON.stringify(bad) } });
    expect([refused.status, refused.body.reasons[0].field]).toEqual([422, 'receivedAt']);

    const fixed = JSON.stringify(good);
    expect((await clients.operator.request('POST', `/api/dead-letters/${id}/check`, { body: { body: fixed } })).body).toEqual({
      valid: true,
      problems: [],
    });
    const replayed = await clients.operator.request('POST', `/api/dead-letters/${id}/replay`, { body: { body: fixed } });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ status: 'replayed', resolvedBy: 'operator' });
    await eventually(
      'the replayed message handled',
      async () => (await consoleApp.db.query('SELECT 1 FROM test_effects WHERE message_id = $1', [messageId])).length === 1,
    );

    const audit = await clients.operator.request('GET', `/api/audit?target=dead-letter:${id}`);
    expect(audit.body.items.map((a: { action: string; outcome: string }) => `${a.action}:${a.outcome}`)).toEqual([
      'dead-letter.edit-and-replay:ok',
      'dead-letter.edit-and-replay:refused',
    ]);
    const entry = audit.body.items[0];
    expect(entry.actor).toBe('operator');
    // The trail keeps digests and the names of the fields changed; the bodies come from beside it, erasable.
    expect(JSON.parse(entry.after)).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      bytes: Buffer.byteLength(fixed),
      changed: ['receivedAt'],
    });
    expect(`${entry.before}${entry.after}`).not.toContain(good.applicant.idNumber);
    expect(JSON.parse(entry.beforeBody).receivedAt).toBe('15/04/2026 08:30');
    expect(JSON.parse(entry.afterBody).receivedAt).toBe(good.receivedAt);
    expect(JSON.parse(entry.afterBody).applicant.idNumber).toBe(good.applicant.idNumber);

    // The trail is append-only in the database itself, and the API has no route to change it.
    await expect(consoleApp.db.run('UPDATE audit_log SET actor = $1', ['someone-else'])).rejects.toThrow(/append-only/);
    await expect(consoleApp.db.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect((await clients.admin.request('DELETE', `/api/audit/${entry.id}`)).status).toBe(404);
    expect((await clients.admin.request('PUT', `/api/audit/${entry.id}`, { body: {} })).status).toBe(404);
  });

  it("masks citizens' personal data for viewers in dead letters, their history, traces and the audit trail; operators see it", async () => {
    const code = `000.00.12.H36-PII-${Date.now() % 100000}`;
    const applicant = {
      kind: 'citizen',
      fullName: 'Nguyễn Thị Hương',
      idNumber: '020190004321',
      phone: '0912000111',
      email: 'huong.nt@gmail.com',
      address: 'Số 18 ngõ 3 đường Bà Triệu',
    };
    const bad = { ...sampleDossierReceived({ dossierCode: code }), applicant, receivedAt: 'hôm qua' };
    await sendToQueue('lienthong.console-api-svc', 'onestop.dossier.received', bad, { correlationId: code });
    let id = 0;
    await eventually('the dead letter', async () => {
      id = (await clients.viewer.request('GET', `/api/dead-letters?correlationId=${encodeURIComponent(code)}`)).body.items[0]?.id ?? 0;
      return id > 0;
    });
    await clients.operator.request('POST', `/api/dead-letters/${id}/replay`, {
      body: { body: JSON.stringify({ ...bad, receivedAt: '2026-04-15T08:30:00+07:00', applicant: { ...applicant, phone: '0912000222' } }) },
    });
    const secrets = ['020190004321', '0912000111', '0912000222', 'huong.nt', 'Nguyễn Thị Hương', 'Bà Triệu'];

    const viewer = await clients.viewer.request('GET', `/api/dead-letters/${id}`);
    expect(JSON.parse(viewer.body.body).applicant).toEqual({
      kind: 'citizen',
      fullName: '•••',
      idNumber: '•••321',
      phone: '•••222',
      email: 'h•••@gmail.com',
      address: '•••',
    });
    expect(JSON.parse(viewer.body.body).dossierCode).toBe(code);
    const viewerTrace = await clients.viewer.request('GET', `/api/trace/${encodeURIComponent(code)}`);
    const viewerAudit = await clients.viewer.request('GET', `/api/audit?target=dead-letter:${id}`);
    for (const answer of [viewer.body, viewerTrace.body, viewerAudit.body])
      for (const secret of secrets) expect(JSON.stringify(answer)).not.toContain(secret);
    expect(viewerAudit.body.items[0].afterBody).toContain('•••222');

    const operator = await clients.operator.request('GET', `/api/dead-letters/${id}`);
    expect(JSON.parse(operator.body.body).applicant.idNumber).toBe('020190004321');
    expect(JSON.stringify(operator.body.history)).toContain('0912000111');
  });

  it('replays and discards in groups, each letter on its own', async () => {
    const codes = [1, 2, 3].map((n) => `000.00.12.H36-GRP-${n}-${Date.now() % 100000}`);
    for (const code of codes)
      await sendToQueue('lienthong.console-api-svc', 'onestop.dossier.received', { dossierCode: code }, { correlationId: code });
    const ids: number[] = [];
    await eventually('three dead letters', async () => {
      ids.length = 0;
      for (const code of codes) {
        const { body } = await clients.viewer.request('GET', `/api/dead-letters?correlationId=${encodeURIComponent(code)}`);
        if (body.items[0]) ids.push(body.items[0].id);
      }
      return ids.length === 3;
    });
    const discarded = await clients.operator.request('POST', '/api/dead-letters/discard', {
      body: { ids: ids.slice(0, 2), reason: 'test rubbish' },
    });
    expect(discarded.body.results).toEqual([
      { id: ids[0], ok: true, status: 'discarded' },
      { id: ids[1], ok: true, status: 'discarded' },
    ]);
    const again = await clients.operator.request('POST', '/api/dead-letters/replay', { body: { ids } });
    expect(again.body.results.map((r: { ok: boolean; code?: string }) => r.code ?? 'ok')).toEqual([
      'DEAD_LETTER.NOT_OPEN',
      'DEAD_LETTER.NOT_OPEN',
      'ok',
    ]);
    const tooMany = await clients.operator.request('POST', '/api/dead-letters/replay', {
      body: { ids: Array.from({ length: 501 }, (_, i) => i + 1) },
    });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'CONSOLE.GROUP_TOO_LARGE']);
  });

  it('shows services from their heartbeats and a lost one as down within the timeout', async () => {
    await eventually('the test service up', async () => {
      const { body } = await clients.viewer.request('GET', '/api/overview');
      const svc = body.services.find((s: { service: string }) => s.service === 'console-api-svc');
      return svc?.state === 'up' && svc.instances[0].checks.consumer === 'up';
    });
    // A service that heartbeats through the broker, then goes silent (as a killed process would).
    const model = await amqp.connect(TEST_AMQP_URL);
    const channel = await model.createChannel();
    const ghost = `ghost-${Date.now() % 100000}`;
    const beat = (): boolean =>
      channel.publish(
        OPS_EXCHANGE,
        `${HEARTBEAT_ROUTING_PREFIX}${ghost}`,
        Buffer.from(
          JSON.stringify({
            service: ghost,
            instance: 'h:1',
            version: '9',
            startedAt: Date.now() - 5000,
            at: Date.now(),
            ready: true,
            checks: { database: 'up', ioffice: 'down' },
            details: { ioffice: { circuit: 'open' } },
          }),
        ),
      );
    const timer = setInterval(beat, 300);
    const stateOf = async (): Promise<string | undefined> =>
      (
        (await clients.viewer.request('GET', '/api/overview')).body.services.find((s: { service: string }) => s.service === ghost) as
          { state: string } | undefined
      )?.state;
    try {
      await eventually('the ghost up', async () => (await stateOf()) === 'up');
      const { body } = await clients.viewer.request('GET', '/api/overview');
      expect(body.outsideSystems).toContainEqual(expect.objectContaining({ name: 'ioffice', state: 'down', details: { circuit: 'open' } }));
    } finally {
      clearInterval(timer);
    }
    const silentSince = Date.now();
    await eventually('the ghost down', async () => (await stateOf()) === 'down', 10_000, 100);
    expect(Date.now() - silentSince).toBeLessThan(consoleApp.config.heartbeatTimeoutMs + 1_500);
    await model.close();
  });

  it('charts each hop from the heartbeats: per-minute throughput and latency percentiles, in /api/hops and /metrics', async () => {
    const hop = 'onestop.dossier.received → console-api-svc';
    // Sent 300 ms ago by their producer: each takes 300 ms and a little more, in the (250 ms, 500 ms] bucket.
    for (let i = 0; i < 3; i++) {
      const body = sampleDossierReceived({ dossierCode: `000.00.12.H36-261128-${8100 + i}` });
      await sendToQueue('lienthong.console-api-svc', 'onestop.dossier.received', body, {
        correlationId: body.dossierCode,
        headers: { [SENT_AT_HEADER]: Date.now() - 300 },
      });
    }
    type HopView = {
      hop: string;
      kind: string;
      ok: number[];
      p50Ms: (number | null)[];
      hour: { ok: number; timed: number; p50Ms: number | null; p95Ms: number | null };
    };
    let found: HopView | undefined;
    await eventually('the hop timed on the console', async () => {
      const { body } = await clients.viewer.request('GET', '/api/hops');
      found = (body.hops as HopView[]).find((h) => h.hop === hop);
      return found?.hour.timed === 3;
    });
    const { body } = await clients.viewer.request('GET', '/api/hops');
    expect(body.minutes).toHaveLength(60);
    expect(found!.kind).toBe('message');
    expect(found!.hour.ok).toBeGreaterThanOrEqual(3);
    expect(found!.ok.reduce((a, b) => a + b, 0)).toBe(found!.hour.ok);
    expect(found!.hour.p50Ms).toBeGreaterThan(250);
    expect(found!.hour.p95Ms).toBeLessThanOrEqual(500);
    const metrics = (await clients.anonymous.request('GET', '/metrics', { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } }))
      .body as string;
    expect(metrics).toContain(
      `lienthong_bus_hop_messages_last_hour{hop="${hop}",kind="message",outcome="ok",service="console"} ${found!.hour.ok}`,
    );
    expect(metrics).toMatch(
      new RegExp(
        `lienthong_bus_hop_latency_last_hour_seconds\\{hop="${hop}",kind="message",quantile="0.95",service="console"\\} 0\\.[2-5]`,
      ),
    );
  });

  it('shows the one-stop system up only while its own queue has a consumer', async () => {
    const onestop = async (): Promise<{ state: string; details: Record<string, unknown> } | undefined> =>
      (
        (await clients.viewer.request('GET', '/api/overview')).body.outsideSystems as {
          name: string;
          state: string;
          details: Record<string, unknown>;
        }[]
      ).find((s) => s.name === 'onestop');
    expect(await onestop()).toMatchObject({
      state: 'down',
      details: { queue: ONESTOP_QUEUE, queueExists: false, circuit: 'not-applicable' },
    });
    const model = await amqp.connect(TEST_AMQP_URL);
    try {
      const channel = await model.createChannel();
      await channel.assertQueue(ONESTOP_QUEUE, { durable: true });
      await channel.consume(ONESTOP_QUEUE, () => undefined);
      await eventually('the one-stop up', async () => (await onestop())?.state === 'up');
      expect((await onestop())?.details).toMatchObject({ queueExists: true, consumers: 1 });
    } finally {
      await model.close();
    }
    await eventually('the one-stop down once nobody consumes its queue', async () => (await onestop())?.state === 'down');
    expect((await onestop())?.details).toMatchObject({ queueExists: true, consumers: 0 });
  });

  it('lists the queues of known services over AMQP when the management API is off, and uses the management API when it answers', async () => {
    const { body } = await clients.viewer.request('GET', '/api/queues');
    expect(body.source).toBe('amqp');
    expect(body.queues).toContainEqual(
      expect.objectContaining({ name: 'lienthong.console-api-svc', kind: 'service', exists: true, consumers: 1 }),
    );
    expect(body.queues).toContainEqual(
      expect.objectContaining({ name: 'lienthong.console-api-svc.retry.1.100ms', kind: 'retry', service: 'console-api-svc' }),
    );

    const connection = new AmqpConnection({
      urls: [TEST_AMQP_URL],
      name: 'console-test-monitor',
      reconnectDelayMs: 100,
      reconnectMaxDelayMs: 100,
    });
    await connection.connect();
    const monitor = new QueueMonitor(
      connection,
      { managementUrl: process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672', amqpUrl: TEST_AMQP_URL },
      () => ['lienthong.console-api-svc'],
    );
    try {
      const snapshot = await monitor.snapshot();
      if (snapshot.source === 'management') {
        // The management API samples every few seconds, so a consumer this young may not be counted yet.
        const row = {
          messages: expect.any(Number),
          ready: expect.any(Number),
          unacked: expect.any(Number),
          consumers: expect.any(Number),
          publishRate: expect.any(Number),
          deliverRate: expect.any(Number),
          ackRate: expect.any(Number),
        };
        expect(snapshot.queues).toContainEqual({
          name: 'lienthong.console-api-svc',
          service: 'console-api-svc',
          kind: 'service',
          exists: true,
          ...row,
        });
        expect(snapshot.queues).toContainEqual({
          name: 'lienthong.console-api-svc.retry.1.100ms',
          service: 'console-api-svc',
          kind: 'retry',
          exists: true,
          ...row,
        });
      } else {
        // No management plugin on this broker: the reason is reported and the depths still come through.
        expect(snapshot.managementError).toBeTruthy();
        expect(snapshot.queues).toEqual([expect.objectContaining({ name: 'lienthong.console-api-svc', exists: true, consumers: 1 })]);
      }
    } finally {
      await monitor.close();
      await connection.close();
    }
  });

  it('shows empty states while the orchestrator has not migrated this database', async () => {
    expect((await clients.viewer.request('GET', '/api/archive-batches')).body).toMatchObject({ available: false });
    expect((await clients.viewer.request('GET', '/api/deadlines')).body).toMatchObject({ available: false, departments: [] });
    expect((await clients.viewer.request('GET', '/api/trace/X-1')).body).toMatchObject({
      entries: [],
      sources: expect.arrayContaining([{ name: 'orchestrator', available: false }]),
    });
  });

  it('traces a dossier across the orchestrator and its dead letters, and counts deadlines per department', async () => {
    await consoleApp.db.migrate(ORCHESTRATOR_MIGRATIONS);
    const now = Date.now();
    const code = '000.00.12.H36-TRACE-0001';
    const insert = (c: string, agency: string, stage: string, dueMs: number): Promise<number> =>
      consoleApp.db.run(
        `INSERT INTO dossiers (dossier_code, agency_code, procedure_code, stage, previous_stage, return_method, received_at, due_at, due_at_ms, data, version, created_at, updated_at)
         VALUES ($1, $2, '1.009794', $3, NULL, 'center', '2026-04-15T08:30:00+07:00', $4, $5, '{}', 1, $6, $6)`,
        [c, agency, stage, new Date(dueMs).toISOString(), dueMs, now],
      );
    await insert(code, '000.00.12.H36', 'SENT_FOR_SIGNING', now - 3_600_000);
    await insert('000.00.12.H36-TRACE-0002', '000.00.12.H36', 'RECEIVED', now + 3_600_000);
    await insert('000.00.12.H36-TRACE-0003', '000.00.12.H36', 'RECEIVED', now + 30 * 86_400_000);
    await insert('000.00.12.H36-TRACE-0004', '000.00.12.H36', 'ARCHIVED', now - 86_400_000);
    await insert('000.00.15.H36-TRACE-0005', '000.00.15.H36', 'AWAITING_APPROVAL', now - 60_000);
    const event = (type: string, from: string | null, to: string | null, at: number): Promise<number> =>
      consoleApp.db.run(
        'INSERT INTO dossier_events (dossier_code, message_id, message_type, from_stage, to_stage, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [code, `m-${at}`, type, from, to, 'Hoàng Văn Đức', at],
      );
    await event('onestop.dossier.received', null, 'RECEIVED', now - 7_200_000);
    await event('onestop.dossier.appraised', 'RECEIVED', 'AWAITING_APPROVAL', now - 5_400_000);
    await event('dms.package-sent', 'AWAITING_APPROVAL', 'SENT_FOR_SIGNING', now - 1_800_000);
    await sendToQueue('lienthong.console-api-svc', 'onestop.dossier.received', { dossierCode: code }, { correlationId: code });
    await eventually(
      'the dossier dead letter',
      async () => (await clients.viewer.request('GET', `/api/dead-letters?correlationId=${code}`)).body.total === 1,
    );

    const { body: trace } = await clients.viewer.request('GET', `/api/trace/${code}`);
    expect(trace.dossier).toMatchObject({ dossierCode: code, stage: 'SENT_FOR_SIGNING', agencyCode: '000.00.12.H36' });
    expect(trace.entries.map((e: { source: string; kind: string }) => `${e.source}:${e.kind}`)).toEqual([
      'orchestrator:onestop.dossier.received',
      'orchestrator:onestop.dossier.appraised',
      'orchestrator:dms.package-sent',
      'dead-letter:onestop.dossier.received',
    ]);
    expect(trace.entries[1].stageDurationMs).toBe(1_800_000);
    expect(trace.entries[3].deadLetterId).toBe(trace.deadLetters[0].id);
    expect((await clients.viewer.request('GET', '/api/dossiers/suggest?q=000.00.12.H36-TRACE')).body.codes).toHaveLength(4);

    const { body: deadlines } = await clients.viewer.request('GET', '/api/deadlines?marginHours=48');
    expect(deadlines.departments).toEqual([
      { agencyCode: '000.00.12.H36', name: 'Sở Xây dựng', overdue: 1, atRisk: 1, pending: 3 },
      { agencyCode: '000.00.15.H36', name: 'Sở Tư pháp', overdue: 1, atRisk: 0, pending: 1 },
    ]);
    const overdue = await clients.viewer.request('GET', '/api/deadlines/dossiers?kind=overdue&agency=000.00.12.H36');
    expect(overdue.body.items.map((d: { dossierCode: string }) => d.dossierCode)).toEqual([code]);
  });

  it("shows archive batches from the orchestrator's table, filtered by state", async () => {
    // Columns of the orchestrator's archive_batches as of this writing; the console itself reads whatever columns there are.
    await consoleApp.db.run(
      `INSERT INTO archive_batches (batch_id, agency_code, state, dossier_count, created_at, updated_at)
       VALUES ('B-1', '000.00.12.H36', 'open', 3, 1, 1), ('B-2', '000.00.12.H36', 'dispatched', 50, 2, 2)`,
    );
    const { body } = await clients.viewer.request('GET', '/api/archive-batches?status=open');
    expect(body).toMatchObject({
      available: true,
      total: 1,
      statuses: ['dispatched', 'open'],
      items: [{ batch_id: 'B-1', dossier_count: 3 }],
    });
  });

  it('marks a batch stalled while a dead letter about it is open, with that letter, and filters on it', async () => {
    const batchId = 'SKHDT-261128-163005-7K3QF9';
    await consoleApp.db.run(
      `INSERT INTO archive_batches (batch_id, agency_code, state, dossier_count, created_at, updated_at) VALUES ($1, '000.00.20.H36', 'closed', 1, 10, 10)`,
      [batchId],
    );
    // Any message about the batch carries its id as correlation id: here one the service cannot take.
    await sendToQueue('lienthong.console-api-svc', 'onestop.dossier.received', { dossierCode: 'x' }, { correlationId: batchId });
    let letterId = 0;
    await eventually('the dead letter', async () => {
      const { body } = await clients.viewer.request('GET', `/api/dead-letters?correlationId=${batchId}`);
      letterId = body.items[0]?.id ?? 0;
      return letterId > 0;
    });
    const { body } = await clients.viewer.request('GET', '/api/archive-batches?stalled=true');
    expect(body).toMatchObject({
      total: 1,
      stalledTotal: 1,
      items: [
        {
          batch_id: batchId,
          state: 'closed',
          stalled: true,
          deadLetters: [
            {
              id: letterId,
              type: 'onestop.dossier.received',
              errorCode: 'CONTRACT.INVALID_FIELD',
              problem: expect.stringContaining('agencyCode'),
            },
          ],
        },
      ],
    });
    const all = await clients.viewer.request('GET', '/api/archive-batches');
    expect(
      all.body.items.filter((b: { stalled: boolean }) => !b.stalled).every((b: { deadLetters: unknown[] }) => b.deadLetters.length === 0),
    ).toBe(true);
    // Dealt with (here discarded): no longer stalled.
    await clients.operator.request('POST', `/api/dead-letters/${letterId}/discard`, { body: { reason: 'test' } });
    expect((await clients.viewer.request('GET', '/api/archive-batches?stalled=true')).body).toMatchObject({
      total: 0,
      stalledTotal: 0,
      items: [],
    });
  });

  it("serves a dispatched batch's manifest PDF to any signed-in role, from BLOB_DIR", async () => {
    const pdf = Buffer.from('%PDF-1.4\n% Biên bản bàn giao hồ sơ lưu trữ\n%%EOF\n', 'utf8');
    const { sha256 } = new BlobStore(BLOB_DIR).put(pdf, 'application/pdf', 'bien-ban.pdf');
    await consoleApp.db.run(
      `INSERT INTO archive_batches (batch_id, agency_code, state, dossier_count, manifest_sha256, created_at, updated_at) VALUES ('B-3', '000.00.12.H36', 'dispatched', 2, $1, 3, 3)`,
      [sha256],
    );
    const response = await clients.viewer.request('GET', '/api/archive-batches/B-3/manifest.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.body).toBe(pdf.toString('utf8'));
    expect((await clients.viewer.request('GET', '/api/archive-batches/B-1/manifest.pdf')).status).toBe(404);
    expect((await fetch(`${consoleApp.baseUrl}/api/archive-batches/B-3/manifest.pdf`)).status).toBe(401);
  });

  it('forwards POST /postal/webhook byte for byte without a login, and returns the adapter answer unchanged', async () => {
    const raw = Buffer.from('{"orderNumber":"DH-1",  "statusName":"Đã giao"}\n', 'utf8');
    const response = await fetch(`${consoleApp.baseUrl}/postal/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-postal-transaction': 'T-1',
        'x-postal-timestamp': '1700000000',
        'x-postal-signature': 'sha256=abc',
        cookie: 'lt_session=not-forwarded',
      },
      body: raw,
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toBe('{"code":"DUPLICATE","transaction":"T-1"}');
    const [seen] = forwarded.splice(0);
    expect(seen.body.equals(raw)).toBe(true);
    expect(seen.headers).toMatchObject({
      'x-postal-transaction': 'T-1',
      'x-postal-timestamp': '1700000000',
      'x-postal-signature': 'sha256=abc',
      'content-type': 'application/json',
    });
    expect(seen.headers.cookie).toBeUndefined();
  });

  it('CLI: lists, shows, replays with a corrected body file, discards and traces, audited as cli:<user>', async () => {
    const code = `000.00.12.H36-CLI-${Date.now() % 100000}`;
    const messageId = await sendToQueue(
      'lienthong.console-api-svc',
      'onestop.dossier.received',
      { ...sampleDossierReceived({ dossierCode: code }), receivedAt: 'yesterday' },
      { correlationId: code },
    );
    await sendToQueue('lienthong.console-api-svc', 'onestop.dossier.received', { dossierCode: code }, { correlationId: code });
    await eventually(
      'two CLI dead letters',
      async () => (await clients.viewer.request('GET', `/api/dead-letters?correlationId=${code}`)).body.total === 2,
    );
    const env = { DATABASE_URL: databaseUrl, AMQP_URL: TEST_AMQP_URL };
    const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const exit = await runCli(argv, env, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), stdin: async () => '' });
      return { code: exit, out, err };
    };
    const list = await run('dead-letters', 'list', '--dossier', code, '--json');
    expect(list.code).toBe(0);
    const items = (JSON.parse(list.out) as { items: { id: number; messageId: string }[] }).items;
    const target = items.find((i) => i.messageId === messageId)!;
    const other = items.find((i) => i.messageId !== messageId)!;
    expect((await run('dead-letters', 'show', String(target.id))).out).toContain('receivedAt: must be an ISO 8601 date-time');
    const file = join(mkdtempSync(join(tmpdir(), 'lienthong-cli-')), 'fixed.json');
    writeFileSync(file, JSON.stringify(sampleDossierReceived({ dossierCode: code })));
    const replay = await run('dead-letters', 'replay', String(target.id), '--body', file);
    expect([replay.code, replay.out.trim()]).toEqual([0, `replayed dead letter ${target.id} to lienthong.console-api-svc (now replayed)`]);
    await eventually(
      'the CLI replay handled',
      async () => (await consoleApp.db.query('SELECT 1 FROM test_effects WHERE message_id = $1', [messageId])).length === 1,
    );
    expect((await run('dead-letters', 'discard', String(other.id), '--reason', 'garbage')).code).toBe(0);
    const refused = await run('dead-letters', 'discard', String(other.id));
    expect([refused.code, refused.err]).toEqual([1, expect.stringContaining('DEAD_LETTER.NOT_OPEN')]);
    const trace = await run('trace', code);
    expect(trace.out).toContain('dead-letter');
    const actor = `cli:${userInfo().username}`;
    const audit = await clients.viewer.request('GET', `/api/audit?actor=${encodeURIComponent(actor)}`);
    expect(audit.body.items.map((a: { action: string; outcome: string }) => `${a.action}:${a.outcome}`)).toEqual([
      'dead-letter.discard:refused',
      'dead-letter.discard:ok',
      'dead-letter.edit-and-replay:ok',
    ]);
  });

  it('ends access at once for a user who no longer exists, even with a live session', async () => {
    await clients.admin.request('POST', '/api/users', { body: { username: 'temp.user', password: 'temp-password-1', role: 'operator' } });
    const login = await clients.anonymous.request('POST', '/api/login', { body: { username: 'temp.user', password: 'temp-password-1' } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await fetch(`${consoleApp.baseUrl}/api/session`, { headers: { cookie } })).status).toBe(200);
    await consoleApp.db.run('DELETE FROM console_users WHERE username = $1', ['temp.user']); // as if removed by hand or from the configuration
    expect((await fetch(`${consoleApp.baseUrl}/api/session`, { headers: { cookie } })).status).toBe(401);
  });

  it("lets an admin add a user, change the role (ending that user's sessions) and remove the user", async () => {
    const created = await clients.admin.request('POST', '/api/users', {
      body: { username: 'an.nguyen', password: 'an-password-123', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    expect(
      (await clients.admin.request('POST', '/api/users', { body: { username: 'an.nguyen', password: 'an-password-123', role: 'viewer' } }))
        .status,
    ).toBe(409);
    expect(
      (await clients.admin.request('POST', '/api/users', { body: { username: 'short', password: 'short', role: 'viewer' } })).body.code,
    ).toBe('USER.INVALID');
    expect((await clients.admin.request('PUT', '/api/users/admin', { body: { role: 'viewer' } })).body.code).toBe('USER.CONFIGURED');
    const login = await clients.anonymous.request('POST', '/api/login', { body: { username: 'an.nguyen', password: 'an-password-123' } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await fetch(`${consoleApp.baseUrl}/api/session`, { headers: { cookie } })).status).toBe(200);
    expect((await clients.admin.request('PUT', '/api/users/an.nguyen', { body: { role: 'operator' } })).body).toEqual({
      username: 'an.nguyen',
      role: 'operator',
    });
    expect((await fetch(`${consoleApp.baseUrl}/api/session`, { headers: { cookie } })).status).toBe(401);
    const { body } = await clients.admin.request('GET', '/api/users');
    expect(body.users).toContainEqual(
      expect.objectContaining({ username: 'an.nguyen', role: 'operator', source: 'database', createdBy: 'admin' }),
    );
    expect((await clients.admin.request('DELETE', '/api/users/an.nguyen')).status).toBe(200);
    const audit = await clients.viewer.request('GET', '/api/audit?target=user:an.nguyen');
    expect(audit.body.items.map((a: { action: string; outcome: string }) => `${a.action}:${a.outcome}`)).toEqual([
      'user.delete:ok',
      'user.update:ok',
      'user.create:refused',
      'user.create:ok',
    ]);
  });
});
