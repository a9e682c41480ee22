import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as amqp from 'amqplib';
import { hashSync } from 'bcryptjs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { HEADERS, SCHEMA_VERSION } from '@lienthong/contracts';
import { eventually } from '@lienthong/messaging/testing/test-broker';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { services as launcherServices } from '../../apps/launcher/src/services';
import { startIofficeSimulator } from '../../apps/sim-ioffice/src';
import { type OnestopSimulator, startOnestopSimulator } from '../../apps/sim-onestop/src';
import { startPostalSimulator } from '../../apps/sim-postal/src';
import { environmentFileText, machineAddress, readEnvironmentFile, readUnit } from './support/deploy-files';
import { type SystemDepartment, departmentNamed } from './support/departments';
import { freePort } from './support/free-port';

const ROOT = join(__dirname, '..', '..');
const SERVICES = ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console'] as const;
type Service = (typeof SERVICES)[number];
const ADMIN_URL = process.env.TEST_RABBITMQ_ADMIN_URL ?? 'http://guest:guest@127.0.0.1:15672';
const AMQP_HOST = process.env.TEST_RABBITMQ_AMQP_HOST ?? '127.0.0.1:5672';

/**
 * The package as a province installs it (docs/deployment.md): `npm run build` into a fresh directory, dist/ with
 * package.json and package-lock.json, production dependencies only (a hard-linked copy of node_modules pruned with
 * `npm prune --omit=dev`: no compiler, no network), RabbitMQ users made by the packaged `ops -- rabbitmq setup`
 * from deploy/rabbitmq/definitions.json, and each bus service started from its systemd unit's ExecStart,
 * WorkingDirectory and EnvironmentFile= lines, the shipped environment templates filled with this site's values
 * (the simulators stand for iOffice, the postal operator and the one-stop system, which connects with its own
 * restricted user). /opt/lienthong, /etc/lienthong, /var/lib/lienthong and /srv/lienthong map to a temporary directory.
 * One dossier then goes all the way through every service, each with only the permissions the definitions give it.
 */
