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

  it('each former silent NaN (MAX_DOCUMENT_BYTES=50MB, LIFECYCLE_TICK_MS=abc, HOLD_MS=10m, DOCUMENT_FETCH_TIMEOUT_MS=15s) stops start-up: one JSON log line each, no stack trace', async () => {
    const bad = { MAX_DOCUMENT_BYTES: '50MB', LIFECYCLE_TICK_MS: 'abc', HOLD_MS: '10m', DOCUMENT_FETCH_TIMEOUT_MS: '15s' };
    const main = startMain('orchestrator', bad);
    expect(await main.exited).toBe(1);
    expect(main.errorRecords()).toEqual(
      ['HOLD_MS', 'LIFECYCLE_TICK_MS', 'DOCUMENT_FETCH_TIMEOUT_MS', 'MAX_DOCUMENT_BYTES'].map((name) =>
        expect.objectContaining({
          level: 'fatal',
          service: 'orchestrator',
          code: 'CONFIG.INVALID',
          message: expect.stringMatching(new RegExp(`^cannot start: ${name} must be .*, got "${bad[name as keyof typeof bad]}"`)),
        }),
      ),
    );
    expect(main.errorRecords().filter((r) => 'stack' in r)).toEqual([]);
  });

  it('NODE_ENV=production with the development defaults refuses to start, naming each', async () => {
    const main = startMain('orchestrator', { NODE_ENV: 'production', AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672' });
    expect(await main.exited).toBe(1);
    expect(main.errorRecords().map((r) => [r.code, /^cannot start: (\w+)/.exec(String(r.message))?.[1]])).toEqual([
      ['CONFIG.REFUSED_IN_PRODUCTION', 'AMQP_URL'],
      ['CONFIG.REQUIRED_IN_PRODUCTION', 'SERVICE_TOKEN'],
      ['CONFIG.REQUIRED_IN_PRODUCTION', 'PUBLIC_BASE_URL'],
      ['CONFIG.REQUIRED_IN_PRODUCTION', 'VERDICT_SEAL_KEY'],
      ['CONFIG.REQUIRED_IN_PRODUCTION', 'DOCUMENT_HOSTS'],
    ]);
    expect(main.lines.join('\n')).not.toMatch(/\n\s+at |guest:guest/);
  });

  it('the readers of DATABASE_URL and DOCUMENT_HOSTS check them at start-up too, in the same one-line form', async () => {
    const main = startMain('orchestrator', {
      DATABASE_URL: 'postgres://lt@db.langson.gov.vn/lt?pool_size=many',
      DOCUMENT_HOSTS: 'https://motcua.langson.gov.vn/docs',
    });
    expect(await main.exited).toBe(1);
    expect(main.errorRecords()).toEqual([
      expect.objectContaining({
        code: 'CONFIG.DATABASE_URL',
        message: expect.stringMatching(/^cannot start: DATABASE_URL .* pool_size "many" must be a positive integer/),
      }),
      expect.objectContaining({
        code: 'CONFIG.INVALID',
        message: expect.stringMatching(
          /^cannot start: DOCUMENT_HOSTS: "https:\/\/motcua\.langson\.gov\.vn\/docs" must be a host name or address/,
        ),
      }),
    ]);
  });

  it('on a terminal (LOG_FORMAT=pretty) a mistake is one readable line; a wrong LOG_FORMAT is named with the others, in the default format', async () => {
    const pretty = startMain('orchestrator', { LOG_FORMAT: 'pretty', HOLD_MS: '10m' });
    expect(await pretty.exited).toBe(1);
    expect(pretty.errors).toEqual([
      expect.stringMatching(
        /^\[orchestrator\] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} FATAL cannot start: HOLD_MS must be .*, got "10m": .* \(code=CONFIG\.INVALID\)$/,
      ),
    ]);
    const wrong = startMain('orchestrator', { LOG_FORMAT: 'text', LOG_LEVEL: 'info', HOLD_MS: '10m' });
    expect(await wrong.exited).toBe(1);
    expect(wrong.errorRecords().map((r) => /^cannot start: (\w+)/.exec(String(r.message))?.[1])).toEqual([
      'LOG_LEVEL',
      'LOG_FORMAT',
      'HOLD_MS',
    ]);
  });

  it('with a valid configuration starts: every variable it reads is in its schema', async () => {
    const main = startMain('orchestrator', {
      AMQP_URL: TEST_AMQP_URL,
      DATABASE_URL: `sqlite:${join(dir, 'bus.db')}`,
      BLOB_DIR: join(dir, 'blobs'),
      HTTP_PORT: '0',
      LOG_LEVEL: 'log',
    });
    try {
      await main.waitFor(/orchestrator ready; health on/, 90_000);
      expect(main.lines.filter((l) => /CONFIG\.|"level":"(error|fatal)"/.test(l))).toEqual([]);
    } finally {
      // Nest drains on SIGTERM, then lets the signal end the process.
      expect([0, 'SIGTERM']).toContain(await main.stop());
    }
  });
});
