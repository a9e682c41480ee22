import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, Env } from '@lienthong/config';
import { DEFAULT_AMQP_URL } from '@lienthong/messaging';
import { DEFAULT_DATABASE_URL } from '@lienthong/persistence';
import { parse as parseYaml } from 'yaml';
import { hashPasswordSync } from './auth/password';
import { ROLES, type Role } from './auth/roles';
import { type TrustProxy, parseTrustProxy } from './web/http';

/** A user given in configuration (`CONSOLE_USERS` / `CONSOLE_USERS_FILE`); the UI cannot change these. */
export interface ConfiguredUser {
  readonly username: string;
  /** A bcrypt hash (`$2a$`/`$2b$`/`$2y$`); plain passwords are never accepted in configuration. */
  readonly passwordHash: string;
  readonly role: Role;
}

/** Everything the console reads from the environment, checked once at start-up. */
export interface ConsoleConfig {
  readonly production: boolean;
  readonly httpPort: number;
  readonly databaseUrl: string;
  readonly amqpUrl: string;
  readonly users: readonly ConfiguredUser[];
  /** HMAC key of session cookies. */
  readonly sessionSecret: string;
  readonly sessionIdleMs: number;
  readonly sessionMaxMs: number;
  /** Adds `Secure` to cookies and HSTS / upgrade-insecure-requests to the headers (behind TLS). */
  readonly secureCookies: boolean;
  /** Bearer token accepted on `/metrics` (besides a session); none: sessions only. */
  readonly metricsToken?: string;
  /** RabbitMQ management API base URL with credentials; undefined when switched off. */
  readonly managementUrl?: string;
  readonly postalAdapterUrl: string;
  readonly heartbeatTimeoutMs: number;
  /** Services listed on the health page even before (or after) they ever send a heartbeat. */
  readonly expectedServices: readonly string[];
  /** The one-stop system's own queue (`ONESTOP_QUEUE`), checked for a consumer; undefined when switched off. */
  readonly onestopQueue?: string;
  readonly deadlineMarginHours: number;
  /** Login attempts per minute per address and username. */
  readonly loginAttemptsPerMinute: number;
  /** Failed logins per 15 minutes per address, whatever the username (password spraying). */
  readonly loginFailuresPerAddress: number;
  /** Failed logins per 15 minutes per username, whatever the address. */
  readonly loginFailuresPerUser: number;
  /** Days the message bodies audit entries refer to are kept; the entries keep their digests. */
  readonly auditBodyDays: number;
  /** Days replayed or discarded dead letters are kept; 0: kept for good. */
  readonly resolvedDeadLetterDays: number;
  readonly departmentsFile: string;
  /** Reverse proxies trusted to give the client's address (`TRUST_PROXY`); none when absent. */
  readonly trustProxy?: TrustProxy;
}

export interface LoadedConfig {
  readonly config: ConsoleConfig;
  /** Things an operator should know at start-up (dev defaults in use). */
  readonly warnings: string[];
}

const DEFAULT_EXPECTED = ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console'];

/**
 * Reads the console's configuration. In production (`NODE_ENV=production`) users and a session secret must
 * be configured; elsewhere a development user `admin`/`admin` and a random secret are used, with a warning.
 * Throws `ConfigError` naming the variable (or file) at fault.
 */
