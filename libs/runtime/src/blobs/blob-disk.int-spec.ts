import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication, Module } from '@nestjs/common';
import { MESSAGING_MIGRATIONS, MessagingModule, messagingOptionsFromEnv, queueNameOf } from '@lienthong/messaging';
import { TEST_AMQP_URL, TestBroker } from '@lienthong/messaging/testing/test-broker';
import { PersistenceModule } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { bootstrapService } from '../bootstrap';
import { RuntimeModule } from '../runtime.module';
import { BlobStore } from './blob.store';

/** A bus service that keeps documents is not ready while BLOB_DIR's disk is under BLOB_DIR_MIN_FREE_MB; one that keeps none has no such check. */
describe('BLOB_DIR disk space in readiness', () => {
  const started: Array<{ app: INestApplication; service: string; databaseUrl: string }> = [];

  async function start(withBlobs: boolean): Promise<string> {
    const service = `disk-${randomBytes(4).toString('hex')}`;
    const databaseUrl = testDatabaseUrls()[0].url();
    const blobs = new BlobStore(join(mkdtempSync(join(tmpdir(), 'lienthong-blobs-')), 'blobs'));
    @Module({
      imports: [
        PersistenceModule.forRoot({ url: databaseUrl, migrations: MESSAGING_MIGRATIONS }),
        MessagingModule.forRoot(
          messagingOptionsFromEnv(service, { AMQP_URL: TEST_AMQP_URL }, { retryDelaysMs: [], reconnectDelayMs: 100 }),
        ),
        RuntimeModule.forService(service),
      ],
      providers: withBlobs ? [{ provide: BlobStore, useValue: blobs }] : [],
    })
    class DiskTestModule {}
    const app = await bootstrapService({ service, module: DiskTestModule, httpPort: 0, httpOptions: { logger: ['error'] } });
    started.push({ app, service, databaseUrl });
    return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  }

  beforeAll(() => {
    process.env.BLOB_DIR_MIN_FREE_MB = String(1024 * 1024 * 1024); // a petabyte: no test machine has it free
  });

  afterAll(async () => {
    delete process.env.BLOB_DIR_MIN_FREE_MB;
    const broker = await TestBroker.connect();
    for (const { app, service, databaseUrl } of started) {
      await app.close();
      await broker.deleteQueues([queueNameOf(service)]);
      await dropTestSchema(databaseUrl);
    }
    await broker.close();
  });

  it('answers 503 naming the check, the directory and the variable', async () => {
    const response = await fetch(`${await start(true)}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: Record<string, { status: string; error: string }> };
    expect(body.error.blobDir.status).toBe('down');
    expect(body.error.blobDir.error).toContain('under BLOB_DIR_MIN_FREE_MB=1073741824');
  });

  it('is not checked in a service without a BlobStore', async () => {
    const response = await fetch(`${await start(false)}/health/ready`);
    const body = (await response.json()) as { info?: Record<string, unknown>; error?: Record<string, unknown> };
    expect({ ...body.info, ...body.error }).not.toHaveProperty('blobDir');
  });
});
