import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_AMQP_URL } from '@lienthong/messaging/testing/test-broker';
import { deleteServiceQueues, startMain } from '@lienthong/runtime/testing/main-process';

/** The ioffice-adapter's real main, started as a province starts it: its configuration is checked before anything runs. */
describe('ioffice-adapter main', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-ioffice-adapter-main-'));
  // The service declares its queues under their real names in the test vhost: none before, none left after.
  beforeAll(() => deleteServiceQueues('ioffice-adapter'));
  afterAll(async () => {
    await deleteServiceQueues('ioffice-adapter');
    rmSync(dir, { recursive: true, force: true });
  });

  it('NODE_ENV=production with the development defaults refuses to start, naming each, one JSON log line each', async () => {
    const main = startMain('ioffice-adapter', { NODE_ENV: 'production' });
    expect(await main.exited).toBe(1);
    expect(main.errorRecords().map((r) => [r.level, r.service, /^cannot start: (\w+)/.exec(String(r.message))?.[1]])).toEqual(
      ['AMQP_URL', 'SERVICE_TOKEN', 'PUBLIC_BASE_URL', 'VERDICT_SEAL_KEY', 'IOFFICE_SECRET', 'IOFFICE_URL', 'TRUST_ANCHORS'].map((name) => [
        'fatal',
        'ioffice-adapter',
        name,
      ]),
    );
    expect(main.lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('with a valid configuration starts: every variable it reads is in its schema', async () => {
    const main = startMain('ioffice-adapter', {
      AMQP_URL: TEST_AMQP_URL,
      DATABASE_URL: `sqlite:${join(dir, 'bus.db')}`,
      BLOB_DIR: join(dir, 'blobs'),
      HTTP_PORT: '0',
      LOG_LEVEL: 'log',
    });
    try {
      await main.waitFor(/ioffice-adapter ready; health on/, 90_000);
      expect(main.lines.filter((l) => /CONFIG\./.test(l))).toEqual([]);
    } finally {
      // Nest drains on SIGTERM, then lets the signal end the process.
      expect([0, 'SIGTERM']).toContain(await main.stop());
    }
  });
});
