import { randomBytes } from 'node:crypto';
import { sampleDossierReceived } from '@lienthong/contracts';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { HandlerScript, TEST_MIGRATIONS, TestHandlers } from './testing/test-handlers';
import { TestBroker, eventually } from './testing/test-broker';
import { startTestService } from './testing/test-service';

describe('AMQP_QUEUE_TYPE=quorum', () => {
  it('declares quorum queues (service and retry) and delivers, retries and deduplicates through them', async () => {
    const broker = await TestBroker.connect();
    const script = new HandlerScript();
    const databaseUrl = testDatabaseUrls()[0].url();
    const svc = await startTestService({
      service: `test-quorum-${randomBytes(4).toString('hex')}`,
      databaseUrl,
      providers: [TestHandlers, { provide: HandlerScript, useValue: script }],
      migrations: TEST_MIGRATIONS,
      overrides: { queueType: 'quorum' },
    });
    try {
      const body = { ...sampleDossierReceived(), dossierCode: `Q-${randomBytes(4).toString('hex')}` };
      script.failTimes.set(body.dossierCode, 1);
      const id = await broker.publish('onestop.dossier.received', body);
      await broker.publish('onestop.dossier.received', body, { messageId: id });
      await eventually('handled after one retry', () => svc.server.stats.handled === 1 && svc.server.stats.retried === 1);
      await eventually('the duplicate skipped', () => svc.server.stats.duplicates === 1);
      const [row] = await svc.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM test_effects');
      expect(Number(row.n)).toBe(1);
      // A classic declaration of the same queue is refused by the broker: it really is a quorum queue.
      await expect(broker.assertClassicQueue(svc.queues[0])).rejects.toThrow(/inequivalent arg 'x-queue-type'/);
    } finally {
      await svc.close();
      await broker.deleteQueues(svc.queues);
      await broker.close();
      await dropTestSchema(databaseUrl);
    }
  });
});
