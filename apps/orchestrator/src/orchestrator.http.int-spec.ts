import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messagingOptionsFromEnv, retryQueueName } from '@lienthong/messaging';
import { TEST_AMQP_URL, TestBroker } from '@lienthong/messaging/testing/test-broker';
import { bootstrapService } from '@lienthong/runtime';

/**
 * The orchestrator's HTTP side as deployed (its module, bootstrapService, the runtime's guard), on a real socket:
 * finding 5 of issue 13. Only health is open; dispatching archive batches and reading documents need a token, and
 * a document is always a download that cannot run as a page, whatever type its sender declared.
 */
describe('orchestrator HTTP: who may call what', () => {
  const SERVICE_TOKEN = 'service-token-for-this-test-0123456789abcdef';
  const METRICS_TOKEN = 'metrics-token-0123456789';
  const BLOB_TOKEN = 'blob-token-0123456789abcd';
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-http-'));
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    Object.assign(process.env, {
      AMQP_URL: TEST_AMQP_URL,
      DATABASE_URL: `sqlite:${join(dir, 'orchestrator.db')}`,
      BLOB_DIR: join(dir, 'blobs'),
      SERVICE_TOKEN,
      METRICS_TOKEN,
      BLOB_TOKEN,
    });
    const { OrchestratorModule, SERVICE } = await import('./orchestrator.module');
    app = await bootstrapService({ service: SERVICE, module: OrchestratorModule, httpPort: 0, httpOptions: { logger: ['error'] } });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    const broker = await TestBroker.connect();
    const { retryDelaysMs } = messagingOptionsFromEnv('orchestrator');
    await broker.deleteQueues([
      'lienthong.orchestrator',
      ...retryDelaysMs.map((delay, level) => retryQueueName('lienthong.orchestrator', level, delay)),
    ]);
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  it('answers health probes to anyone', async () => {
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
  });

  it('refuses an unauthenticated dispatch, a cross-site form and the wrong tokens; dispatches for the service token', async () => {
    const dispatch = (init: RequestInit = {}) => fetch(`${baseUrl}/archive/batches/dispatch`, { method: 'POST', ...init });
    const anonymous = await dispatch();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="lienthong"');
    expect(await anonymous.json()).toMatchObject({ code: 'AUTH.REQUIRED', message: expect.stringContaining('SERVICE_TOKEN') });
    // What a page on another site can make a browser send: a form post, with cookies but no Authorization header.
    const form = await dispatch({
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', cookie: 'lienthong_session=stolen' },
      body: 'agencyCode=000.00.12.H36',
    });
    expect(form.status).toBe(401);
    for (const token of [BLOB_TOKEN, METRICS_TOKEN, `${SERVICE_TOKEN}x`])
      expect((await dispatch({ headers: bearer(token) })).status).toBe(401);
    const allowed = await dispatch({ headers: bearer(SERVICE_TOKEN) });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ dispatched: 0 });
  });

  it('serves documents to token holders only, as attachments with a safe type, nosniff and a sandbox', async () => {
    const { OrchestratorBlobs } = await import('./blobs/blob.store');
    const blobs = app.get(OrchestratorBlobs);
    const html = blobs.publish(
      Buffer.from('<script>fetch("/archive/batches/dispatch",{method:"POST"})</script>'),
      'text/html; charset=utf-8',
      'Quyết định số 7/QĐ-SXD.html',
    );
    const url = `${baseUrl}/blobs/${html.sha256}`;

    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: bearer(METRICS_TOKEN) })).status).toBe(401);
    for (const token of [BLOB_TOKEN, SERVICE_TOKEN]) {
      const response = await fetch(url, { headers: bearer(token) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="Quyet dinh so 7_QD-SXD.html"; filename*=UTF-8\'\'Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%207%2FQ%C4%90-SXD.html',
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
      expect(response.headers.get('cache-control')).toMatch(/^private/);
      expect(await response.text()).toContain('<script>');
    }
    const pdf = blobs.publish(Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf', 'bien-ban.pdf');
    const served = await fetch(`${baseUrl}/blobs/${pdf.sha256}`, { headers: bearer(BLOB_TOKEN) });
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('serves /metrics for the service token or METRICS_TOKEN only', async () => {
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/metrics`, { headers: bearer(BLOB_TOKEN) })).status).toBe(401);
    for (const token of [METRICS_TOKEN, SERVICE_TOKEN]) {
      const response = await fetch(`${baseUrl}/metrics`, { headers: bearer(token) });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('lienthong_messages_consumed_total');
    }
  });
});
