import {
  CapturedLog,
  ConsoleClient,
  type RunningConsole,
  consoleQueues,
  deleteQueues,
  startConsole,
  tempDatabaseUrl,
} from '../testing/console.harness';
import { UNKNOWN_USER } from './auth.controller';

/**
 * The login route of a running console (SQLite, test broker), as a password sprayer and a log forger would use it,
 * and user administration with Vietnamese passwords.
 */
describe('console: login limits, log lines and passwords', () => {
  const log = new CapturedLog();
  let consoleApp: RunningConsole;
  let anonymous: ConsoleClient;
  let admin: ConsoleClient;

  beforeAll(async () => {
    consoleApp = await startConsole(
      tempDatabaseUrl(),
      { loginAttemptsPerMinute: 5, loginFailuresPerAddress: 7, loginFailuresPerUser: 3 },
      { logger: log },
    );
    anonymous = ConsoleClient.anonymous(consoleApp.baseUrl);
    admin = await ConsoleClient.login(consoleApp.baseUrl, 'admin');
  });
  afterAll(async () => {
    await consoleApp?.close();
    await deleteQueues(consoleQueues());
  });

  const login = (username: string, password: string) => anonymous.request('POST', '/api/login', { body: { username, password } });

  it('creates users only with passwords of at most 72 bytes of UTF-8, and lets them log in however the tones are typed', async () => {
    const tooLong = 'Đường lên đỉnh núi Mẫu Sơn thật là đẹp và Lạng Sơn!'; // 51 characters, 73 bytes
    const refused = await admin.request('POST', '/api/users', { body: { username: 'thao.luong', password: tooLong, role: 'viewer' } });
    expect([refused.status, refused.body.code, refused.body.message]).toEqual([
      400,
      'USER.INVALID',
      expect.stringContaining('73 bytes in UTF-8, more than the 72'),
    ]);
    const fits = tooLong.slice(0, -1); // 72 bytes
    expect((await admin.request('POST', '/api/users', { body: { username: 'thao.luong', password: fits, role: 'viewer' } })).status).toBe(
      201,
    );
    expect((await login('thao.luong', fits.normalize('NFD'))).status).toBe(200);
    const change = await admin.request('PUT', '/api/users/thao.luong', { body: { password: `${fits}x` } });
    expect([change.status, change.body.code]).toEqual([400, 'USER.INVALID']);
    const audit = await admin.request('GET', '/api/audit?target=user:thao.luong');
    expect(audit.body.items.map((a: { action: string; outcome: string }) => `${a.action}:${a.outcome}`)).toEqual([
      'user.update:refused',
      'user.create:ok',
      'user.create:refused',
    ]);
  });

  it('limits failures per username, whatever the address', async () => {
    for (let i = 0; i < 3; i++) expect((await login('operator', `wrong-${i}`)).status).toBe(401);
    const held = await login('operator', 'operator-password-1');
    expect([held.status, held.body.code, held.body.message]).toEqual([
      429,
      'AUTH.RATE_LIMITED',
      expect.stringMatching(/^too many failed logins for this user; try again in \d+ s$/),
    ]);
  });

  it('limits one password sprayed over many usernames from one address, even for a right password after it', async () => {
    // 3 failures so far from this address; 4 more reach its limit of 7.
    for (const username of ['an', 'binh', 'chi', 'dung']) expect((await login(username, 'Matkhau@2026')).status).toBe(401);
    const held = await login('viewer', 'viewer-password-1');
    expect([held.status, held.body.code, held.body.message]).toEqual([
      429,
      'AUTH.RATE_LIMITED',
      expect.stringMatching(/^too many failed logins from your address; try again in \d+ s$/),
    ]);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('writes a username with a newline as one escaped log line: it cannot forge another', async () => {
    const forged = 'x"\n[Nest] 4242  LOG [Auth] login ok for "admin'; // within the 64 characters a username may have
    expect((await login(forged, 'whatever')).status).toBe(429);
    const lines = log.physicalLines();
    expect(lines.some((l) => l.includes('login ok for'))).toBe(true); // the attempt was logged...
    expect(lines.filter((l) => l.startsWith('[Nest]'))).toEqual([]); // ...on one line, not as a line of its own
    expect(lines).toContainEqual(expect.stringContaining('login for "x\\"\\n[Nest] 4242  LOG [Auth] login ok for \\"admin" from '));
  });

  it('does not write down usernames that do not exist (people type their password there)', async () => {
    const { body } = await admin.request('GET', '/api/audit?action=login&pageSize=200');
    const actors = new Set(body.items.filter((a: { outcome: string }) => a.outcome === 'refused').map((a: { actor: string }) => a.actor));
    expect(actors).toEqual(new Set(['operator', UNKNOWN_USER]));
  });
});
