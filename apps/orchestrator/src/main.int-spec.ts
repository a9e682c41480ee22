import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_AMQP_URL } from '@lienthong/messaging/testing/test-broker';
import { deleteServiceQueues, startMain } from '@lienthong/runtime/testing/main-process';

/** The orchestrator's real main, started as a province starts it: its configuration is checked before anything runs. */
describe('orchestrator main', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-orchestrator-main-'));
  // The service declares its queues under their real names in the test vhost: none before, none left after.
  beforeAll(() => deleteServiceQueues('orchestrator'));
  afterAll(async () => {
    await deleteServiceQueues('orchestrator');
    rmSync(dir, { recursive: true, force: true });
  });

  it('each former silent NaN (MAX_DOCUMENT_BYTES=50MB, LIFECYCLE_TICK_MS=abc, HOLD_MS=10m, DOCUMENT_FETCH_TIMEOUT_MS=15s) stops start-up: one line each, no stack trace', async () => {
    const bad = { MAX_DOCUMENT_BYTES: '50MB', LIFECYCLE_TICK_MS: 'abc', HOLD_MS: '10m', DOCUMENT_FETCH_TIMEOUT_MS: '15s' };
    const main = startMain('orchestrator', bad);
    expect(await main.exited).toBe(1);
    expect(main.errors).toEqual(
      ['HOLD_MS', 'LIFECYCLE_TICK_MS', 'DOCUMENT_FETCH_TIMEOUT_MS', 'MAX_DOCUMENT_BYTES'].map((name) =>
        expect.stringMatching(new RegExp(`^\\[orchestrator\\] cannot start: CONFIG\\.INVALID: ${name} must be .*, got "${bad[name as keyof typeof bad]}"`)),
      ),
    );
  });

  it('NODE_ENV=production with the development defaults refuses to start, naming each', async () => {
    const main = startMain('orchestrator', { NODE_ENV: 'production', AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672' });
    expect(await main.exited).toBe(1);
    expect(main.errors.map((line) => /^\[orchestrator\] cannot start: CONFIG\.\w+: (\w+)/.exec(line)?.[1])).toEqual(['AMQP_URL', 'SERVICE_TOKEN', 'VERDICT_SEAL_KEY', 'DOCUMENT_HOSTS']);
    expect(main.lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('the readers of DATABASE_URL and DOCUMENT_HOSTS check them at start-up too, in the same one-line form', async () => {
    const main = startMain('orchestrator', { DATABASE_URL: 'postgres://lt@db.langson.gov.vn/lt?pool_size=many', DOCUMENT_HOSTS: 'https://motcua.langson.gov.vn/docs' });
    expect(await main.exited).toBe(1);
    expect(main.errors).toEqual([
      expect.stringMatching(/^\[orchestrator\] cannot start: CONFIG\.DATABASE_URL: DATABASE_URL .* pool_size "many" must be a positive integer/),
      expect.stringMatching(/^\[orchestrator\] cannot start: CONFIG\.INVALID: DOCUMENT_HOSTS: "https:\/\/motcua\.langson\.gov\.vn\/docs" must be a host name or address/),
    ]);
  });

  it('with a valid configuration starts: every variable it reads is in its schema', async () => {
    const main = startMain('orchestrator', { AMQP_URL: TEST_AMQP_URL, DATABASE_URL: `sqlite:${join(dir, 'bus.db')}`, BLOB_DIR: join(dir, 'blobs'), HTTP_PORT: '0', LOG_LEVEL: 'log' });
    try {
      await main.waitFor(/orchestrator ready; health on/, 90_000);
      expect(main.lines.filter((l) => /CONFIG\.|ERROR/.test(l))).toEqual([]);
    } finally {
      // Nest drains on SIGTERM, then lets the signal end the process.
      expect([0, 'SIGTERM']).toContain(await main.stop());
    }
  });
});
