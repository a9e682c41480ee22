import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CONSOLE_SCHEMA, ConfigProblems, IOFFICE_ADAPTER_SCHEMA, ORCHESTRATOR_SCHEMA, POSTAL_ADAPTER_SCHEMA } from '@lienthong/config';
import { SERVICE_GLIBC_TUNABLES, SERVICE_NODE_FLAGS } from '@lienthong/runtime';
import { loadDefinitions, passwordVariable } from '../apps/console/src/ops/rabbitmq.setup';
import { readEnvironmentFile, readUnit } from '../test/e2e/support/deploy-files';

/**
 * The deploy/ files agree with each other and with the code: each unit starts its service's entry point with its
 * environment files and the hardening the deployment relies on, and the compose file (not run here: no Docker)
 * passes the same settings. test/e2e/deployable-package.e2e-spec.ts runs the units for real.
 */
const ROOT = join(__dirname, '..');
const DEPLOY = join(ROOT, 'deploy');
const SERVICES = ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console'] as const;
const WRITES_BLOBS = new Set(['orchestrator', 'ioffice-adapter']);
const unitFile = (service: string): string => join(DEPLOY, 'systemd', `lienthong-${service}.service`);
const template = (name: string): Record<string, string> => readEnvironmentFile(join(DEPLOY, 'env', `${name}.env`));

describe('deploy/systemd', () => {
  it.each(SERVICES)('lienthong-%s.service runs the built entry point with its V8 heap flags and environment files, hardened', (service) => {
    const unit = readUnit(unitFile(service));
    expect(unit.one('ExecStart')).toBe(`/usr/bin/node ${SERVICE_NODE_FLAGS.join(' ')} /opt/lienthong/dist/apps/${service}/src/main.js`);
    expect(existsSync(join(ROOT, 'apps', service, 'src', 'main.ts'))).toBe(true);
    expect(unit.one('Environment')).toBe(`GLIBC_TUNABLES=${SERVICE_GLIBC_TUNABLES}`);
    expect(unit.one('WorkingDirectory')).toBe('/opt/lienthong');
    expect(unit.all('EnvironmentFile')).toEqual(['/etc/lienthong/common.env', `/etc/lienthong/${service}.env`]);
    expect([unit.one('User'), unit.one('Group')]).toEqual(['lienthong', 'lienthong']);
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['PrivateTmp', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['Restart', 'on-failure'],
      ['StartLimitBurst', '5'],
      ['CapabilityBoundingSet', ''],
    ]) {
      expect([key, unit.one(key)]).toEqual([key, value]);
    }
    const writable = unit.all('ReadWritePaths').flatMap((v) => v.split(/\s+/));
    const blobDir = template('common').BLOB_DIR;
    expect(writable).toContain('/var/lib/lienthong');
    expect([service, writable.includes(blobDir)]).toEqual([service, WRITES_BLOBS.has(service)]);
  });

  it('lienthong.target starts every service', () => {
    expect(
      readUnit(join(DEPLOY, 'systemd', 'lienthong.target'))
        .one('Wants')
        .split(/\s+/)
        .sort(),
    ).toEqual(SERVICES.map((s) => `lienthong-${s}.service`).sort());
  });

  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  (analyze ? it : it.skip)('pass systemd-analyze verify, with an exposure level under 2 (systemd-analyze security)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-units-'));
    for (const service of SERVICES) {
      // verify checks that the program exists: point at this machine's node
      const file = join(dir, `lienthong-${service}.service`);
      writeFileSync(file, readFileSync(unitFile(service), 'utf8').replace('/usr/bin/node ', `${process.execPath} `));
      const verify = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
      expect([service, verify.status, verify.stderr.trim()]).toEqual([service, 0, '']);
      const security = execFileSync('systemd-analyze', ['security', '--offline=yes', '--no-pager', file], { encoding: 'utf8' });
      const level = Number(/Overall exposure level for .*: ([\d.]+)/.exec(security)?.[1]);
      expect([service, level < 2]).toEqual([service, true]);
    }
  });
});

describe('the start scripts and ports', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it.each(['start:bus', 'ops'])('npm run %s runs the built package and, without dist/, says to build first (it never compiles)', (name) => {
    expect(scripts[name].replace(/'[^']*'/g, '')).not.toMatch(/\b(tsc|ts-node|npm run build)\b/); // outside the quoted message
    const run = spawnSync('sh', ['-c', scripts[name]], { cwd: mkdtempSync(join(tmpdir(), 'lienthong-nodist-')), encoding: 'utf8' });
    expect([run.status, run.stderr.trim()]).toEqual([1, 'dist/ is missing: run npm run build first']);
  });

  it.each(
    (
      [
        [ORCHESTRATOR_SCHEMA, 3001],
        [IOFFICE_ADAPTER_SCHEMA, 3002],
        [POSTAL_ADAPTER_SCHEMA, 3003],
        [CONSOLE_SCHEMA, 3000],
      ] as const
    ).map(([schema, port]) => [schema.service, schema.variables.HTTP_PORT.read({}), port] as const),
  )("%s started alone listens on the port the launcher gives it (its schema's default)", (service, port, expected) => {
    expect(port).toBe(expected);
    expect(template(service).HTTP_PORT).toBe(String(expected));
  });
});

