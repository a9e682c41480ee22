import { createHash } from 'node:crypto';
import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { AmqpConnection } from '../amqp/amqp.connection';
import { ConfirmPublisher } from '../amqp/confirm.publisher';
import { MESSAGING_MIGRATIONS } from '../messaging.migrations';
import { TEST_AMQP_URL } from '../testing/test-broker';
import { DeadLetterStore, KEPT_PREFIX_BYTES } from './dead-letter.store';

/** The store's record path and pruning on each database; nothing here publishes (the connection is never opened). */
describe.each(testDatabaseUrls())('dead-letter store on $name', ({ url: makeUrl }) => {
  let url: string;
  let db: Database;
  let store: DeadLetterStore;
  const connection = new AmqpConnection({
    urls: [TEST_AMQP_URL],
    name: 'dead-letter-store-spec',
    reconnectDelayMs: 100,
    reconnectMaxDelayMs: 100,
  });

  beforeAll(async () => {
    url = makeUrl();
    db = createDatabase(url);
    await db.migrate(MESSAGING_MIGRATIONS);
    store = new DeadLetterStore(db, new ConfirmPublisher(connection));
  });
  afterAll(async () => {
    await connection.close();
    await db.close();
    await dropTestSchema(url);
  });

  const external = (id: string, content: Buffer, maxBodyBytes?: number) =>
    db.transaction((tx) =>
      store.recordExternal(tx, {
        source: 'ioffice:test',
        id,
        kind: 'edxml',
        content,
        errorCode: 'EDXML.TOO_LARGE',
        reasons: [{ field: 'edXMLEnvelope', problem: 'too large' }],
        ...(maxBodyBytes ? { maxBodyBytes } : {}),
      }),
    );
  const letterOf = async (messageId: string) =>
    store.get((await store.list({ queue: 'external:ioffice:test', limit: 500 })).items.find((l) => l.messageId === messageId)!.id);

  it('keeps a body over the limit as its start (cut on a whole UTF-8 character), its size and its digest', async () => {
    // "Đ" is 2 bytes and "ễ" 3: the cut at 16 KiB falls inside one of them.
    const content = Buffer.from(`<edXML>${'Đặng Thị Hồng Đào, Nguyễn Văn Đức; '.repeat(2_000)}</edXML>`, 'utf8');
    await external('big', content, 64 * 1024);
    const letter = (await letterOf('big'))!;
    expect(letter).toMatchObject({
      bodyTruncated: true,
      bodyEncoding: 'utf8',
      bodyBytes: content.length,
      bodySha256: createHash('sha256').update(content).digest('hex'),
    });
    const kept = Buffer.from(letter.body, 'utf8');
    expect(kept.length).toBeLessThanOrEqual(KEPT_PREFIX_BYTES);
    expect(kept.length).toBeGreaterThan(KEPT_PREFIX_BYTES - 3);
    expect(content.subarray(0, kept.length).equals(kept)).toBe(true);
    expect(letter.body).not.toContain('\uFFFD');
  });

  it('keeps a body within the limit whole, binary as base64', async () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    await external('small', binary, 64 * 1024);
    expect(await letterOf('small')).toMatchObject({
      body: binary.toString('base64'),
      bodyEncoding: 'base64',
      bodyTruncated: false,
      bodyBytes: 4,
    });
  });

  it('prunes replayed and discarded letters resolved before a time, never open ones', async () => {
    await external('open-old', Buffer.from('{}'));
    await external('discarded-old', Buffer.from('{}'));
    await external('discarded-new', Buffer.from('{}'));
    const ids = new Map((await store.list({ queue: 'external:ioffice:test', limit: 500 })).items.map((l) => [l.messageId, l.id]));
    await store.discard(ids.get('discarded-old')!, { actor: 'an' });
    await db.run('UPDATE dead_letters SET resolved_at = $2 WHERE id = $1', [ids.get('discarded-old'), 1_000]);
    await store.discard(ids.get('discarded-new')!, { actor: 'an' });
    expect(await store.pruneResolved(Date.now() - 60_000)).toBe(1);
    expect(await store.get(ids.get('discarded-old')!)).toBeUndefined();
    expect(await store.get(ids.get('discarded-new')!)).toBeDefined();
    expect(await store.get(ids.get('open-old')!)).toMatchObject({ status: 'open' });
  });
});