export function loadConsoleConfig(envVars: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const env = new Env(envVars);
  const warnings: string[] = [];
  const production = env.string('NODE_ENV', 'development') === 'production';
  let users = readUsers(env);
  if (users.length === 0) {
    if (production) {
      throw new ConfigError(
        'the console has no users: set CONSOLE_USERS (JSON: [{"username":"…","passwordHash":"$2b$…","role":"admin"}]) or CONSOLE_USERS_FILE (YAML with users: …). ' +
          'Make a hash with: npm run ops -- hash-password',
      );
    }
    users = [{ username: 'admin', passwordHash: hashPasswordSync('admin'), role: 'admin' }];
    warnings.push('no CONSOLE_USERS configured: development user admin / admin (role admin) is enabled. Never use this outside a development machine.');
  }
  let sessionSecret = env.optional('CONSOLE_SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) throw new ConfigError('CONSOLE_SESSION_SECRET must be at least 32 characters');
  if (sessionSecret === undefined) {
    if (production) throw new ConfigError('CONSOLE_SESSION_SECRET is required when NODE_ENV=production (at least 32 random characters, e.g. openssl rand -hex 32)');
    sessionSecret = randomBytes(32).toString('hex');
    warnings.push('no CONSOLE_SESSION_SECRET: a random one is used, so sessions end when the console restarts.');
  }
  const management = env.string('RABBITMQ_MANAGEMENT_URL', 'http://guest:guest@127.0.0.1:15672');
  const onestopQueue = env.string('ONESTOP_QUEUE', 'onestop.inbox');
  if (Buffer.byteLength(onestopQueue) > 255) throw new ConfigError('ONESTOP_QUEUE must be a queue name of at most 255 bytes, or off');
  const metricsToken = env.optional('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return {
    config: {
      production,
      httpPort: env.int('HTTP_PORT', 3000, 0, 65535),
      databaseUrl: env.string('DATABASE_URL', DEFAULT_DATABASE_URL),
      amqpUrl: env.string('AMQP_URL', DEFAULT_AMQP_URL),
      users,
      sessionSecret,
      sessionIdleMs: env.int('CONSOLE_SESSION_IDLE_MINUTES', 480, 1, 7 * 24 * 60) * 60_000,
      sessionMaxMs: env.int('CONSOLE_SESSION_MAX_HOURS', 24, 1, 24 * 30) * 3_600_000,
      secureCookies: env.string('CONSOLE_SECURE_COOKIES', production ? 'true' : 'false') === 'true',
      ...(metricsToken ? { metricsToken } : {}),
      ...(management === 'off' ? {} : { managementUrl: env.url('RABBITMQ_MANAGEMENT_URL', management) }),
      postalAdapterUrl: env.url('POSTAL_ADAPTER_URL', 'http://127.0.0.1:3003'),
      heartbeatTimeoutMs: env.int('CONSOLE_HEARTBEAT_TIMEOUT_MS', 6_000, 500, 600_000),
      expectedServices: (env.optional('CONSOLE_EXPECTED_SERVICES') ?? DEFAULT_EXPECTED.join(','))
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      ...(onestopQueue === 'off' ? {} : { onestopQueue }),
      deadlineMarginHours: env.int('CONSOLE_DEADLINE_MARGIN_HOURS', 48, 1, 24 * 60),
      loginAttemptsPerMinute: env.int('CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE', 5, 1, 1000),
      loginFailuresPerAddress: env.int('CONSOLE_LOGIN_FAILURES_PER_ADDRESS', 30, 1, 100_000),
      loginFailuresPerUser: env.int('CONSOLE_LOGIN_FAILURES_PER_USER', 10, 1, 100_000),
      auditBodyDays: env.int('CONSOLE_AUDIT_BODY_DAYS', 90, 1, 3650),
      resolvedDeadLetterDays: env.int('CONSOLE_RESOLVED_DEAD_LETTER_DAYS', 90, 0, 3650),
      departmentsFile: env.string('DEPARTMENTS_FILE', 'config/departments.yaml'),
      trustProxy: parseTrustProxy(env.optional('TRUST_PROXY')),
    },
    warnings,
  };
}

function readUsers(env: Env): ConfiguredUser[] {
  const inline = env.optional('CONSOLE_USERS');
  const file = env.optional('CONSOLE_USERS_FILE');
  const users: ConfiguredUser[] = [];
  if (inline !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(inline);
    } catch (error) {
      throw new ConfigError(`CONSOLE_USERS is not valid JSON (${(error as Error).message})`);
    }
    users.push(...checkUsers(parsed, 'CONSOLE_USERS'));
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`CONSOLE_USERS_FILE: cannot read ${file} (${(error as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (error) {
      throw new ConfigError(`CONSOLE_USERS_FILE ${file}: ${(error as Error).message}`);
    }
    users.push(...checkUsers((parsed as { users?: unknown } | null)?.users, `CONSOLE_USERS_FILE ${file}`));
  }
  const seen = new Set<string>();
  for (const u of users) {
    if (seen.has(u.username)) throw new ConfigError(`console user "${u.username}" is configured twice`);
    seen.add(u.username);
  }
  return users;
}

/** Checks a list of configured users; `where` names the variable or file in errors. */
export function checkUsers(value: unknown, where: string): ConfiguredUser[] {
  if (!Array.isArray(value)) throw new ConfigError(`${where} must be a list of { username, passwordHash, role }`);
  return value.map((entry, i) => {
    const u = (entry ?? {}) as Record<string, unknown>;
    const at = `${where} entry ${i + 1}`;
    if (typeof u.username !== 'string' || !USERNAME.test(u.username)) throw new ConfigError(`${at}: username must be 1-64 letters, digits, . _ @ or -`);
    if ('password' in u) throw new ConfigError(`${at} (${u.username}): give passwordHash (bcrypt), not password; make one with: npm run ops -- hash-password`);
    if (typeof u.passwordHash !== 'string' || !/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(u.passwordHash)) {
      throw new ConfigError(`${at} (${u.username}): passwordHash must be a bcrypt hash ($2b$…); make one with: npm run ops -- hash-password`);
    }
    if (!ROLES.includes(u.role as Role)) throw new ConfigError(`${at} (${u.username}): role must be one of ${ROLES.join(', ')}, got "${String(u.role)}"`);
    return { username: u.username, passwordHash: u.passwordHash, role: u.role as Role };
  });
}

/** Usernames: short, no spaces or control characters (they appear in the audit trail). */
export const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
