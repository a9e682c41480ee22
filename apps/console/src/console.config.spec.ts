import { hashSync } from 'bcryptjs';
import { ConfigError } from '@lienthong/config';
import { hasRole } from './auth/roles';
import { loadConsoleConfig } from './console.config';

const HASH = hashSync('a-long-password', 4);
const SECRET = 'x'.repeat(40);
/** Production's RabbitMQ: its own users, never guest. */
const BROKER = { AMQP_URL: 'amqp://console:pw@mq.langson.gov.vn', RABBITMQ_MANAGEMENT_URL: 'https://console:pw@mq.langson.gov.vn:15671' };

describe('loadConsoleConfig', () => {
  it('in development without users, enables admin/admin with a warning', () => {
    const { config, warnings } = loadConsoleConfig({});
    expect(config.users).toEqual([{ username: 'admin', passwordHash: expect.stringMatching(/^\$2[ab]\$10\$/), role: 'admin' }]);
    expect(warnings.join('\n')).toContain('admin / admin');
    expect(config).toMatchObject({
      production: false,
      httpPort: 3000,
      postalAdapterUrl: 'http://127.0.0.1:3003',
      managementUrl: 'http://guest:guest@127.0.0.1:15672',
      heartbeatTimeoutMs: 6_000,
      secureCookies: false,
    });
  });

  it('in production, refuses to start without users, naming the variables', () => {
    expect(() => loadConsoleConfig({ NODE_ENV: 'production', CONSOLE_SESSION_SECRET: SECRET })).toThrow(
      /CONSOLE_USERS.*CONSOLE_USERS_FILE/,
    );
  });

  it('in production, needs a session secret and makes cookies Secure', () => {
    const users = JSON.stringify([{ username: 'an', passwordHash: HASH, role: 'operator' }]);
    expect(() => loadConsoleConfig({ NODE_ENV: 'production', CONSOLE_USERS: users, ...BROKER })).toThrow(/CONSOLE_SESSION_SECRET/);
    const { config, warnings } = loadConsoleConfig({
      NODE_ENV: 'production',
      CONSOLE_USERS: users,
      CONSOLE_SESSION_SECRET: SECRET,
      ...BROKER,
    });
    expect(config.users).toEqual([{ username: 'an', passwordHash: HASH, role: 'operator' }]);
    expect(config.secureCookies).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('accepts only bcrypt hashes and known roles, and says how to make a hash', () => {
    const load = (users: unknown) => () => loadConsoleConfig({ CONSOLE_USERS: JSON.stringify(users) });
    expect(load([{ username: 'an', password: 'plain', role: 'admin' }])).toThrow(/passwordHash.*hash-password/);
    expect(load([{ username: 'an', passwordHash: 'md5:abc', role: 'admin' }])).toThrow(ConfigError);
    expect(load([{ username: 'an', passwordHash: HASH, role: 'root' }])).toThrow(/role must be one of viewer, operator, admin/);
    expect(load([{ username: 'a b', passwordHash: HASH, role: 'admin' }])).toThrow(/username/);
    expect(
      load([
        { username: 'an', passwordHash: HASH, role: 'admin' },
        { username: 'an', passwordHash: HASH, role: 'viewer' },
      ]),
    ).toThrow(/twice/);
    expect(() => loadConsoleConfig({ CONSOLE_USERS: '[{' })).toThrow(/^CONSOLE_USERS must be JSON/);
  });

  it('turns the management API off with RABBITMQ_MANAGEMENT_URL=off and checks URLs and tokens', () => {
    expect(loadConsoleConfig({ RABBITMQ_MANAGEMENT_URL: 'off' }).config.managementUrl).toBeUndefined();
    expect(() => loadConsoleConfig({ POSTAL_ADAPTER_URL: 'not a url' })).toThrow(/POSTAL_ADAPTER_URL/);
    expect(() => loadConsoleConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('limits login failures per address and per username, and keeps audited bodies and resolved dead letters 90 days', () => {
    expect(loadConsoleConfig({}).config).toMatchObject({
      loginAttemptsPerMinute: 5,
      loginFailuresPerAddress: 30,
      loginFailuresPerUser: 10,
      auditBodyDays: 90,
      resolvedDeadLetterDays: 90,
    });
    const env = {
      CONSOLE_LOGIN_FAILURES_PER_ADDRESS: '100',
      CONSOLE_LOGIN_FAILURES_PER_USER: '3',
      CONSOLE_AUDIT_BODY_DAYS: '30',
      CONSOLE_RESOLVED_DEAD_LETTER_DAYS: '0',
    };
    expect(loadConsoleConfig(env).config).toMatchObject({
      loginFailuresPerAddress: 100,
      loginFailuresPerUser: 3,
      auditBodyDays: 30,
      resolvedDeadLetterDays: 0,
    });
    expect(() => loadConsoleConfig({ CONSOLE_AUDIT_BODY_DAYS: '0' })).toThrow(/CONSOLE_AUDIT_BODY_DAYS/);
  });

  it("checks the one-stop system's queue onestop.inbox unless ONESTOP_QUEUE names another or is off", () => {
    expect(loadConsoleConfig({}).config.onestopQueue).toBe('onestop.inbox');
    expect(loadConsoleConfig({ ONESTOP_QUEUE: 'center.inbox' }).config.onestopQueue).toBe('center.inbox');
    expect(loadConsoleConfig({ ONESTOP_QUEUE: 'off' }).config.onestopQueue).toBeUndefined();
    expect(() => loadConsoleConfig({ ONESTOP_QUEUE: 'q'.repeat(256) })).toThrow(/ONESTOP_QUEUE/);
  });
});

describe('roles', () => {
  it('orders viewer < operator < admin', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole('operator', 'admin')).toBe(false);
  });
});
