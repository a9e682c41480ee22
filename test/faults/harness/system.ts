import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import { parse, stringify } from 'yaml';
import { TcpProxy } from './proxy';

const exec = promisify(execFile);

export const ROOT = resolve(__dirname, '../../..');
export const BUS_SERVICES = ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console'] as const;
export type BusService = (typeof BUS_SERVICES)[number];
export const SIMULATORS = ['sim-onestop', 'sim-ioffice', 'sim-postal'] as const;
export type Simulator = (typeof SIMULATORS)[number];
export type ProcessName = BusService | Simulator;

/** The broker and database the fault runs use unless told otherwise: the helper's own vhost and database. */
export const FAULTS_AMQP_URL =
  process.env.FAULTS_AMQP_URL ?? process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672/lienthong-test';
export const FAULTS_POSTGRES_URL =
  process.env.FAULTS_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** How one run's system is made; every field has a default (see `defaults` in `startSystem`). */
export interface SystemOptions {
  /** A short name, used in temp-dir, schema and log names. */
  readonly name: string;
  /** First of ~40 consecutive ports the run uses (simulators, services, proxies). */
  readonly basePort: number;
  /** Where the built package is (`<distRoot>/apps/...`); default `<repo>/dist`. */
  readonly distRoot?: string;
  /** `AMQP_URL` of every process (a comma-separated list for a cluster). */
  readonly amqpUrl?: string;
  /** `AMQP_QUEUE_TYPE` of the bus services (classic by default; quorum on a cluster). */
  readonly queueType?: 'classic' | 'quorum';
  /** Each bus service's database: a SQLite file per service in the data dir, or a schema per service in PostgreSQL. */
  readonly database?: 'sqlite' | 'postgres';
  /** The PostgreSQL server/database for `database: 'postgres'` (a schema per service is made in it). */
  readonly postgresUrl?: string;
  /** Instances per bus service (default 1 each; console 0: it is optional). Two instances share the service's database. */
  readonly instances?: Partial<Record<BusService, 0 | 1 | 2>>;
  /** Added to every process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Added to one process's environment (after `env`). */
  readonly processEnv?: Partial<Record<ProcessName, Readonly<Record<string, string>>>>;
  /** Where blobs live (default `<dataDir>/blobs`): a full-disk fault mounts something small here. */
  readonly blobDir?: string;
  /** Where the databases (SQLite), logs and the department table live (default: a new temp dir). */
  readonly dataDir?: string;
  /** Archive batch size of every department (small, so that batches fill and are dispatched mid-run). */
  readonly maxBatch?: number;
  /**
   * Every department's archive cutoff at the first whole minute (Vietnam time) at least this long after the system is
   * made, so that the cutoff schedulers close open batches mid-run; default: 23:59 (batches close by size and by the
   * workload's dispatch at the end).
   */
  readonly cutoffAfterMs?: number;
  /**
   * Arguments put before every `rabbitmqctl` command of the harness (listing and deleting the vhost's queues, closing
   * connections), e.g. `['-n', 'rabbit-a@localhost']` for a broker node of a scenario's own; default none (the local node).
   */
  readonly rabbitmqctlArgs?: readonly string[];
}

