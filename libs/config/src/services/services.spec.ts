import { ConfigError } from '../config.error';
import type { EnvSource } from '../schema/env-source';
import type { ConfigSchema } from '../schema/schema';
import { loadConfigOrExit } from '../schema/startup';
import { declareReads } from '../schema/variable';
import { DEVELOPMENT_SERVICE_TOKEN, DEVELOPMENT_VERDICT_SEAL_KEY } from './bus.variables';
import { CONSOLE_SCHEMA, OPS_SCHEMA } from './console.schema';
import { SCHEMAS } from './index';
import { IOFFICE_ADAPTER_SCHEMA } from './ioffice-adapter.schema';
import { LAUNCHER_SCHEMA } from './launcher.schema';
import { ORCHESTRATOR_SCHEMA } from './orchestrator.schema';
import { POSTAL_ADAPTER_SCHEMA } from './postal-adapter.schema';

/** What a service's main prints and does when it checks its configuration (`loadConfigOrExit`). */
function startUp(schema: ConfigSchema, env: EnvSource): { errors: string[]; warnings: string[]; exitCode?: number } {
  const result: { errors: string[]; warnings: string[]; exitCode?: number } = { errors: [], warnings: [] };
  try {
    loadConfigOrExit(schema, {
      env,
      error: (line) => result.errors.push(line),
      warn: (line) => result.warnings.push(line),
      exit: (code) => {
        result.exitCode = code;
        throw new Error('exit');
      },
    });
  } catch (error) {
    if ((error as Error).message !== 'exit') throw error;
  }
  return result;
}

const BUS_SERVICES = [ORCHESTRATOR_SCHEMA, IOFFICE_ADAPTER_SCHEMA, POSTAL_ADAPTER_SCHEMA, CONSOLE_SCHEMA];

/** A production configuration of each process with nothing left to the development defaults. */
const SECRET = 's3cr3t-'.repeat(6);
const BROKER = { NODE_ENV: 'production', AMQP_URL: 'amqp://lienthong:pw@mq.langson.gov.vn:5672/lienthong' };
const PRODUCTION: ReadonlyMap<ConfigSchema, EnvSource> = new Map<ConfigSchema, EnvSource>([
  [
    ORCHESTRATOR_SCHEMA,
    {
      ...BROKER,
      SERVICE_TOKEN: SECRET,
      VERDICT_SEAL_KEY: `${SECRET}v`,
      DOCUMENT_HOSTS: 'motcua.langson.gov.vn',
      PUBLIC_BASE_URL: 'http://10.20.0.11:3001',
    },
  ],
  [
    IOFFICE_ADAPTER_SCHEMA,
    {
      ...BROKER,
      SERVICE_TOKEN: SECRET,
      VERDICT_SEAL_KEY: `${SECRET}v`,
      PUBLIC_BASE_URL: 'https://lienthong-gw.langson.gov.vn',
      IOFFICE_URL: 'https://ioffice.langson.gov.vn/EdocService',
      IOFFICE_SECRET: 'issued',
      TRUST_ANCHORS: '/etc/lienthong/ca.pem',
    },
  ],
  [
    POSTAL_ADAPTER_SCHEMA,
    {
      ...BROKER,
      SERVICE_TOKEN: SECRET,
      POSTAL_URL: 'https://api.vnpost.vn',
      POSTAL_CLIENT_ID: 'tthcc-langson',
      POSTAL_CLIENT_SECRET: 'issued',
      POSTAL_WEBHOOK_SECRET: 'agreed',
    },
  ],
  [
    CONSOLE_SCHEMA,
    {
      ...BROKER,
      CONSOLE_USERS_FILE: '/etc/lienthong/users.yaml',
      CONSOLE_SESSION_SECRET: SECRET,
      RABBITMQ_MANAGEMENT_URL: 'https://console:pw@mq.langson.gov.vn:15671',
    },
  ],
  [OPS_SCHEMA, { ...BROKER, RABBITMQ_ADMIN_URL: 'http://admin:pw@127.0.0.1:15672' }],
  [LAUNCHER_SCHEMA, { ...BROKER, SERVICE_TOKEN: SECRET }],
]);

afterEach(() => declareReads(undefined));

