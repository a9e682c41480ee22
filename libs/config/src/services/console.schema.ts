import { ConfigError } from '../config.error';
import { duration, flag, integer, json, list, orOff, path, secret, text, trustProxy, url } from '../schema/kinds';
import { ConfigSchema } from '../schema/schema';
import { variable, variables } from '../schema/variable';
import { BUS_ENV, SHARED_ENV } from './bus.variables';
import { guestUser } from './production.rules';

/** The console's own variables (apps/console/README.md). */
export const CONSOLE_ENV = variables({
  CONSOLE_USERS: variable(json('a list of {"username","passwordHash","role"}; hashes from npm run ops -- hash-password'), {
    doc: "the console's users, with bcrypt hashes (`npm run ops -- hash-password`)",
    defaultText: 'outside production: `admin`/`admin`, with a warning',
    production: { doc: 'this or `CONSOLE_USERS_FILE` required' },
  }),
  CONSOLE_USERS_FILE: variable(path(), {
    doc: 'the same as a YAML file (`users:` list)',
    defaultText: 'none',
    production: { doc: 'this or `CONSOLE_USERS` required' },
  }),
  CONSOLE_SESSION_SECRET: variable(secret(32), {
    doc: 'HMAC key of session cookies',
    defaultText: 'outside production: random per start (sessions end when the console restarts)',
    production: { doc: 'required', required: 'the HMAC key of session cookies (at least 32 random characters, e.g. openssl rand -hex 32)' },
  }),
  CONSOLE_SESSION_IDLE_MINUTES: variable(integer(1, 10_080, 'minutes'), {
    doc: 'a session ends after this long without a request',
    default: 480,
  }),
  CONSOLE_SESSION_MAX_HOURS: variable(integer(1, 720, 'hours'), {
    doc: 'a session ends this long after login, whatever happens',
    default: 24,
  }),
  CONSOLE_SECURE_COOKIES: variable(flag(), {
    doc: '`true` behind TLS: `Secure` cookies, HSTS and upgrade-insecure-requests',
    defaultText: '`true` in production, else `false`',
  }),
  CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE: variable(integer(1, 1_000), {
    doc: 'login attempts per minute per IP address and username',
    default: 5,
  }),
  CONSOLE_LOGIN_FAILURES_PER_ADDRESS: variable(integer(1, 100_000), {
    doc: 'failed logins per 15 minutes per IP address, whatever the username (password spraying)',
    default: 30,
  }),
  CONSOLE_LOGIN_FAILURES_PER_USER: variable(integer(1, 100_000), {
    doc: 'failed logins per 15 minutes per username, whatever the address',
    default: 10,
  }),
  CONSOLE_AUDIT_BODY_DAYS: variable(integer(1, 3_650, 'days'), {
    doc: 'days the message bodies the audit trail refers to are kept (the trail keeps their digests)',
    default: 90,
  }),
  CONSOLE_RESOLVED_DEAD_LETTER_DAYS: variable(integer(0, 3_650, 'days'), {
    doc: 'days replayed or discarded dead letters are kept; `0`: for good (open ones always are)',
    default: 90,
  }),
  RABBITMQ_MANAGEMENT_URL: variable(orOff(url()), {
    doc: 'RabbitMQ management API, with credentials (queue depths and rates); `off`: the AMQP fallback only',
    default: 'http://guest:guest@127.0.0.1:15672',
    defaultText: '`http://guest:guest@127.0.0.1:15672`',
    production: { doc: 'not the guest user', refuse: (value) => (value === null ? undefined : guestUser([value])) },
  }),
  CONSOLE_HEARTBEAT_TIMEOUT_MS: variable(duration(500, 600_000), { doc: 'silence after which a service is shown dead', default: 6_000 }),
  CONSOLE_EXPECTED_SERVICES: variable(
    list(text({ maxLength: 64, pattern: /^[A-Za-z0-9._-]+$/, patternForm: 'a service name' }), 'service names'),
    {
      doc: 'services listed on the health page even before their first heartbeat',
      default: ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console'],
    },
  ),
  ONESTOP_QUEUE: variable(orOff(text({ maxBytes: 255, patternForm: 'a queue name', pattern: /^\S/ })), {
    doc: "the one-stop system's own queue, checked for a consumer on the health page; `off`: not checked (its state shows as unknown)",
    default: 'onestop.inbox',
  }),
  CONSOLE_DEADLINE_MARGIN_HOURS: variable(integer(1, 1_440, 'hours'), {
    doc: 'a dossier this close to its due time is "at risk"',
    default: 48,
  }),
  TRUST_PROXY: variable(trustProxy(), {
    doc:
      "reverse proxies trusted to give the client's address in `X-Forwarded-For`, so that the login limiter and the audit trail see the client, not the proxy: " +
      '`loopback` (a proxy on the same machine), addresses or CIDR ranges, `linklocal`, `uniquelocal`, a number of hops, `true` (any sender: only when the proxy is the one way in) or `false`',
    default: false,
    defaultText: "`false` (the connection's address)",
  }),
});