/** One OS process of the system (a simulator, or one instance of a bus service). */
export class Proc {
  child: ChildProcess | undefined;
  /** Times started. */
  starts = 0;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: ProcessName,
    readonly instance: number,
    readonly port: number,
    readonly entry: string,
    readonly env: Record<string, string>,
    readonly logFile: string,
  ) {}

  get label(): string {
    return this.instance > 0 ? `${this.name}#${this.instance}` : this.name;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.running) throw new Error(`${this.label} is already running`);
    const fd = openSync(this.logFile, 'a');
    writeSync(fd, `\n===== ${new Date().toISOString()} start #${++this.starts} of ${this.label} =====\n`);
    const child = spawn(process.execPath, [this.entry], { cwd: ROOT, env: this.env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
  }

  /** Sends a signal (SIGKILL by default) and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    await this.waitExit(signal === 'SIGKILL' ? 10_000 : 20_000);
  }

  async waitExit(timeoutMs: number): Promise<void> {
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout' && this.running) {
      this.child!.kill('SIGKILL');
      await this.exited;
    }
  }

  /** The last `lines` lines of its log. */
  tail(lines = 40): string {
    if (!existsSync(this.logFile)) return '';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

/** Ports of a run, from `basePort`. */
export function portsOf(basePort: number) {
  return {
    onestop: basePort,
    /** Fronts (proxies): what everything else is told to use. */
    ioffice: basePort + 1,
    postal: basePort + 2,
    front: { orchestrator: basePort + 3, 'ioffice-adapter': basePort + 4, 'postal-adapter': basePort + 5, console: basePort + 6 } as Record<
      BusService,
      number
    >,
    /** Where the simulators really listen. */
    iofficeReal: basePort + 7,
    postalReal: basePort + 8,
    /** Where instance `i` (1, 2) of a bus service really listens. */
    instance: (service: BusService, i: number) => basePort + 10 + BUS_SERVICES.indexOf(service) * 2 + (i - 1),
  };
}

/** The secrets production requires, new for every run. */
function secrets(): Record<string, string> {
  return { SERVICE_TOKEN: randomBytes(32).toString('hex'), VERDICT_SEAL_KEY: randomBytes(32).toString('hex') };
}

/** The departments the workload uses (a mix of the shipped table: online and at-center, by post or not, incl. Đ). */
export const WORKLOAD_AGENCIES = ['000.00.05.H36', '000.00.08.H36', '000.00.04.H36', '000.00.13.H36', '000.00.16.H36', '000.00.09.H36'];

/**
 * A running system: three simulators and each bus service as its own OS process from the built `dist/`, every HTTP
 * address behind a `TcpProxy` (so a simulator can be made unreachable and two instances sit behind one address).
 */
export class System {
  readonly procs: Proc[] = [];
  readonly proxies = new Map<string, TcpProxy>();
  readonly ports: ReturnType<typeof portsOf>;
  readonly dataDir: string;
  readonly amqpUrl: string;
  readonly serviceToken: string;
  readonly schemas: string[] = [];
  /** Every department's archive cutoff (HH:MM in Vietnam): `cutoffAfterMs` from now rounded up to a minute, else 23:59. */
  readonly cutoff: string = '23:59';
  private readonly ownsDataDir: boolean;

  constructor(readonly options: SystemOptions) {
    this.ports = portsOf(options.basePort);
    this.ownsDataDir = !options.dataDir;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `lienthong-faults-${options.name}-`));
    this.amqpUrl = options.amqpUrl ?? FAULTS_AMQP_URL;
    mkdirSync(join(this.dataDir, 'logs'), { recursive: true });
    const secret = secrets();
    this.serviceToken = secret.SERVICE_TOKEN;
    const dist = options.distRoot ?? join(ROOT, 'dist');
    const blobDir = options.blobDir ?? join(this.dataDir, 'blobs');
    const departmentsFile = this.writeDepartments(options.maxBatch ?? 3, options.cutoffAfterMs);
    const pkiDir = join(tmpdir(), 'lienthong-faults-pki');
    const p = this.ports;
    const common: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      TZ: 'Asia/Ho_Chi_Minh',
      NODE_ENV: 'development',
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'json',
      AMQP_URL: this.amqpUrl,
      ...(options.queueType ? { AMQP_QUEUE_TYPE: options.queueType } : {}),
      DEPARTMENTS_FILE: departmentsFile,
      BLOB_DIR: blobDir,
      TRUST_ANCHORS: join(pkiDir, 'ca.pem'),
      ...secret,
      DOCUMENT_HOSTS: `127.0.0.1:${p.onestop}`,
      POSTAL_CLIENT_ID: 'lienthong',
      POSTAL_CLIENT_SECRET: 'lienthong-secret',
      POSTAL_WEBHOOK_SECRET: 'lienthong-webhook-secret',
      HEARTBEAT_INTERVAL_MS: '2000',
      ...options.env,
    };
    const sims: Record<Simulator, Record<string, string>> = {
      'sim-onestop': {
        ONESTOP_SIM_PORT: String(p.onestop),
        ONESTOP_SIM_QUEUE: 'onestop.inbox',
        ONESTOP_SIM_RATE: '0',
        ONESTOP_SIM_APPRAISAL_MS: '1000',
        ONESTOP_SIM_STEP_MS: '1000',
        ONESTOP_SIM_SUPPLEMENT_P: '0',
        ONESTOP_SIM_REJECT_P: '0',
        ONESTOP_SIM_WITHDRAW_P: '0',
        ONESTOP_SIM_SEED: '2026',
      },
      'sim-ioffice': { IOFFICE_SIM_PORT: String(p.iofficeReal), IOFFICE_SIM_STEP_DELAY_MS: '1500', IOFFICE_SIM_PKI_DIR: pkiDir },
      'sim-postal': {
        POSTAL_SIM_PORT: String(p.postalReal),
        POSTAL_SIM_STEP_MS: '1500',
        POSTAL_SIM_SEED: '2026',
        POSTAL_WEBHOOK_URL: `http://127.0.0.1:${p.front['postal-adapter']}/postal/webhook`,
      },
    };
    for (const sim of SIMULATORS) {
      const port = sim === 'sim-onestop' ? p.onestop : sim === 'sim-ioffice' ? p.iofficeReal : p.postalReal;
      this.procs.push(
        new Proc(
          sim,
          0,
          port,
          join(dist, 'apps', sim, 'src', 'main.js'),
          { ...common, ...sims[sim], ...options.processEnv?.[sim] },
          join(this.dataDir, 'logs', `${sim}.log`),
        ),
      );
    }
    const instances = { orchestrator: 1, 'ioffice-adapter': 1, 'postal-adapter': 1, console: 0, ...options.instances };
    for (const service of BUS_SERVICES) {
      const n = instances[service];
      if (n === 0) continue;
      const own: Record<string, string> = {
        DATABASE_URL: this.databaseUrl(service),
        PUBLIC_BASE_URL: `http://127.0.0.1:${p.front[service]}`,
        ...(service === 'ioffice-adapter'
          ? {
              IOFFICE_URL: `http://127.0.0.1:${p.ioffice}/EdocService`,
              IOFFICE_POLL_MS: '300',
              ORCHESTRATOR_URL: `http://127.0.0.1:${p.front.orchestrator}`,
            }
          : {}),
        ...(service === 'postal-adapter' ? { POSTAL_URL: `http://127.0.0.1:${p.postal}`, POSTAL_POLL_INTERVAL_MS: '5000' } : {}),
        ...(service === 'console'
          ? {
              POSTAL_ADAPTER_URL: `http://127.0.0.1:${p.front['postal-adapter']}`,
              ORCHESTRATOR_URL: `http://127.0.0.1:${p.front.orchestrator}`,
              ONESTOP_SIM_PORT: String(p.onestop),
            }
          : {}),
      };
      for (let i = 1; i <= n; i++) {
        const port = p.instance(service, i);
        this.procs.push(
          new Proc(
            service,
            n > 1 ? i : 0,
            port,
            join(dist, 'apps', service, 'src', 'main.js'),
            { ...common, ...own, HTTP_PORT: String(port), ...options.processEnv?.[service] },
            join(this.dataDir, 'logs', `${service}${n > 1 ? `-${i}` : ''}.log`),
          ),
        );
      }
      this.proxies.set(
        service,
        new TcpProxy(
          p.front[service],
          Array.from({ length: n }, (_, k) => p.instance(service, k + 1)),
        ),
      );
    }
    this.proxies.set('sim-ioffice', new TcpProxy(p.ioffice, [p.iofficeReal]));
    this.proxies.set('sim-postal', new TcpProxy(p.postal, [p.postalReal]));
  }

  /** Every instance of a process, or one (`instance` 0 = the only one, 1/2 with two). */
  proc(name: ProcessName, instance?: number): Proc {
    const found = this.procs.filter((x) => x.name === name && (instance === undefined || x.instance === instance));
    if (found.length === 0) throw new Error(`no process ${name}${instance ? `#${instance}` : ''} in this system`);
    return found[0];
  }

  instancesOf(name: ProcessName): Proc[] {
    return this.procs.filter((x) => x.name === name);
  }

  get busProcs(): Proc[] {
    return this.procs.filter((x) => (BUS_SERVICES as readonly string[]).includes(x.name));
  }

  url(what: 'onestop' | 'ioffice' | 'postal' | BusService): string {
    const p = this.ports;
    if (what === 'onestop') return `http://127.0.0.1:${p.onestop}`;
    if (what === 'ioffice') return `http://127.0.0.1:${p.iofficeReal}`; // admin API: never cut
    if (what === 'postal') return `http://127.0.0.1:${p.postalReal}`;
    return `http://127.0.0.1:${p.front[what]}`;
  }

  /** Starts everything from nothing (queues of the vhost emptied first) and waits until every process answers. */
  async start(): Promise<void> {
    await resetVhost(this.amqpUrl, this.options.rabbitmqctlArgs);
    for (const proxy of this.proxies.values()) await proxy.start();
    this.proc('sim-ioffice').start(); // first: it makes the test PKI the others trust
    await waitHttp(`${this.url('ioffice')}/EdocService?wsdl`, 90_000, this.proc('sim-ioffice'));
    for (const sim of ['sim-postal', 'sim-onestop'] as const) this.proc(sim).start();
    for (const x of this.busProcs) x.start();
    await Promise.all([
      waitHttp(`${this.url('onestop')}/_admin/state`, 90_000, this.proc('sim-onestop')),
      waitHttp(`${this.url('postal')}/_admin/health`, 90_000, this.proc('sim-postal')),
      ...this.busProcs.map((x) => this.waitReady(x)),
    ]);
  }

  /** Resolves once the process's health endpoint says ready. */
  waitReady(x: Proc, timeoutMs = 120_000): Promise<void> {
    if (x.name === 'sim-ioffice') return waitHttp(`${this.url('ioffice')}/EdocService?wsdl`, timeoutMs, x);
    if (x.name === 'sim-postal') return waitHttp(`${this.url('postal')}/_admin/health`, timeoutMs, x);
    if (x.name === 'sim-onestop') return waitHttp(`${this.url('onestop')}/_admin/state`, timeoutMs, x);
    return waitHttp(`http://127.0.0.1:${x.port}/health/ready`, timeoutMs, x);
  }

  /** Kills one process (SIGKILL unless told) and does not start it again. */
  kill(name: ProcessName, instance?: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.proc(name, instance).kill(signal);
  }

  /** Starts a stopped process again with the same environment (port, database, data) and waits until it is ready. */
  async restart(name: ProcessName, instance?: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const x = this.proc(name, instance);
    await x.kill(signal);
    x.start();
    await this.waitReady(x);
  }

  /** Makes a simulator or a service unreachable at its address (the process keeps running), or reachable again. */
  async cut(name: 'sim-ioffice' | 'sim-postal' | BusService): Promise<void> {
    await this.proxies.get(name)!.cut();
  }

  async restore(name: 'sim-ioffice' | 'sim-postal' | BusService): Promise<void> {
    await this.proxies.get(name)!.restore();
  }

  /** Closes, from the broker's side, every connection of this run's vhost named `connectionName` (e.g. `lienthong-orchestrator`). */
  closeConnections(connectionName: string): Promise<number> {
    return closeConnections(this.amqpUrl, connectionName, undefined, this.options.rabbitmqctlArgs);
  }

  /** Processes that died on their own (not killed by the harness), with their exit. */
  crashed(): string[] {
    return this.procs
      .filter((x) => x.child && !x.running && x.child.signalCode !== 'SIGKILL' && x.child.signalCode !== 'SIGTERM')
      .map((x) => `${x.label} exited ${x.child!.exitCode ?? x.child!.signalCode}`);
  }

  /** The ends of every log, for a failure report. */
  logTails(lines = 25): string {
    return this.procs.map((x) => `--- ${x.label} (${x.logFile}) ---\n${x.tail(lines)}`).join('\n');
  }

  /** Stops everything (SIGTERM, then SIGKILL), closes the proxies, deletes the vhost's queues, drops the run's PostgreSQL schemas; keeps the logs when `keep`. */
  async stop(keep = false): Promise<void> {
    await Promise.all(this.procs.map((x) => x.kill('SIGTERM')));
    for (const proxy of this.proxies.values()) await proxy.close();
    // Nothing of this run stays in the vhost for whatever uses it next (the e2e suites expect empty queues).
    await resetVhost(this.amqpUrl, this.options.rabbitmqctlArgs).catch(() => undefined);
    if (this.schemas.length) await dropSchemas(this.options.postgresUrl ?? FAULTS_POSTGRES_URL, this.schemas).catch(() => undefined);
    if (!keep && this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private databaseUrl(service: BusService): string {
    if ((this.options.database ?? 'sqlite') === 'sqlite') return `sqlite:${join(this.dataDir, `${service}.db`)}`;
    // A PostgreSQL identifier is at most 63 characters: the run's name is in the logs, not in the schema.
    const schema = `faults_${randomBytes(4).toString('hex')}_${service.replace(/-/g, '_')}`;
    this.schemas.push(schema);
    const url = new URL(this.options.postgresUrl ?? FAULTS_POSTGRES_URL);
    url.searchParams.set('schema', schema);
    return url.toString();
  }

  private writeDepartments(maxBatch: number, cutoffAfterMs?: number): string {
    const table = parse(readFileSync(join(ROOT, 'config/departments.yaml'), 'utf8')) as {
      departments: Array<{ archive: { cutoff: string; maxBatch: number } }>;
    };
    const cutoff = cutoffAfterMs === undefined ? '23:59' : vietnamMinute(Math.ceil((Date.now() + cutoffAfterMs) / 60_000) * 60_000);
    (this as { cutoff: string }).cutoff = cutoff;
    for (const d of table.departments) {
      d.archive.cutoff = cutoff; // batches go by maxBatch and at the cutoff; the rest are dispatched by the workload at the end
      d.archive.maxBatch = maxBatch;
    }
    const file = join(this.dataDir, 'departments.yaml');
    writeFileSync(file, stringify(table));
    return file;
  }
}

/** Starts a system and returns it; stops what started when start-up fails. */
export async function startSystem(options: SystemOptions): Promise<System> {
  const system = new System(options);
  try {
    await system.start();
  } catch (error) {
    const tails = system.logTails(15);
    await system.stop(true);
    throw new Error(`${(error as Error).message}\nlogs in ${system.dataDir}\n${tails}`);
  }
  return system;
}

/** HH:MM of an instant in Vietnam (UTC+7, no daylight saving); 23:59 when the minute would wrap past midnight. */
function vietnamMinute(ms: number): string {
  const local = new Date(ms + 7 * 3_600_000);
  const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  return hhmm < '00:05' ? '23:59' : hhmm;
}

export async function waitHttp(url: string, timeoutMs: number, proc?: Proc): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (proc && proc.child && !proc.running)
      throw new Error(`${proc.label} exited (${proc.child.exitCode ?? proc.child.signalCode}) before ${url} answered:\n${proc.tail(20)}`);
    if (Date.now() > deadline) throw new Error(`${url} did not come up in ${timeoutMs} ms`);
    await sleep(300);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The virtual host of an AMQP URL (`/` when none). */
export function vhostOf(amqpUrl: string): string {
  const path = new URL(amqpUrl.split(',')[0].trim()).pathname;
  return path.length > 1 ? decodeURIComponent(path.slice(1)) : '/';
}

/** Deletes every queue of the run's virtual host, so that nothing from an earlier run is delivered in this one. */
export async function resetVhost(amqpUrl: string, ctlArgs: readonly string[] = []): Promise<void> {
  const vhost = vhostOf(amqpUrl);
  const { stdout } = await exec('rabbitmqctl', [...ctlArgs, '-q', 'list_queues', '-p', vhost, 'name', '--no-table-headers'], {
    timeout: 60_000,
  }).catch(() => ({ stdout: '' }));
  const queues = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (queues.length === 0) return;
  const model = await amqp.connect(amqpUrl.split(',')[0].trim());
  try {
    for (const q of queues) {
      const channel = await model.createChannel();
      channel.on('error', () => undefined);
      await channel.deleteQueue(q).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** Closes, from the broker's side, every connection of the vhost named `connectionName` (`rabbitmqctl close_connection`). */
export async function closeConnections(
  amqpUrl: string,
  connectionName: string,
  reason = 'fault suite: connection closed by the broker',
  ctlArgs: readonly string[] = [],
): Promise<number> {
  const vhost = vhostOf(amqpUrl);
  // list_connections has no vhost filter (-p is ignored): the vhost is a column, and only this run's are closed.
  const { stdout } = await exec(
    'rabbitmqctl',
    [...ctlArgs, '-q', 'list_connections', 'vhost', 'pid', 'client_properties', '--no-table-headers'],
    { timeout: 60_000 },
  );
  const pids = stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([v]) => v === vhost)
    .map((columns) => columns.slice(1).join('\t'))
    // rabbitmqctl prints client properties as Erlang terms: [{"connection_name","lienthong-orchestrator"},…]
    .filter((line) => line.includes(`{"connection_name","${connectionName}"}`) || line.includes(`<<"${connectionName}">>`))
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((pid) => pid.startsWith('<'));
  for (const pid of pids) await exec('rabbitmqctl', [...ctlArgs, '-q', 'close_connection', pid, reason], { timeout: 60_000 });
  return pids.length;
}

async function dropSchemas(postgresUrl: string, schemas: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}
