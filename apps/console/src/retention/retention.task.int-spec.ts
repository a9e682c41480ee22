import { AmqpConnection, ConfirmPublisher, DeadLetterStore, MESSAGING_MIGRATIONS } from '@lienthong/messaging';
import { TEST_AMQP_URL } from '@lienthong/messaging/testing/test-broker';
import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { AuditLog } from '../audit/audit.log';
import { bodyRecord } from '../audit/audit.diff';
import { CONSOLE_MIGRATIONS } from '../console.migrations';
import { RetentionTask } from './retention.task';

const DAY = 86_400_000;

describe.each(testDatabaseUrls())('retention on $name', ({ url: makeUrl }) => {
  let url: string;
  let db: Database;
  const connection = new AmqpConnection({ urls: [TEST_AMQP_URL], name: 'retention-spec', reconnectDelayMs: 100, reconnectMaxDelayMs: 100 });

  beforeAll(async () => {
    url = makeUrl();
    db = createDatabase(url);
    await db.migrate([...MESSAGING_MIGRATIONS, ...CONSOLE_MIGRATIONS]);
  });
  afterAll(async () => {
    await connection.close();
    await db.close();
    await dropTestSchema(url);
  });

  it('erases old audited bodies and long-resolved dead letters; keeps audit entries, open letters and recent ones', async () => {
    const audit = new AuditLog(db);
    const store = new DeadLetterStore(db, new ConfirmPublisher(connection));
    const body = '{"applicant":{"idNumber":"020190001234"}}';
    await audit.record({
      actor: 'an',
      action: 'dead-letter.discard',
      target: 'dead-letter:1',
      outcome: 'ok',
      before: JSON.stringify(bodyRecord(body)),
      bodies: [body],
    });
    const letter = (id: string) =>
      db.transaction((tx) =>
        store.recordExternal(tx, { source: 'test', id, kind: 'x', content: Buffer.from('{}'), errorCode: 'X', reasons: [] }),
      );
    await letter('resolved');
    await letter('open');
    const ids = new Map((await store.list()).items.map((l) => [l.messageId, l.id]));
    await store.discard(ids.get('resolved')!, { actor: 'an' });

    const task = new RetentionTask(audit, store, { auditBodyDays: 90, resolvedDeadLetterDays: 30 });
    expect(await task.runOnce(Date.now())).toEqual({ auditBodies: 0, deadLetters: 0 });
    expect(await task.runOnce(Date.now() + 91 * DAY)).toEqual({ auditBodies: 1, deadLetters: 1 });
    expect((await audit.list()).items[0]).toMatchObject({ before: JSON.stringify(bodyRecord(body)), beforeBody: null });
    expect((await store.list()).items.map((l) => `${l.messageId}:${l.status}`)).toEqual(['open:open']);
    expect(
      await new RetentionTask(audit, store, { auditBodyDays: 90, resolvedDeadLetterDays: 0 }).runOnce(Date.now() + 3650 * DAY),
    ).toEqual({ auditBodies: 0, deadLetters: 0 });
  });
});