describe('the package: dist/ with production dependencies only, started as its systemd units say', () => {
  const id = randomBytes(4).toString('hex');
  const base = mkdtempSync(join(tmpdir(), 'lienthong-package-'));
  const opt = join(base, 'opt', 'lienthong');
  const etc = join(base, 'etc', 'lienthong');
  const paths: Array<[RegExp, string]> = [
    [/^\/opt\/lienthong(?=\/|$)/, opt],
    [/^\/etc\/lienthong(?=\/|$)/, etc],
    [/^\/var\/lib\/lienthong(?=\/|$)/, join(base, 'var', 'lib', 'lienthong')],
    [/^\/srv\/lienthong(?=\/|$)/, join(base, 'srv', 'lienthong')],
    [/^\/usr\/bin\/node$/, process.execPath],
  ];
  const local = (path: string): string => paths.reduce((p, [from, to]) => p.replace(from, to), path);
  const vhost = `lienthong-package-${id}`;
  const rabbitUser = (name: string): string => `${name}-${id}`;
  const passwords: Record<string, string> = {};
  const databaseUrl = testDatabaseUrls()[1].url(); // PostgreSQL, as the environment templates say
  const ports = {} as Record<Service, number>;
  const templates = {} as Record<Service | 'common', Record<string, string>>;
  const children = new Map<Service, ChildProcess>();
  const logs = new Map<Service, string[]>();
  /** How each process ended: its exit code, or the signal that ended it. */
  const exits = new Map<Service, Promise<number | string | null>>();
  let ioffice: Awaited<ReturnType<typeof startIofficeSimulator>>;
  let postal: Awaited<ReturnType<typeof startPostalSimulator>>;
  let pruned: string;
  let onestop: amqp.ChannelModel | undefined;
  /** The one-stop system, as its simulator plays it, connected as the `onestop` user. */
  let center: OnestopSimulator | undefined;
  let centerPort: number;
  let departments: SystemDepartment[];
  /** The one-stop message the orchestrator refuses (a UUID, as message ids are). */
  const rejectedId = randomUUID();

  /** The environment of a service as systemd builds it: nothing inherited, then each EnvironmentFile= in order. */
  const serviceEnv = (service: Service): Record<string, string> => {
    const unit = readUnit(join(opt, 'dist', 'deploy', 'systemd', `lienthong-${service}.service`));
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: local('/var/lib/lienthong') };
    for (const file of unit.all('EnvironmentFile')) Object.assign(env, readEnvironmentFile(local(file)));
    return env;
  };
  /** Runs the packaged CLI as an operator would on the console's machine (`set -a; . common.env; . console.env`). */
  const ops = (...argv: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = spawnSync(process.execPath, [join(opt, 'dist', 'apps', 'console', 'src', 'cli.js'), ...argv], {
      cwd: opt,
      env: serviceEnv('console'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    // 1. the package: build, package files, production dependencies
    const built = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'ts-node'),
      ['--transpile-only', 'scripts/build.ts', '--out-dir', join(opt, 'dist')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, file), join(opt, file));
    try {
      execFileSync('cp', ['-al', join(ROOT, 'node_modules'), opt]);
    } catch {
      execFileSync('cp', ['-a', join(ROOT, 'node_modules'), opt]); // another file system: a real copy
    }
    // npm rewrites its hidden lockfile in place: give it a file of its own, not a link into the checkout's.
    rmSync(join(opt, 'node_modules', '.package-lock.json'), { force: true });
    if (existsSync(join(ROOT, 'node_modules', '.package-lock.json')))
      copyFileSync(join(ROOT, 'node_modules', '.package-lock.json'), join(opt, 'node_modules', '.package-lock.json'));
    pruned = execFileSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], {
      cwd: opt,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

    // 2. this site: the outside systems (simulators with non-default credentials), RabbitMQ users, files under /etc
    // The departments' CA stands for the province's: keys made for this site only, so production accepts it as the
    // trust anchors (the simulator's published test PKI, whose keys every checkout has, is refused there).
    ioffice = await startIofficeSimulator({
      port: 0,
      credentials: { systemId: `ubnd-${id}`, secret: `ioffice-${randomBytes(8).toString('hex')}` },
      pkiDir: join(base, 'pki'),
      pkiOrganization: `So Thong tin va Truyen thong Lang Son ${id}`,
      log: () => undefined,
    });
    for (const service of SERVICES) ports[service] = await freePort();
    centerPort = await freePort();
    const postalClient = {
      clientId: `trung-tam-${id}`,
      clientSecret: `postal-${randomBytes(8).toString('hex')}`,
      webhookSecret: `webhook-${randomBytes(8).toString('hex')}`,
    };
    postal = await startPostalSimulator({
      port: 0,
      ...postalClient,
      webhookUrl: `http://127.0.0.1:${ports.console}/postal/webhook`,
      stepIntervalMs: 50,
      log: () => undefined,
    });
    const shipped = JSON.parse(readFileSync(join(opt, 'dist', 'deploy', 'rabbitmq', 'definitions.json'), 'utf8')) as {
      users: Array<{ name: string }>;
      permissions: Array<{ user: string; vhost: string }>;
      topic_permissions: Array<{ user: string; vhost: string }>;
      exchanges: Array<{ vhost: string }>;
    };
    const rename = <T extends { vhost: string; user?: string }>(x: T): T => ({
      ...x,
      vhost,
      ...(x.user ? { user: rabbitUser(x.user) } : {}),
    });
    mkdirSync(etc, { recursive: true });
    const definitionsFile = join(etc, 'rabbitmq-definitions.json');
    writeFileSync(
      definitionsFile,
      JSON.stringify({
        ...shipped,
        vhosts: [{ name: vhost }],
        users: shipped.users.map((u) => ({ ...u, name: rabbitUser(u.name) })),
        permissions: shipped.permissions.map(rename),
        topic_permissions: shipped.topic_permissions.map(rename),
        exchanges: shipped.exchanges.map(rename),
      }),
    );
    for (const u of shipped.users) passwords[u.name] = `${u.name}-${randomBytes(8).toString('hex')}`;
    const passwordsFile = join(etc, 'rabbitmq-passwords.yaml');
    writeFileSync(
      passwordsFile,
      Object.entries(passwords)
        .map(([name, pw]) => `${rabbitUser(name)}: ${pw}\n`)
        .join(''),
      { mode: 0o600 },
    );

    for (const name of ['common', ...SERVICES] as const)
      templates[name] = readEnvironmentFile(join(opt, 'dist', 'deploy', 'env', `${name}.env`));
    const amqpUrl = (user: string): string => `amqp://${rabbitUser(user)}:${passwords[user]}@${AMQP_HOST}/${vhost}`;
    const consoleUsers = join(etc, 'console-users.yaml');
    writeFileSync(
      consoleUsers,
      `users:\n  - username: quan.tri\n    passwordHash: "${hashSync('mật-khẩu-quản-trị', 4)}"\n    role: admin\n`,
    );
    // The shipped table, each archive batch closed at its first dossier so that the handover happens within the test.
    const table = parseYaml(readFileSync(join(opt, 'dist', 'config', 'departments.yaml'), 'utf8')) as {
      departments: Array<SystemDepartment & { archive: { maxBatch: number } }>;
    };
    for (const d of table.departments) d.archive.maxBatch = 1;
    departments = table.departments;
    writeFileSync(join(etc, 'departments.yaml'), stringifyYaml(table));
    const sealKey = randomBytes(32).toString('hex');
    // The address other machines reach the two document writers at (their templates listen on every interface).
    const host = machineAddress();
    const site: Record<Service | 'common', Record<string, string>> = {
      common: { DATABASE_URL: databaseUrl, SERVICE_TOKEN: randomBytes(32).toString('hex') },
      orchestrator: {
        HTTP_PORT: String(ports.orchestrator),
        AMQP_URL: amqpUrl('lienthong-orchestrator'),
        PUBLIC_BASE_URL: `http://${host}:${ports.orchestrator}`,
        DOCUMENT_HOSTS: `127.0.0.1:${centerPort}`,
        VERDICT_SEAL_KEY: sealKey,
      },
      'ioffice-adapter': {
        HTTP_PORT: String(ports['ioffice-adapter']),
        AMQP_URL: amqpUrl('lienthong-ioffice-adapter'),
        PUBLIC_BASE_URL: `http://${host}:${ports['ioffice-adapter']}`,
        ORCHESTRATOR_URL: `http://${host}:${ports.orchestrator}`,
        VERDICT_SEAL_KEY: sealKey,
        IOFFICE_URL: ioffice.url,
        IOFFICE_SYSTEM_ID: `ubnd-${id}`,
        IOFFICE_SECRET: ioffice.credentials.secret,
        IOFFICE_POLL_MS: '200',
        // The simulator's certificates name no CRL or OCSP responder, so no status could ever be known: required
        // (the template's) would hold every decision; revocation itself is tested in the adapter's own suites.
        TRUST_REVOCATION: 'when-published',
      },
      'postal-adapter': {
        HTTP_PORT: String(ports['postal-adapter']),
        AMQP_URL: amqpUrl('lienthong-postal-adapter'),
        POSTAL_URL: postal.url,
        POSTAL_CLIENT_ID: postalClient.clientId,
        POSTAL_CLIENT_SECRET: postalClient.clientSecret,
        POSTAL_WEBHOOK_SECRET: postalClient.webhookSecret,
      },
      console: {
        HTTP_PORT: String(ports.console),
        AMQP_URL: amqpUrl('lienthong-console'),
        RABBITMQ_MANAGEMENT_URL: ADMIN_URL.replace(/\/\/[^@]*@/, `//${rabbitUser('lienthong-console')}:${passwords['lienthong-console']}@`),
        POSTAL_ADAPTER_URL: `http://127.0.0.1:${ports['postal-adapter']}`,
        CONSOLE_SESSION_SECRET: randomBytes(32).toString('hex'),
      },
    };
    for (const name of ['common', ...SERVICES] as const) {
      for (const key of Object.keys(site[name]))
        if (!(key in templates[name]))
          throw new Error(`deploy/env/${name}.env has no ${key}: the template must name every setting a site fills`);
      const values = { ...templates[name], ...site[name] };
      const left = Object.entries(values).filter(([, v]) => v.includes('CHANGE-ME'));
      if (left.length)
        throw new Error(`deploy/env/${name}.env: ${left.map(([k]) => k).join(', ')} still CHANGE-ME after this site's values`);
      writeFileSync(
        join(etc, `${name}.env`),
        environmentFileText(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, local(v)]))),
        { mode: 0o640 },
      );
    }
    writeFileSync(join(etc, 'trust-anchors.pem'), readFileSync(ioffice.trustAnchorsFile));
    const setup = spawnSync(
      process.execPath,
      [
        join(opt, 'dist', 'apps', 'console', 'src', 'cli.js'),
        'rabbitmq',
        'setup',
        '--definitions',
        definitionsFile,
        '--passwords',
        passwordsFile,
      ],
      {
        cwd: opt,
        env: { PATH: process.env.PATH, RABBITMQ_ADMIN_URL: ADMIN_URL },
        encoding: 'utf8',
      },
    );
    if (setup.status !== 0) throw new Error(`ops -- rabbitmq setup failed:\n${setup.stdout}\n${setup.stderr}`);

    // 3. each service as its unit starts it
    for (const service of SERVICES) {
      const unit = readUnit(join(opt, 'dist', 'deploy', 'systemd', `lienthong-${service}.service`));
      const [command, ...args] = unit.one('ExecStart').split(/\s+/).map(local);
      const child = spawn(command, args, {
        cwd: local(unit.one('WorkingDirectory')),
        env: serviceEnv(service),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      logs.set(service, lines);
      children.set(service, child);
      exits.set(service, new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal))));
      createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
      createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
    }
    for (const service of SERVICES) {
      await eventually(
        `${service} ready on ${ports[service]}`,
        async () => {
          if (children.get(service)!.exitCode !== null) throw new Error(`${service} exited:\n${logs.get(service)!.slice(-20).join('\n')}`);
          return (await fetch(`http://127.0.0.1:${ports[service]}/health/ready`).catch(() => undefined))?.status === 200;
        },
        120_000,
        250,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${service}'s last lines:\n${logs.get(service)!.slice(-15).join('\n')}`);
      });
    }
  }, 600_000);

  afterAll(async () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
    await center?.close().catch(() => undefined);
    await onestop?.close().catch(() => undefined);
    await postal?.close().catch(() => undefined);
    await ioffice?.close().catch(() => undefined);
    const admin = new URL(ADMIN_URL);
    const auth = `Basic ${Buffer.from(`${decodeURIComponent(admin.username)}:${decodeURIComponent(admin.password)}`).toString('base64')}`;
    for (const path of [
      `vhosts/${encodeURIComponent(vhost)}`,
      ...Object.keys(passwords).map((u) => `users/${encodeURIComponent(rabbitUser(u))}`),
    ]) {
      await fetch(`${admin.origin}/api/${path}`, { method: 'DELETE', headers: { authorization: auth } }).catch(() => undefined);
    }
    await dropTestSchema(databaseUrl);
    rmSync(base, { recursive: true, force: true });
  });

  it('holds production dependencies only: no compiler, no test tools, no simulator-only library', () => {
    expect(pruned).toMatch(/removed \d+ packages/);
    const present = (name: string): boolean => existsSync(join(opt, 'node_modules', name, 'package.json'));
    for (const dev of ['typescript', 'ts-node', 'jest', 'node-forge', '@nestjs/testing', 'dependency-cruiser'])
      expect([dev, present(dev)]).toEqual([dev, false]);
    for (const runtime of ['@nestjs/core', 'better-sqlite3', 'pg', 'amqplib', 'pdfkit'])
      expect([runtime, present(runtime)]).toEqual([runtime, true]);
  });

  it('ships the files the services read beside the code (UI, fonts, department table, deploy files, migrations manifest)', () => {
    for (const file of [
      'apps/console/public/index.html',
      'apps/console/public/i18n/vi.json',
      'assets/fonts/DejaVuSans.ttf',
      'config/departments.yaml',
      'deploy/rabbitmq/definitions.json',
      'migrations.json',
    ]) {
      expect([file, existsSync(join(opt, 'dist', file))]).toEqual([file, true]);
    }
  });

  it('gives each service its own port, the one the launcher gives it', () => {
    const launcher = Object.fromEntries(launcherServices({}).map((s) => [s.name, s.env.HTTP_PORT]));
    expect(Object.fromEntries(SERVICES.map((s) => [s, templates[s].HTTP_PORT]))).toEqual({
      orchestrator: '3001',
      'ioffice-adapter': '3002',
      'postal-adapter': '3003',
      console: '3000',
    });
    for (const service of SERVICES) expect([service, templates[service].HTTP_PORT]).toEqual([service, launcher[service]]);
  });

  it('refuses to start from its unit, in production, while a value is still CHANGE-ME or PUBLIC_BASE_URL is loopback: one JSON line each, naming the variable', () => {
    const unit = readUnit(join(opt, 'dist', 'deploy', 'systemd', 'lienthong-orchestrator.service'));
    const [command, ...args] = unit.one('ExecStart').split(/\s+/).map(local);
    const env = {
      ...serviceEnv('orchestrator'),
      VERDICT_SEAL_KEY: templates.orchestrator.VERDICT_SEAL_KEY,
      PUBLIC_BASE_URL: `http://127.0.0.1:${ports.orchestrator}`,
    };
    const run = spawnSync(command, args, { cwd: local(unit.one('WorkingDirectory')), env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    const records = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(records.map((r) => [r.level, r.service, r.code, /^cannot start: (\w+)/.exec(r.message)?.[1]])).toEqual([
      ['fatal', 'orchestrator', 'CONFIG.REFUSED_IN_PRODUCTION', 'PUBLIC_BASE_URL'],
      ['fatal', 'orchestrator', 'CONFIG.PLACEHOLDER', 'VERDICT_SEAL_KEY'],
    ]);
  });

  it('lets each service write its documents where the unit allows it (BLOB_DIR among ReadWritePaths=)', async () => {
    for (const service of ['orchestrator', 'ioffice-adapter'] as const) {
      const unit = readUnit(join(opt, 'dist', 'deploy', 'systemd', `lienthong-${service}.service`));
      const writable = unit.all('ReadWritePaths').flatMap((v) => v.split(/\s+/));
      expect(writable).toContain(templates.common.BLOB_DIR);
      const body = (await (await fetch(`http://127.0.0.1:${ports[service]}/health/ready`)).json()) as {
        info: Record<string, { status: string; dir: string }>;
      };
      expect(body.info.blobDir).toMatchObject({ status: 'up', dir: local(templates.common.BLOB_DIR) });
    }
  });

  it('carries one dossier through every service, each with its own user, from the one-stop system to ARCHIVED', async () => {
    // The Center's system, connected as `onestop`: it checks the exchange passively, binds its inbox to the contract's
    // announcements, serves the documents the orchestrator fetches, and reacts to what the bus announces.
    center = await startOnestopSimulator({
      amqpUrl: `amqp://${rabbitUser('onestop')}:${passwords.onestop}@${AMQP_HOST}/${vhost}`,
      port: centerPort,
      departmentsFile: join(etc, 'departments.yaml'),
      seed: 12,
      log: () => undefined,
      behaviour: { ratePerMinute: 0, appraisalMs: 20, stepMs: 20, supplementP: 0, rejectP: 0, withdrawP: 0, nfdP: 0 },
    });
    // SKHĐT signs online: the decision comes back signed from iOffice; the result goes by post, the archive copy and the
    // batch's manifest to the department, the batch itself by post (orchestrator steps, both adapters, the console's
    // webhook entry, every exchange).
    const department = departmentNamed(departments, 'SKHĐT');
    expect(department.approval).toBe('online');
    const address = {
      recipient: 'Nông Thị Thu',
      phone: '0915123456',
      line: 'Số 12 đường Trần Phú',
      ward: 'Phường Tam Thanh',
      province: 'Lạng Sơn',
      provinceCode: '20',
    };
    const { dossierCode, routed } = await center.submit(
      { agencyCode: department.agencyCode, returnMethod: 'postal', deliveryAddress: address },
      { outcome: 'approve' },
    );
    expect(routed).toBe(true);
    const stages = (): string[] => center!.state().dossiers.find((d) => d.dossierCode === dossierCode)?.stages ?? [];
    await eventually(`${dossierCode} ARCHIVED (now: ${stages().join(' ')})`, () => stages().includes('ARCHIVED'), 120_000, 100);
    expect(stages()).toEqual([
      'RECEIVED',
      'AWAITING_APPROVAL',
      'SENT_FOR_SIGNING',
      'SIGNED',
      'NUMBERED',
      'READY_FOR_ISSUE',
      'ISSUED',
      'DELIVERY_ORDERED',
      'DELIVERED',
      'AWAITING_HANDOVER',
      'HANDOVER_DISPATCHED',
      'HANDOVER_DELIVERED',
      'ARCHIVED',
    ]);
    const view = center.state().dossiers.find((d) => d.dossierCode === dossierCode)!;
    expect(view.documentNumber).toMatch(/^\d+\/[^/-]+-SKHĐT$/);
    expect(view.rejections).toEqual([]);
    expect(postal.orders().map((o: { orderNumber: string }) => o.orderNumber)).toEqual(
      expect.arrayContaining([`KQ-${dossierCode}`, expect.stringMatching(/^LT-SKHDT-/)]),
    );
  }, 150_000);

  it('carries a refusal back to the one-stop system through the least-privilege users', async () => {
    onestop = await amqp.connect(`amqp://${rabbitUser('onestop')}:${passwords.onestop}@${AMQP_HOST}/${vhost}`);
    const channel = await onestop.createConfirmChannel();
    const messageId = rejectedId;
    channel.publish(
      'lienthong.events',
      'onestop.dossier.received',
      Buffer.from(JSON.stringify({ dossierCode: `000.00.12.H36-260415-${id}` })),
      {
        messageId,
        type: 'onestop.dossier.received',
        appId: 'onestop',
        contentType: 'application/json',
        persistent: true,
        headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION },
      },
    );
    await channel.waitForConfirms();
    await eventually('lienthong.message-rejected on onestop.inbox', () =>
      center!.rejected().some((r) => r.rejectedMessageId === messageId),
    );
    expect(center!.rejected().find((r) => r.rejectedMessageId === messageId)).toMatchObject({
      routingKey: 'onestop.dossier.received',
      producer: 'onestop',
    });
  });

  it("runs the operators' CLI from the package: migrations status finds every service up to date, the dead letter is listed", () => {
    const status = ops('migrations', 'status', '--json');
    expect([status.status, status.stderr]).toEqual([0, '']);
    const parsed = JSON.parse(status.stdout) as {
      services: Array<{ service: string; pending: string[]; applied: unknown[] }>;
      unknown: unknown[];
    };
    expect(parsed.services.map((s) => s.service).sort()).toEqual([...SERVICES].sort());
    for (const s of parsed.services) expect([s.service, s.pending, s.applied.length > 0]).toEqual([s.service, [], true]);
    expect(parsed.unknown).toEqual([]);
    const list = ops('dead-letters', 'list', '--json', '--type', 'onestop.dossier.received');
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { items: Array<{ messageId: string }> }).items.map((d) => d.messageId)).toContain(rejectedId);
  });

  it('lets the console read queue depths through the management API and every heartbeat on lienthong.ops, as its own user', async () => {
    const login = await fetch(`http://127.0.0.1:${ports.console}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'quan.tri', password: 'mật-khẩu-quản-trị' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const queues = (await (await fetch(`http://127.0.0.1:${ports.console}/api/queues`, { headers: { cookie } })).json()) as {
      source: string;
      managementError?: string;
      queues: Array<{ name: string }>;
    };
    expect([queues.source, queues.managementError]).toEqual(['management', undefined]);
    expect(queues.queues.map((q) => q.name)).toContain('lienthong.orchestrator');
    // each service publishes its heartbeat as its own user; the console binds heartbeat.# to a server-named queue
    const overview = (await (await fetch(`http://127.0.0.1:${ports.console}/api/overview`, { headers: { cookie } })).json()) as {
      services: Array<{ service: string; status: string }>;
    };
    expect(overview.services.map((s) => s.service).sort()).toEqual([...SERVICES].sort());
  });

  it('logs one JSON object per line naming its service, with no colour codes and no password', () => {
    for (const service of SERVICES) {
      const lines = logs.get(service)!;
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) {
        expect([service, line, /\x1b\[/.test(line)]).toEqual([service, line, false]);
        const record = JSON.parse(line) as Record<string, unknown>;
        expect([line, record.service, typeof record.level, typeof record.message]).toEqual([line, service, 'string', 'string']);
        for (const secret of Object.values(passwords)) expect(line).not.toContain(secret);
        // the broker never refused a service anything: its user may do all that its code did during the whole path
        expect([service, line, /ACCESS[_-]REFUSED/.test(line)]).toEqual([service, line, false]);
      }
    }
    // the orchestrator's line about the refused message carries its id as a field (found in the message text)
    expect(logs.get('orchestrator')!.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ level: 'warn', context: 'ConsumePipeline', messageId: rejectedId }),
    );
  });

  it('stops every service cleanly on SIGTERM, as systemctl stop does: in-flight work settled, then ended by the signal', async () => {
    for (const child of children.values()) child.kill('SIGTERM');
    const ends = await Promise.all(SERVICES.map(async (service) => [service, await exits.get(service)] as const));
    // Nest re-raises the signal after its shutdown hooks; systemd counts an end by SIGTERM as clean.
    expect(ends).toEqual(SERVICES.map((service) => [service, 'SIGTERM']));
    for (const service of SERVICES) {
      expect([service, logs.get(service)!.some((l) => l.includes('stopped: in-flight work settled, outbox flushed'))]).toEqual([
        service,
        true,
      ]);
    }
  }, 60_000);
});
