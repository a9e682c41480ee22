import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import * as amqp from 'amqplib';
import { LAUNCHER_SCHEMA, SHARED_ENV, inheritedEnvironment, loadDepartments } from '@lienthong/config';
import { RETRY_DELAYS_MS, queueNameOf, retryQueueName } from '@lienthong/messaging';
import {
  DossierWatcher,
  SERVICE_GLIBC_TUNABLES,
  SERVICE_NODE_FLAGS,
  ServiceAuth,
  ServiceLogger,
  colorsWanted,
  loadServiceConfigOrExit,
  logFormat,
  logLevels,
} from '@lienthong/runtime';
import { ChildOutput } from './child-output';
import { demoReport, submitDemoDossiers } from './demo';
import { brokerReachable } from './preflight';
import { type ServiceSpec, services } from './services';
import { summaryLine } from './summary';

/**
 * `npm start` / `npm run start:bus` / `npm run demo`: runs every service (and, unless `--bus-only`, the
 * simulators) as child processes, relays their logs in one format (`LOG_FORMAT`, see ChildOutput), restarts one
 * that dies, prints a live summary of the dossiers on the bus, and on Ctrl-C stops them all cleanly. `--demo [N]`
 * runs a fixed scenario of N dossiers to completion on a fresh database and prints a report.
 */
const root = resolve(__dirname, '../../../..');
const argv = process.argv.slice(2);
const busOnly = argv.includes('--bus-only');
const demoIndex = argv.indexOf('--demo');
const demo = demoIndex >= 0 ? Number(argv[demoIndex + 1] ?? 20) || 20 : 0;
/** The launcher's own configuration, checked first; its mistakes are log lines in the launcher's format. */
const config = loadServiceConfigOrExit(LAUNCHER_SCHEMA);
const amqpUrl = config.AMQP_URL.join(',');
const httpPort = config.HTTP_PORT;
const children = new Map<string, ChildProcess>();
let stopping = false;
const format = logFormat();
const colors = format === 'pretty' && colorsWanted();
/** The launcher's own lines; every level, whatever LOG_LEVEL says to the services. */
const log = new ServiceLogger({ service: 'launcher', format, levels: logLevels('verbose'), colors });
const output = new ChildOutput(format);
/** What every child gets unless its environment says otherwise: services say what went wrong, the summary how things go. */
const childDefaults: Record<string, string> = { LOG_LEVEL: 'warn' };
/**
 * What every child gets whatever its environment says: the launcher's log format (children write to a pipe, where
 * they would choose JSON), colours when the launcher prints to a terminal, and the demo's fresh database.
 */
const childOverrides: Record<string, string> = { LOG_FORMAT: format, ...(colors ? { FORCE_COLOR: '1' } : {}) };

/** Settings for the demo: a fresh database, and simulators that answer quickly but visibly. */
const DEMO_ENV: Record<string, string> = {
  DATABASE_URL: `sqlite:${join(root, 'data/demo/lienthong.db')}`,
  BLOB_DIR: join(root, 'data/demo/blobs'),
  ONESTOP_SIM_RATE: '0',
  ONESTOP_SIM_APPRAISAL_MS: '200',
  ONESTOP_SIM_STEP_MS: '200',
  ONESTOP_SIM_SUPPLEMENT_MS: '500',
  ONESTOP_SIM_SUPPLEMENT_P: '0',
  ONESTOP_SIM_REJECT_P: '0',
  ONESTOP_SIM_WITHDRAW_P: '0',
  IOFFICE_SIM_STEP_DELAY_MS: '30',
  IOFFICE_POLL_MS: '200',
  POSTAL_SIM_STEP_MS: '100',
  // Result deliveries to one department (SNN&PTNT, whose demo dossier goes by post) fail (15 then 20) and are handed
  // over at the counter instead.
  POSTAL_SIM_FAULTS: JSON.stringify({ delivery: { failOrderNumbers: ['KQ-000.00.08.H36-*'] } }),
  POSTAL_SIM_SEED: '2026',
  ONESTOP_SIM_SEED: '2026',
};

async function main(): Promise<void> {
  if (!(await brokerReachable(amqpUrl))) {
    log.error(
      `Liên thông cannot start: no RabbitMQ answers at ${amqpUrl}.\n` +
        'RabbitMQ is the one thing that cannot be embedded. To get one on Debian/Ubuntu:\n' +
        '  apt-get install rabbitmq-server\n' +
        '  rabbitmq-server -detached\n' +
        'or point AMQP_URL at an existing broker.',
      'preflight',
    );
    process.exit(1);
  }
  if (demo) await freshDemoWorld();
  const chosen = services().filter((s) => !(busOnly && s.simulator));
  for (const spec of chosen) {
    if (!existsSync(join(root, spec.entry))) {
      log.warn(`${spec.name}: ${spec.entry} is not built (npm run build); skipped`);
      continue;
    }
    run(spec, 0);
  }
  log.log(`running ${[...children.keys()].join(', ')}${busOnly ? ' (bus only)' : ' with simulators'}; Ctrl-C stops everything`);
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  await waitReady(chosen.filter((s) => children.has(s.name)));
  for (const spec of chosen) if (spec.healthUrl && children.has(spec.name)) log.log(`${spec.name} health: ${spec.healthUrl}`);
  log.log(`the bus's HTTP side (dashboard, postal webhook): http://127.0.0.1:${httpPort}/`);

  const watcher = await DossierWatcher.start(amqpUrl);
  if (demo) return runDemo(watcher);
  let previous = { messages: 0, at: Date.now() };
  setInterval(() => {
    log.log(summaryLine(watcher, previous, `http://127.0.0.1:${httpPort}/`), 'summary');
    previous = { messages: watcher.messages, at: Date.now() };
  }, config.SUMMARY_INTERVAL_MS).unref();
}