describe('deploy/env', () => {
  it.each(SERVICES)(
    '%s.env holds the port the launcher gives the service, its own RabbitMQ user, and no setting of common.env',
    (service) => {
      const env = template(service);
      expect(env.HTTP_PORT).toBe({ orchestrator: '3001', 'ioffice-adapter': '3002', 'postal-adapter': '3003', console: '3000' }[service]);
      expect(env.AMQP_URL).toMatch(new RegExp(`^amqp://lienthong-${service}:CHANGE-ME@[^/]+/lienthong$`));
      expect(Object.keys(env).filter((k) => k in template('common'))).toEqual([]);
    },
  );

  it('common.env is production mode with JSON logs', () => {
    expect(template('common')).toMatchObject({ NODE_ENV: 'production', LOG_FORMAT: 'json' });
  });

  const SCHEMA = {
    orchestrator: ORCHESTRATOR_SCHEMA,
    'ioffice-adapter': IOFFICE_ADAPTER_SCHEMA,
    'postal-adapter': POSTAL_ADAPTER_SCHEMA,
    console: CONSOLE_SCHEMA,
  } as const;

  it.each(SERVICES)("%s.env names only variables of the service's schema; common.env only variables some service reads", (service) => {
    expect(Object.keys(template(service)).filter((name) => !SCHEMA[service].has(name))).toEqual([]);
    expect(Object.keys(template('common')).filter((name) => !SERVICES.some((s) => SCHEMA[s].has(name)))).toEqual([]);
  });

  it.each(SERVICES)(
    '%s, from the templates as shipped, refuses to start, naming every variable still CHANGE-ME and nothing else',
    (service) => {
      const env = { ...template('common'), ...template(service) };
      const placeholders = Object.keys(env).filter((name) => env[name].includes('CHANGE-ME') && SCHEMA[service].has(name));
      expect(placeholders.length).toBeGreaterThan(1);
      let problems: ConfigProblems | undefined;
      try {
        SCHEMA[service].load(env);
      } catch (error) {
        problems = error as ConfigProblems;
      }
      expect(problems?.problems.map((p) => [p.code, p.message.split(' ')[0]]).sort()).toEqual(
        placeholders.map((name) => ['CONFIG.PLACEHOLDER', name]).sort(),
      );
    },
  );

  it('never gives PUBLIC_BASE_URL or ORCHESTRATOR_URL a loopback address: those URLs are fetched from other machines', () => {
    for (const service of ['orchestrator', 'ioffice-adapter'] as const) {
      expect([service, template(service).PUBLIC_BASE_URL, template(service).HTTP_HOST]).toEqual([
        service,
        expect.stringMatching(/^http:\/\/CHANGE-ME:30\d\d$/),
        '0.0.0.0',
      ]);
    }
    expect(template('ioffice-adapter').ORCHESTRATOR_URL).toBe(template('orchestrator').PUBLIC_BASE_URL);
  });
});

describe('deploy/compose (not run here: checked against the units and templates)', () => {
  const compose = parseYaml(readFileSync(join(DEPLOY, 'compose', 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { command: string[]; environment: Record<string, string>; healthcheck?: { test: string[] } }>;
  };

  it.each(SERVICES)('%s: the same entry point and V8 heap flags, and every setting of its environment templates', (service) => {
    const s = compose.services[service];
    expect(s.command).toEqual(['node', ...SERVICE_NODE_FLAGS, `dist/apps/${service}/src/main.js`]);
    const keys = [...Object.keys(template('common')), ...Object.keys(template(service))];
    expect(keys.filter((k) => !(k in s.environment))).toEqual([]);
    expect(s.environment.HTTP_PORT).toBe(template(service).HTTP_PORT);
    expect(s.environment.GLIBC_TUNABLES).toBe(SERVICE_GLIBC_TUNABLES);
    expect(s.healthcheck?.test.join(' ')).toContain('/health/ready');
  });

  it('sets up RabbitMQ with a password for every user of the definitions, and compose.env names every variable it reads', () => {
    const setup = compose.services['rabbitmq-setup'];
    for (const user of loadDefinitions(join(DEPLOY, 'rabbitmq', 'definitions.json')).users)
      expect(setup.environment).toHaveProperty(passwordVariable(user.name));
    const text = readFileSync(join(DEPLOY, 'compose', 'compose.yaml'), 'utf8');
    const used = new Set([...text.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]));
    const example = readEnvironmentFile(join(DEPLOY, 'compose', 'compose.env'));
    expect([...used].filter((v) => !(v in example))).toEqual([]);
  });
});
