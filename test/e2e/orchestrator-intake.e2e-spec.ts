import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleDossierReceived } from '@lienthong/contracts';
import { TEST_AMQP_URL, TestBroker, eventually, type Observed } from '@lienthong/messaging/testing/test-broker';
import { messagingOptionsFromEnv, retryQueueName, vietnamTimestamp } from '@lienthong/messaging';
import { ServiceAuth, bootstrapService } from '@lienthong/runtime';

/**
 * The orchestrator service as it is deployed (its real module, bootstrap, health and metrics), against the
 * real broker and a fresh SQLite file: the first slice of the dossier lifecycle, reception.
 */
describe('orchestrator: dossier intake end to end', () => {
  let app: INestApplication;
  let broker: TestBroker;
  let baseUrl: string;
  let statuses: Observed[];
  let rejections: Observed[];

  beforeAll(async () => {
    process.env.AMQP_URL = TEST_AMQP_URL;
    process.env.DATABASE_URL = `sqlite:${join(mkdtempSync(join(tmpdir(), 'lienthong-e2e-')), 'bus.db')}`;
    broker = await TestBroker.connect();
    await broker.deleteQueues(['lienthong.orchestrator']);
    statuses = await broker.observe('dossier.status-changed');
    rejections = await broker.observe('lienthong.message-rejected');
    const { OrchestratorModule, SERVICE } = await import('../../apps/orchestrator/src/orchestrator.module');
    app = await bootstrapService({ service: SERVICE, module: OrchestratorModule, httpPort: 0 });
    const address = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await app?.close();
    const { retryDelaysMs } = messagingOptionsFromEnv('orchestrator');
    await broker
      .deleteQueues([
        'lienthong.orchestrator',
        ...retryDelaysMs.map((delay, level) => retryQueueName('lienthong.orchestrator', level, delay)),
      ])
      .catch(() => undefined);
    await broker?.close();
  });

  it('is live and ready, with its checks named', async () => {
    const live = await fetch(`${baseUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok', service: 'orchestrator' });
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; info: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.info)).toEqual(['database', 'broker', 'consumer', 'onestop', 'blobDir', 'databaseDisk']);
  });

  it('receives a dossier and announces RECEIVED with the portal status and the dossier as correlation id', async () => {
    const dossier = sampleDossierReceived({
      dossierCode: `000.00.12.H36-261128-${Date.now() % 10000}`,
      receivedAt: vietnamTimestamp(new Date()),
      dueAt: vietnamTimestamp(new Date(Date.now() + 10 * 86_400_000)),
    });
    const messageId = await broker.publish('onestop.dossier.received', dossier, { correlationId: dossier.dossierCode });
    await eventually('dossier.status-changed', () => statuses.some((m) => m.body.dossierCode === dossier.dossierCode));
    const status = statuses.find((m) => m.body.dossierCode === dossier.dossierCode)!;
    expect(status.body).toMatchObject({ stage: 'RECEIVED', portalStatus: 2, dueAt: dossier.dueAt, overdue: false });
    expect(status.body.progress).toMatchObject({ actor: dossier.receivedBy.fullName, department: 'Sở Xây dựng' });
    expect(status.properties.correlationId).toBe(dossier.dossierCode);
    expect(status.properties.headers?.['x-causation-id']).toBe(messageId);

    // The same dossier received again (a new message, not a redelivery) changes nothing.
    await broker.publish('onestop.dossier.received', dossier, { correlationId: dossier.dossierCode });
    const metrics = async (): Promise<string> => (await fetch(`${baseUrl}/metrics`, { headers: ServiceAuth.fromEnv().headers() })).text();
    await eventually('the repeat handled', async () =>
      /lienthong_messages_handled_total\{service="orchestrator"\} 2\b/.test(await metrics()),
    );
    expect(statuses.filter((m) => m.body.dossierCode === dossier.dossierCode)).toHaveLength(1);
  });

  it('rejects a dossier for a department that is not configured, naming agencyCode', async () => {
    const dossier = sampleDossierReceived({ dossierCode: 'X-UNKNOWN-DEPT-1', agencyCode: '000.00.99.H36' });
    const messageId = await broker.publish('onestop.dossier.received', dossier, { correlationId: dossier.dossierCode });
    await eventually('lienthong.message-rejected', () => rejections.some((m) => m.body.rejectedMessageId === messageId));
    const rejection = rejections.find((m) => m.body.rejectedMessageId === messageId)!;
    expect(rejection.body.reasons).toEqual([{ field: 'agencyCode', problem: expect.stringContaining('not a configured department') }]);
    expect(rejection.properties.correlationId).toBe(dossier.dossierCode);
  });

  it('reports the one-stop system in readiness: last message handled, last rejected, the share rejected, no circuit breaker', async () => {
    // So far: two dossiers handled, one rejected (the tests above).
    const ready = (await (await fetch(`${baseUrl}/health/ready`)).json()) as { info: Record<string, Record<string, unknown>> };
    const { status, ...onestop } = ready.info.onestop;
    expect(status).toBe('up');
    expect(onestop).toEqual({
      via: 'broker',
      circuit: 'not-applicable',
      lastSuccessAt: expect.any(String),
      lastFailureAt: expect.any(String),
      recentMessages: 3,
      recentErrorRate: 0.333,
    });
    expect(Date.parse(onestop.lastFailureAt as string)).toBeGreaterThan(Date.parse(onestop.lastSuccessAt as string));
  });
});