describe('silent NaN: a value that used to become NaN or be ignored stops start-up, naming the variable', () => {
  it.each([
    // The document size cap was gone: size > NaN refuses nothing.
    [
      'MAX_DOCUMENT_BYTES',
      '50MB',
      /MAX_DOCUMENT_BYTES must be a size in bytes .*got "50MB": write it in bytes without a unit: 50MB is 52428800/,
    ],
    // setInterval(NaN) runs every millisecond.
    ['LIFECYCLE_TICK_MS', 'abc', /LIFECYCLE_TICK_MS must be a duration in milliseconds .*got "abc"$/],
    // Held events expired at once (now + NaN).
    ['HOLD_MS', '10m', /HOLD_MS must be a duration in milliseconds .*got "10m": write it in milliseconds without a unit: 10m is 600000$/],
    ['DOCUMENT_FETCH_TIMEOUT_MS', '15s', /DOCUMENT_FETCH_TIMEOUT_MS must be a duration in milliseconds .*got "15s": .* 15s is 15000$/],
  ])('orchestrator: %s=%s', (name, value, message) => {
    const started = startUp(ORCHESTRATOR_SCHEMA, { [name]: value });
    expect(started.exitCode).toBe(1);
    expect(started.errors).toHaveLength(1);
    expect(started.errors[0]).toMatch(/^\[orchestrator\] cannot start: CONFIG\.INVALID: /);
    expect(started.errors[0]).toMatch(message);
  });

  it.each(BUS_SERVICES.map((s) => [s.service, s]))(
    '%s: AMQP_QUEUE_TYPE (was a plain Error and a stack trace) and HEARTBEAT_INTERVAL_MS (was ignored)',
    (_, schema) => {
      const started = startUp(schema, { AMQP_QUEUE_TYPE: 'stream', HEARTBEAT_INTERVAL_MS: 'fast' });
      expect(started.exitCode).toBe(1);
      expect(started.errors).toEqual([
        `[${schema.service}] cannot start: CONFIG.INVALID: AMQP_QUEUE_TYPE must be "classic" or "quorum", got "stream"`,
        `[${schema.service}] cannot start: CONFIG.INVALID: HEARTBEAT_INTERVAL_MS must be a duration in milliseconds (digits only, no unit) from 100 to 60000, got "fast"`,
      ]);
    },
  );

  it.each([
    [LAUNCHER_SCHEMA, 'HTTP_PORT', '30OO'],
    [LAUNCHER_SCHEMA, 'SUMMARY_INTERVAL_MS', '10s'],
    [CONSOLE_SCHEMA, 'CONSOLE_SECURE_COOKIES', 'yes'],
    [IOFFICE_ADAPTER_SCHEMA, 'IOFFICE_MAX_EDXML_BYTES', '20MB'],
    [POSTAL_ADAPTER_SCHEMA, 'POSTAL_STALE_MS', '30min'],
    [ORCHESTRATOR_SCHEMA, 'LOG_LEVEL', 'info'],
    [ORCHESTRATOR_SCHEMA, 'NODE_ENV', 'prod'],
    [ORCHESTRATOR_SCHEMA, 'TZ', 'Asia/Hanoi_City'],
    [ORCHESTRATOR_SCHEMA, 'LOG_FORMAT', 'text'],
    [ORCHESTRATOR_SCHEMA, 'BLOB_DIR_MIN_FREE_MB', '1GB'],
    [IOFFICE_ADAPTER_SCHEMA, 'TRUST_REVOCATION', 'sometimes'],
    [IOFFICE_ADAPTER_SCHEMA, 'TRUST_REVOCATION_TIMEOUT_MS', '10s'],
    [IOFFICE_ADAPTER_SCHEMA, 'TRUST_CRL_URLS', 'ldap://ca.gov.vn/cn=CA'],
    [CONSOLE_SCHEMA, 'TRUST_PROXY', 'yes'],
    [LAUNCHER_SCHEMA, 'LOG_FORMAT', 'JSON'],
    [OPS_SCHEMA, 'RABBITMQ_ADMIN_URL', 'admin:pw@127.0.0.1:15672'],
  ] as const)('%s: %s=%s', (schema, name, value) => {
    const started = startUp(schema, { [name]: value });
    expect(started.exitCode).toBe(1);
    expect(started.errors).toEqual([
      expect.stringMatching(new RegExp(`^\\[${schema.service}\\] cannot start: CONFIG\\.INVALID: ${name} must be .*, got "${value}"`)),
    ]);
  });
});

