import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  BUS_ENV as BUS,
  CONSOLE_ENV as CONSOLE,
  ConfigError,
  type EnvSource,
  SHARED_ENV as SHARED,
  type TrustProxy,
  processEnv,
} from '@lienthong/config';
import { parse as parseYaml } from 'yaml';
import { hashPasswordSync } from './auth/password';
import { ROLES, type Role } from './auth/roles';

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

/**
 * Reads the console's configuration. In production (`NODE_ENV=production`) users and a session secret must
 * be configured; elsewhere a development user `admin`/`admin` and a random secret are used, with a warning.
 * Throws `ConfigError` naming the variable (or file) at fault.
 */
export function loadConsoleConfig(env: EnvSource = processEnv()): LoadedConfig {
  const warnings: string[] = [];
  const production = BUS.NODE_ENV.read(env) === 'production';
  let users = readUsers(env);
  if (users.length === 0) {
    if (production) {
      throw new ConfigError(
        'the console has no users: set CONSOLE_USERS (JSON: [{"username":"…","passwordHash":"$2b$…","role":"admin"}]) or CONSOLE_USERS_FILE (YAML with users: …). ' +
          'Make a hash with: npm run ops -- hash-password',
      );
    }
    users = [{ username: 'admin', passwordHash: hashPasswordSync('admin'), role: 'admin' }];
    warnings.push(
      'no CONSOLE_USERS configured: development user admin / admin (role admin) is enabled. Never use this outside a development machine.',
    );
  }
  let sessionSecret = CONSOLE.CONSOLE_SESSION_SECRET.read(env);
  if (sessionSecret === undefined) {
    sessionSecret = randomBytes(32).toString('hex');
    warnings.push('no CONSOLE_SESSION_SECRET: a random one is used, so sessions end when the console restarts.');
  }
  const managementUrl = CONSOLE.RABBITMQ_MANAGEMENT_URL.read(env);
  const onestopQueue = CONSOLE.ONESTOP_QUEUE.read(env);
  const metricsToken = BUS.METRICS_TOKEN.read(env);
  return {
    config: {
      production,
      httpPort: BUS.HTTP_PORT.read(env),
      databaseUrl: BUS.DATABASE_URL.read(env),
      amqpUrl: BUS.AMQP_URL.read(env).join(','),
      users,
      sessionSecret,
      sessionIdleMs: CONSOLE.CONSOLE_SESSION_IDLE_MINUTES.read(env) * 60_000,
      sessionMaxMs: CONSOLE.CONSOLE_SESSION_MAX_HOURS.read(env) * 3_600_000,
      secureCookies: CONSOLE.CONSOLE_SECURE_COOKIES.read(env) ?? production,
      ...(metricsToken ? { metricsToken } : {}),
      ...(managementUrl === null ? {} : { managementUrl }),
      postalAdapterUrl: SHARED.POSTAL_ADAPTER_URL.read(env),
      heartbeatTimeoutMs: CONSOLE.CONSOLE_HEARTBEAT_TIMEOUT_MS.read(env),
      expectedServices: CONSOLE.CONSOLE_EXPECTED_SERVICES.read(env),
      ...(onestopQueue === null ? {} : { onestopQueue }),
      deadlineMarginHours: CONSOLE.CONSOLE_DEADLINE_MARGIN_HOURS.read(env),
      loginAttemptsPerMinute: CONSOLE.CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE.read(env),
      loginFailuresPerAddress: CONSOLE.CONSOLE_LOGIN_FAILURES_PER_ADDRESS.read(env),
      loginFailuresPerUser: CONSOLE.CONSOLE_LOGIN_FAILURES_PER_USER.read(env),
      auditBodyDays: CONSOLE.CONSOLE_AUDIT_BODY_DAYS.read(env),
      resolvedDeadLetterDays: CONSOLE.CONSOLE_RESOLVED_DEAD_LETTER_DAYS.read(env),
      departmentsFile: SHARED.DEPARTMENTS_FILE.read(env),
      trustProxy: CONSOLE.TRUST_PROXY.read(env),
    },
    warnings,
  };
}

function readUsers(env: EnvSource): ConfiguredUser[] {
  const inline = CONSOLE.CONSOLE_USERS.read(env);
  const file = CONSOLE.CONSOLE_USERS_FILE.read(env);
  const users: ConfiguredUser[] = [];
  if (inline !== undefined) users.push(...checkUsers(inline, 'CONSOLE_USERS'));
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
    if (typeof u.username !== 'string' || !USERNAME.test(u.username))
      throw new ConfigError(`${at}: username must be 1-64 letters, digits, . _ @ or -`);
    if ('password' in u)
      throw new ConfigError(`${at} (${u.username}): give passwordHash (bcrypt), not password; make one with: npm run ops -- hash-password`);
    if (typeof u.passwordHash !== 'string' || !/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(u.passwordHash)) {
      throw new ConfigError(
        `${at} (${u.username}): passwordHash must be a bcrypt hash ($2b$…); make one with: npm run ops -- hash-password`,
      );
    }
    if (!ROLES.includes(u.role as Role))
      throw new ConfigError(`${at} (${u.username}): role must be one of ${ROLES.join(', ')}, got "${String(u.role)}"`);
    return { username: u.username, passwordHash: u.passwordHash, role: u.role as Role };
  });
}

/** Usernames: short, no spaces or control characters (they appear in the audit trail). */
export const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