/** In production the console must have configured users: never the development `admin`/`admin`. */
const CONFIGURED_USERS = {
  name: 'CONSOLE_USERS',
  check: (env: Readonly<Record<string, string | undefined>>): ConfigError | undefined =>
    CONSOLE_ENV.CONSOLE_USERS.valueIn(env) === undefined && CONSOLE_ENV.CONSOLE_USERS_FILE.valueIn(env) === undefined
      ? new ConfigError(
          'CONSOLE_USERS or CONSOLE_USERS_FILE is required when NODE_ENV=production: the development user admin/admin is refused. ' +
            'Set CONSOLE_USERS (JSON: [{"username":"…","passwordHash":"$2b$…","role":"admin"}]) or CONSOLE_USERS_FILE (YAML with users: …); make a hash with: npm run ops -- hash-password',
          'CONFIG.REQUIRED_IN_PRODUCTION',
        )
      : undefined,
};

export const CONSOLE_SCHEMA = new ConfigSchema(
  'console',
  "the admins' dashboard and the bus's public HTTP side (it forwards the postal webhook)",
  {
    ...BUS_ENV,
    DEPARTMENTS_FILE: SHARED_ENV.DEPARTMENTS_FILE,
    BLOB_DIR: SHARED_ENV.BLOB_DIR,
    POSTAL_ADAPTER_URL: SHARED_ENV.POSTAL_ADAPTER_URL,
    ...CONSOLE_ENV,
  },
  [CONFIGURED_USERS],
);

/** The management API's default for `rabbitmq setup`, as the console's `RABBITMQ_MANAGEMENT_URL`. */
export const DEFAULT_RABBITMQ_ADMIN_URL = 'http://guest:guest@127.0.0.1:15672';

/** What only the CLI reads: `rabbitmq setup` (docs/deployment.md, "RabbitMQ"). */
export const OPS_ENV = variables({
  RABBITMQ_ADMIN_URL: variable(url(), {
    doc: "`rabbitmq setup`: the management API with an administrator's credentials (or `--admin-url`)",
    default: DEFAULT_RABBITMQ_ADMIN_URL,
    defaultText: `\`${DEFAULT_RABBITMQ_ADMIN_URL}\``,
    production: {
      doc: 'not the guest user',
      refuse: (value) =>
        guestUser([value]) &&
        "logs in as RabbitMQ's guest user, which a production broker no longer has: give an administrator's credentials (the user made in docs/deployment.md, 1.3)",
    },
  }),
  RABBITMQ_PASSWORDS_FILE: variable(path(), {
    doc: '`rabbitmq setup`: a YAML file `user: password` (mode 0600), for the users without a `RABBITMQ_PASSWORD_<USER>` (or `--passwords`)',
    defaultText: 'none',
  }),
  'RABBITMQ_PASSWORD_<USER>': variable(secret(12), {
    doc:
      '`rabbitmq setup`: the password of one user of the definitions; `<USER>` is the user name in ASCII capitals, other characters as `_` ' +
      '(`lienthong-orchestrator` → `RABBITMQ_PASSWORD_LIENTHONG_ORCHESTRATOR`)',
    defaultText: 'none: the user keeps its password',
  }),
});

/** The operators' CLI (`npm run ops`): the same database and broker as the bus; each command reads only what it uses. */
export const OPS_SCHEMA = new ConfigSchema('ops', "the operators' command line (`npm run ops -- ...`)", {
  NODE_ENV: BUS_ENV.NODE_ENV,
  DATABASE_URL: BUS_ENV.DATABASE_URL,
  AMQP_URL: BUS_ENV.AMQP_URL,
  ...OPS_ENV,
});
