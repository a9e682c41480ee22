import { type RunningConsole, TEST_USERS, consoleQueues, deleteQueues, startConsole, tempDatabaseUrl } from '../testing/console.harness';

/**
 * Behind a reverse proxy every connection comes from the proxy: with TRUST_PROXY naming it, the login limiter and the
 * audit trail see the client's address from X-Forwarded-For; without it, a client cannot choose the address logged.
 */
describe('TRUST_PROXY: the client address behind a reverse proxy', () => {
  let behindProxy: RunningConsole;
  let direct: RunningConsole;

  beforeAll(async () => {
    behindProxy = await startConsole(tempDatabaseUrl(), { trustProxy: ['loopback'], loginAttemptsPerMinute: 2 });
    direct = await startConsole(tempDatabaseUrl(), { loginAttemptsPerMinute: 2 });
  });

  afterAll(async () => {
    await behindProxy?.close();
    await direct?.close();
    await deleteQueues(consoleQueues());
  });

  const failLogin = (console: RunningConsole, client: string): Promise<Response> =>
    fetch(`${console.baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ username: 'admin', password: `not-${TEST_USERS.admin.password}` }),
    });
  const loginDetails = async (console: RunningConsole): Promise<string[]> =>
    (await console.db.query<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'login' ORDER BY id")).map((r) => r.detail);

  it('behind a trusted proxy: the audit trail records the client, and the limiter counts per client', async () => {
    expect((await failLogin(behindProxy, '203.0.113.7')).status).toBe(401);
    expect((await failLogin(behindProxy, '203.0.113.7')).status).toBe(401);
    expect((await failLogin(behindProxy, '203.0.113.7')).status).toBe(429);
    // another client behind the same proxy is not locked out by the first one's attempts
    expect((await failLogin(behindProxy, '198.51.100.23')).status).toBe(401);
    expect(await loginDetails(behindProxy)).toEqual(['from 203.0.113.7', 'from 203.0.113.7', 'from 198.51.100.23']);
  });

  it("without TRUST_PROXY: X-Forwarded-For is ignored, the connection's address is recorded", async () => {
    expect((await failLogin(direct, '203.0.113.7')).status).toBe(401);
    expect((await failLogin(direct, '198.51.100.23')).status).toBe(401);
    expect((await failLogin(direct, '192.0.2.99')).status).toBe(429); // one client, whatever it claims
    expect(new Set(await loginDetails(direct))).toEqual(new Set([expect.stringMatching(/^from (::ffff:)?127\.0\.0\.1$/)]));
  });
});