async function runDemo(watcher: DossierWatcher): Promise<void> {
  const departments = loadDepartments(SHARED_ENV.DEPARTMENTS_FILE.given() ?? join(root, 'config/departments.yaml'));
  log.log(`submitting ${demo} dossiers to the one-stop simulator`, 'demo');
  const codes = await submitDemoDossiers(
    `http://127.0.0.1:${config.ONESTOP_SIM_PORT}`,
    departments.all.map((d) => d.agencyCode),
    demo,
  );
  const startedAt = Date.now();
  let dispatched = 0;
  let lastProgress = Date.now();
  let lastFinished = -1;
  for (;;) {
    const known = codes.map((c) => watcher.dossiers.get(c));
    const finished = known.filter((d) => d && watcher.finished(d)).length;
    if (finished === codes.length) break;
    if (finished !== lastFinished) {
      lastFinished = finished;
      lastProgress = Date.now();
      log.log(`${finished}/${codes.length} finished (${Math.round((Date.now() - startedAt) / 1000)} s)`, 'demo');
    }
    // Dossiers waiting only for their archive batch to fill up: dispatch the open batches (as at the cutoff).
    const waitingForBatch = known.filter((d) => d && d.stages.at(-1) === 'AWAITING_HANDOVER').length;
    const busy = known.filter(
      (d) => !d || !['AWAITING_HANDOVER', 'HANDOVER_DISPATCHED', 'HANDOVER_DELIVERED', 'ARCHIVED', 'CLOSED'].includes(d.stages.at(-1)!),
    ).length;
    if (waitingForBatch > 0 && busy === 0 && dispatched < 3) {
      dispatched++;
      await fetch(`http://127.0.0.1:${httpPort + 1}/archive/batches/dispatch`, {
        method: 'POST',
        headers: ServiceAuth.callerHeaders(),
      }).catch(() => undefined);
    }
    if (Date.now() - lastProgress > 60_000) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const report = demoReport(watcher, codes, departments.all);
  log.log(report.text, 'demo');
  await watcher.close();
  await stop('demo finished', report.unfinished === 0 ? 0 : 1);
}

/** The demo starts from nothing: a new database and empty service queues. */
async function freshDemoWorld(): Promise<void> {
  rmSync(join(root, 'data/demo'), { recursive: true, force: true });
  Object.assign(childDefaults, DEMO_ENV);
  childOverrides.DATABASE_URL = config.DEMO_DATABASE_URL ?? DEMO_ENV.DATABASE_URL;
  const model = await amqp.connect(amqpUrl.split(',')[0]);
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  for (const service of ['orchestrator', 'ioffice-adapter', 'postal-adapter', 'console']) {
    const queue = queueNameOf(service);
    for (const q of [queue, ...RETRY_DELAYS_MS.map((d, i) => retryQueueName(queue, i, d))])
      await channel.purgeQueue(q).catch(() => undefined);
  }
  await channel.purgeQueue('onestop.inbox').catch(() => undefined);
  await model.close().catch(() => undefined);
}

async function waitReady(specs: ServiceSpec[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const spec of specs) {
    if (!spec.healthUrl) continue;
    for (;;) {
      const ok = await fetch(spec.healthUrl).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) {
        log.warn(`${spec.name} is not ready after 60 s; see its log lines above`);
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

function run(spec: ServiceSpec, restarts: number): void {
  // LOG_LEVEL=log shows everything. The bus services run with their V8 heap flags and allocator settings, as the
  // systemd units start them.
  const env = inheritedEnvironment(
    { ...childOverrides, ...spec.env },
    spec.simulator ? childDefaults : { ...childDefaults, GLIBC_TUNABLES: SERVICE_GLIBC_TUNABLES },
  );
  const flags = spec.simulator ? [] : SERVICE_NODE_FLAGS;
  const child = spawn(process.execPath, [...flags, join(root, spec.entry)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(spec.name, child);
  createInterface({ input: child.stdout! }).on('line', (line) => output.relay(spec.name, 'stdout', line));
  createInterface({ input: child.stderr! }).on('line', (line) => output.relay(spec.name, 'stderr', line));
  child.on('exit', (code, signal) => {
    children.delete(spec.name);
    if (stopping) return;
    const delay = Math.min(1000 * 2 ** restarts, 30_000);
    log.error(`${spec.name} exited (${signal ?? code}); restarting in ${delay / 1000}s`);
    setTimeout(() => !stopping && run(spec, restarts + 1), delay);
  });
}

async function stop(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.log(`${reason}: stopping ${[...children.keys()].join(', ')} (draining in-flight work)`);
  const exits = [...children.values()].map(
    (child) =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  );
  const timeout = setTimeout(() => {
    log.error('some services did not stop within 20s; killing them');
    for (const child of children.values()) child.kill('SIGKILL');
  }, 20_000);
  await Promise.all(exits);
  clearTimeout(timeout);
  log.log('stopped');
  process.exit(exitCode);
}

void main().catch((error) => {
  log.error((error as Error).message);
  void stop('error', 1);
});