describe('production (NODE_ENV=production) refuses every simulator and development default, naming it', () => {
  it.each([...PRODUCTION].map(([schema, env]) => [schema.service, schema, env] as const))(
    '%s starts with a production configuration',
    (_, schema, env) => {
      expect(startUp(schema, env)).toEqual({ errors: [], warnings: [] });
    },
  );

  const refusals: Array<[ConfigSchema, string, EnvSource, RegExp]> = [
    ...BUS_SERVICES.flatMap((schema): Array<[ConfigSchema, string, EnvSource, RegExp]> => [
      [schema, 'AMQP_URL', { AMQP_URL: 'amqp://guest:guest@mq.langson.gov.vn:5672' }, /AMQP_URL logs in as RabbitMQ's guest user/],
      [
        schema,
        'AMQP_URL',
        { AMQP_URL: 'amqp://mq.langson.gov.vn' },
        /AMQP_URL logs in as RabbitMQ's guest user \(a URL without a user means guest\)/,
      ],
      [schema, 'AMQP_URL', { AMQP_URL: 'amqp://bus:pw@mq1,amqp://guest:guest@mq2' }, /AMQP_URL logs in as RabbitMQ's guest user/],
    ]),
    ...[ORCHESTRATOR_SCHEMA, IOFFICE_ADAPTER_SCHEMA, POSTAL_ADAPTER_SCHEMA, LAUNCHER_SCHEMA].flatMap(
      (schema): Array<[ConfigSchema, string, EnvSource, RegExp]> => [
        [schema, 'SERVICE_TOKEN', { SERVICE_TOKEN: undefined }, /SERVICE_TOKEN is required when NODE_ENV=production/],
        [schema, 'SERVICE_TOKEN', { SERVICE_TOKEN: DEVELOPMENT_SERVICE_TOKEN }, /SERVICE_TOKEN is the published development default/],
      ],
    ),
    ...[ORCHESTRATOR_SCHEMA, IOFFICE_ADAPTER_SCHEMA].flatMap((schema): Array<[ConfigSchema, string, EnvSource, RegExp]> => [
      [schema, 'VERDICT_SEAL_KEY', { VERDICT_SEAL_KEY: undefined }, /VERDICT_SEAL_KEY is required when NODE_ENV=production/],
      [
        schema,
        'VERDICT_SEAL_KEY',
        { VERDICT_SEAL_KEY: DEVELOPMENT_VERDICT_SEAL_KEY },
        /VERDICT_SEAL_KEY is the published development default/,
      ],
    ]),
    [ORCHESTRATOR_SCHEMA, 'DOCUMENT_HOSTS', { DOCUMENT_HOSTS: undefined }, /DOCUMENT_HOSTS is required when NODE_ENV=production/],
    [IOFFICE_ADAPTER_SCHEMA, 'IOFFICE_URL', { IOFFICE_URL: undefined }, /IOFFICE_URL is required when NODE_ENV=production/],
    [
      IOFFICE_ADAPTER_SCHEMA,
      'IOFFICE_URL',
      { IOFFICE_URL: 'http://127.0.0.1:3101/EdocService' },
      /IOFFICE_URL points at the iOffice simulator \(127\.0\.0\.1:3101\)/,
    ],
    [
      IOFFICE_ADAPTER_SCHEMA,
      'IOFFICE_URL',
      { IOFFICE_URL: 'http://localhost:3101/EdocService' },
      /IOFFICE_URL points at the iOffice simulator/,
    ],
    [IOFFICE_ADAPTER_SCHEMA, 'IOFFICE_SECRET', { IOFFICE_SECRET: undefined }, /IOFFICE_SECRET is required when NODE_ENV=production/],
    [
      IOFFICE_ADAPTER_SCHEMA,
      'IOFFICE_SECRET',
      { IOFFICE_SECRET: 'lienthong-secret' },
      /IOFFICE_SECRET is the published development default/,
    ],
    [IOFFICE_ADAPTER_SCHEMA, 'TRUST_ANCHORS', { TRUST_ANCHORS: undefined }, /TRUST_ANCHORS is required when NODE_ENV=production/],
    [POSTAL_ADAPTER_SCHEMA, 'POSTAL_URL', { POSTAL_URL: undefined }, /POSTAL_URL is required when NODE_ENV=production/],
    [
      POSTAL_ADAPTER_SCHEMA,
      'POSTAL_URL',
      { POSTAL_URL: 'http://127.0.0.1:3102' },
      /POSTAL_URL points at the postal simulator \(127\.0\.0\.1:3102\)/,
    ],
    [POSTAL_ADAPTER_SCHEMA, 'POSTAL_CLIENT_ID', { POSTAL_CLIENT_ID: undefined }, /POSTAL_CLIENT_ID is required when NODE_ENV=production/],
    [
      POSTAL_ADAPTER_SCHEMA,
      'POSTAL_CLIENT_SECRET',
      { POSTAL_CLIENT_SECRET: 'lienthong-secret' },
      /POSTAL_CLIENT_SECRET is the published development default/,
    ],
    [
      POSTAL_ADAPTER_SCHEMA,
      'POSTAL_WEBHOOK_SECRET',
      { POSTAL_WEBHOOK_SECRET: undefined },
      /POSTAL_WEBHOOK_SECRET is required when NODE_ENV=production/,
    ],
    [
      POSTAL_ADAPTER_SCHEMA,
      'POSTAL_WEBHOOK_SECRET',
      { POSTAL_WEBHOOK_SECRET: 'lienthong-webhook-secret' },
      /POSTAL_WEBHOOK_SECRET is the published development default/,
    ],
    [
      CONSOLE_SCHEMA,
      'CONSOLE_USERS',
      { CONSOLE_USERS_FILE: undefined },
      /CONSOLE_USERS or CONSOLE_USERS_FILE is required when NODE_ENV=production: the development user admin\/admin is refused/,
    ],
    [
      CONSOLE_SCHEMA,
      'CONSOLE_SESSION_SECRET',
      { CONSOLE_SESSION_SECRET: undefined },
      /CONSOLE_SESSION_SECRET is required when NODE_ENV=production/,
    ],
    [
      CONSOLE_SCHEMA,
      'RABBITMQ_MANAGEMENT_URL',
      { RABBITMQ_MANAGEMENT_URL: undefined },
      /RABBITMQ_MANAGEMENT_URL logs in as RabbitMQ's guest user/,
    ],
    [
      CONSOLE_SCHEMA,
      'RABBITMQ_MANAGEMENT_URL',
      { RABBITMQ_MANAGEMENT_URL: 'http://mq:15672' },
      /RABBITMQ_MANAGEMENT_URL logs in as RabbitMQ's guest user/,
    ],
    ...[ORCHESTRATOR_SCHEMA, IOFFICE_ADAPTER_SCHEMA].flatMap((schema): Array<[ConfigSchema, string, EnvSource, RegExp]> => [
      [
        schema,
        'PUBLIC_BASE_URL',
        { PUBLIC_BASE_URL: undefined },
        /PUBLIC_BASE_URL is required when NODE_ENV=production: the URL the other systems .* reach this service's \/blobs at/,
      ],
      ...[
        'http://127.0.0.1:3001',
        'http://127.8.0.1:3001',
        'http://localhost:3002',
        'https://bus.localhost',
        'http://[::1]:3002',
        'http://[::ffff:127.0.0.1]:3002',
        'http://0.0.0.0:3001',
      ].map((url): [ConfigSchema, string, EnvSource, RegExp] => [
        schema,
        'PUBLIC_BASE_URL',
        { PUBLIC_BASE_URL: url },
        /PUBLIC_BASE_URL is \S+, which only this machine reaches, but the document URLs made from it are fetched by other systems/,
      ]),
    ]),
    [OPS_SCHEMA, 'AMQP_URL', { AMQP_URL: undefined }, /AMQP_URL logs in as RabbitMQ's guest user/],
    [
      OPS_SCHEMA,
      'RABBITMQ_ADMIN_URL',
      { RABBITMQ_ADMIN_URL: undefined },
      /RABBITMQ_ADMIN_URL logs in as RabbitMQ's guest user, which a production broker no longer has/,
    ],
    [LAUNCHER_SCHEMA, 'AMQP_URL', { AMQP_URL: undefined }, /AMQP_URL logs in as RabbitMQ's guest user/],
  ];

  it.each(refusals.map(([schema, name, patch, message]) => [schema.service, name, JSON.stringify(patch), schema, patch, message] as const))(
    '%s: %s %s',
    (_service, name, _shown, schema, patch, message) => {
      const started = startUp(schema, { ...PRODUCTION.get(schema), ...patch });
      expect(started.exitCode).toBe(1);
      expect(started.errors).toHaveLength(1);
      expect(started.errors[0]).toMatch(
        new RegExp(`^\\[${schema.service}\\] cannot start: CONFIG\\.(REQUIRED|REFUSED)_IN_PRODUCTION: ${name}`),
      );
      expect(started.errors[0]).toMatch(message);
      expect(started.errors[0]).not.toMatch(/guest:guest|lienthong-secret|lienthong-webhook-secret|not-for-production/);
    },
  );

  it('with nothing configured, each service names every development default at once', () => {
    const refused = Object.fromEntries(
      SCHEMAS.filter((s) => PRODUCTION.has(s)).map((schema) => [
        schema.service,
        startUp(schema, { NODE_ENV: 'production' }).errors.map((line) => /IN_PRODUCTION: (\S+)/.exec(line)?.[1]),
      ]),
    );
    expect(refused).toEqual({
      orchestrator: ['AMQP_URL', 'SERVICE_TOKEN', 'PUBLIC_BASE_URL', 'VERDICT_SEAL_KEY', 'DOCUMENT_HOSTS'],
      'ioffice-adapter': [
        'AMQP_URL',
        'SERVICE_TOKEN',
        'PUBLIC_BASE_URL',
        'VERDICT_SEAL_KEY',
        'IOFFICE_SECRET',
        'IOFFICE_URL',
        'TRUST_ANCHORS',
      ],
      'postal-adapter': ['AMQP_URL', 'SERVICE_TOKEN', 'POSTAL_CLIENT_ID', 'POSTAL_CLIENT_SECRET', 'POSTAL_WEBHOOK_SECRET', 'POSTAL_URL'],
      console: ['AMQP_URL', 'CONSOLE_SESSION_SECRET', 'RABBITMQ_MANAGEMENT_URL', 'CONSOLE_USERS'],
      ops: ['AMQP_URL', 'RABBITMQ_ADMIN_URL'],
      launcher: ['AMQP_URL', 'SERVICE_TOKEN'],
    });
  });
});

describe("the environment templates' placeholder", () => {
  it.each([
    ['development', {}],
    ['production', PRODUCTION.get(ORCHESTRATOR_SCHEMA)!],
  ] as const)('CHANGE-ME is refused in %s, naming each variable that holds it and showing no value', (_, base) => {
    const started = startUp(ORCHESTRATOR_SCHEMA, {
      ...base,
      SERVICE_TOKEN: 'CHANGE-ME',
      AMQP_URL: 'amqp://lienthong-orchestrator:CHANGE-ME@mq.langson.gov.vn:5672/lienthong',
      DOCUMENT_HOSTS: 'CHANGE-ME',
      PUBLIC_BASE_URL: 'http://CHANGE-ME:3001',
    });
    expect(started.exitCode).toBe(1);
    expect(started.errors).toEqual(
      ['AMQP_URL', 'SERVICE_TOKEN', 'PUBLIC_BASE_URL', 'DOCUMENT_HOSTS'].map(
        (name) =>
          `[orchestrator] cannot start: CONFIG.PLACEHOLDER: ${name} still holds the placeholder CHANGE-ME of the environment templates: set this site's value`,
      ),
    );
  });

  it('is found in a family of variables too (a RabbitMQ password of the compose file)', () => {
    const started = startUp(OPS_SCHEMA, { RABBITMQ_PASSWORD_ONESTOP: 'CHANGE-ME' });
    expect(started.errors).toEqual([
      `[ops] cannot start: CONFIG.PLACEHOLDER: RABBITMQ_PASSWORD_ONESTOP still holds the placeholder CHANGE-ME of the environment templates: set this site's value`,
    ]);
  });
});

describe('a family of variables (RABBITMQ_PASSWORD_<USER>)', () => {
  const family = OPS_SCHEMA.variables['RABBITMQ_PASSWORD_<USER>'];

  it('is in the schema by each of its names, and only those', () => {
    for (const name of ['RABBITMQ_PASSWORD_ONESTOP', 'RABBITMQ_PASSWORD_LIENTHONG_ORCHESTRATOR', 'RABBITMQ_PASSWORD_MOT_CUA_DAK_LAK'])
      expect([name, OPS_SCHEMA.has(name)]).toEqual([name, true]);
    for (const name of ['RABBITMQ_PASSWORD_', 'RABBITMQ_PASSWORD_onestop', 'RABBITMQ_PASSWORD_MỘT_CỬA', 'RABBITMQ_PASSWORDS'])
      expect([name, OPS_SCHEMA.has(name)]).toEqual([name, false]);
    expect(OPS_SCHEMA.has('RABBITMQ_PASSWORDS_FILE')).toBe(true);
  });

  it("checks at start-up every one the environment sets, in the family's form, naming it", () => {
    const started = startUp(OPS_SCHEMA, {
      RABBITMQ_PASSWORD_ONESTOP: 'short',
      RABBITMQ_PASSWORD_LIENTHONG_CONSOLE: 'long-enough-password',
      RABBITMQ_PASSWORD_: 'ignored',
    });
    expect(started.errors).toEqual([
      '[ops] cannot start: CONFIG.INVALID: RABBITMQ_PASSWORD_ONESTOP must be at least 12 characters (a secret, e.g. openssl rand -hex 32), got a value of 5 characters',
    ]);
  });

  it('reads one member by the part the code computes; the family itself has no value', () => {
    expect(family.member('ONESTOP').read({ RABBITMQ_PASSWORD_ONESTOP: 'mật-khẩu-đủ-dài' })).toBe('mật-khẩu-đủ-dài');
    expect(family.member('ONESTOP').read({})).toBeUndefined();
    expect(() => family.member('một')).toThrow('"một" is not a name part');
    expect(() => family.read({})).toThrow('is a family of variables');
  });
});

describe('outside production', () => {
  it.each(SCHEMAS.map((s) => [s.service, s]))(
    '%s starts with no configuration at all (npm start, the demo, the tests), with one warning at most',
    (_, schema) => {
      const started = startUp(schema, {});
      expect(started.errors).toEqual([]);
      expect(started.warnings.length).toBeLessThanOrEqual(1);
    },
  );

  it('the warning names the development defaults in use', () => {
    expect(startUp(ORCHESTRATOR_SCHEMA, {}).warnings).toEqual([
      '[orchestrator] development defaults in use, each refused when NODE_ENV=production: AMQP_URL, SERVICE_TOKEN, PUBLIC_BASE_URL, VERDICT_SEAL_KEY, DOCUMENT_HOSTS',
    ]);
  });
});

describe('the schemas', () => {
  it('define each shared variable once: every schema holding a name holds the same definition (a service may only change its default)', () => {
    const byName = new Map<string, Set<unknown>>();
    for (const schema of SCHEMAS) {
      for (const variable of Object.values(schema.variables)) {
        const kinds = byName.get(variable.name) ?? new Set();
        kinds.add(variable.kind);
        byName.set(variable.name, kinds);
        const { default: _default, defaultText: _text, ...rest } = variable.spec;
        kinds.add(JSON.stringify(rest));
      }
    }
    const redefined = [...byName].filter(([, kinds]) => kinds.size !== 2).map(([name]) => name);
    expect(redefined).toEqual([]);
  });

  it('give every variable a meaning and a stated default or none', () => {
    for (const schema of SCHEMAS) {
      for (const variable of Object.values(schema.variables)) {
        expect(variable.spec.doc.length).toBeGreaterThan(5);
        expect([variable.name, /^[A-Z][A-Z0-9_]+(_<[A-Z]+>)?$/.test(variable.name)]).toEqual([variable.name, true]);
      }
    }
  });

  it('a production rule is a ConfigError naming the variable, never a crash on an odd value', () => {
    for (const schema of SCHEMAS) {
      for (const variable of Object.values(schema.variables)) {
        const problem = variable.productionProblem({ NODE_ENV: 'production' }, variable.spec.default);
        if (problem) {
          expect(problem).toBeInstanceOf(ConfigError);
          expect(problem.message.startsWith(variable.name)).toBe(true);
        }
      }
    }
  });
});
