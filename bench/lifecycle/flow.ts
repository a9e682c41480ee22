import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as amqp from 'amqplib';
import { parse, stringify } from 'yaml';
import { messagingOptionsFromEnv, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { SERVICE_GLIBC_TUNABLES, SERVICE_NODE_FLAGS, ServiceAuth } from '@lienthong/runtime';
import type { recordFlow } from './bus-watch';

/** The real flow's processes (simulators and services from dist/), shared by `bench:lifecycle` and `soak:lifecycle`. */

export const ROOT = resolve(__dirname, '../../..');
export const SERVICES = ['orchestrator', 'ioffice-adapter', 'postal-adapter'] as const;
export const ONESTOP_QUEUE = 'onestop.inbox';
/** The secrets production requires, new for every run. */
export const SECRETS = { SERVICE_TOKEN: randomBytes(32).toString('hex'), VERDICT_SEAL_KEY: randomBytes(32).toString('hex') };

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
}

/** The six HTTP ports of a flow, from its base port. */
export interface FlowPorts {
  readonly onestop: number;
  readonly ioffice: number;
  readonly postal: number;
  readonly orchestrator: number;
  readonly iofficeAdapter: number;
  readonly postalAdapter: number;
}

export interface FlowOptions {
  readonly amqpUrl: string;
  readonly basePort: number;
  /** The test PKI (kept between runs). */
  readonly pkiDir: string;
  /** A V8 CPU profile of every process under this directory. */
  readonly profileDir?: string;
  /** More environment for every process (e.g. the soak's short retention). */
  readonly env?: Record<string, string>;
}

/**
 * The node flags the bus services start with: the ones they ship with (SERVICE_NODE_FLAGS), or BENCH_NODE_FLAGS to
 * measure others (space-separated; empty for Node's defaults).
 */
export function serviceNodeFlags(): readonly string[] {
  const given = process.env.BENCH_NODE_FLAGS;
  return given === undefined ? SERVICE_NODE_FLAGS : given.split(/\s+/).filter(Boolean);
}

/**
 * Starts the three simulators and the three bus services, each its own process with its own SQLite file under `dir`,
 * the simulators answering at once and archive batches going by size (the cutoff at 23:59); resolves once all are up.
 * Each process is pushed onto `procs` as it starts, so that the caller can kill them all whatever happens.
 */
export async function startFlow(procs: Proc[], dir: string, options: FlowOptions): Promise<FlowPorts> {
  const table = parse(readFileSync(join(ROOT, 'config/departments.yaml'), 'utf8')) as {
    departments: Array<{ archive: { cutoff: string } }>;
  };
  for (const d of table.departments) d.archive.cutoff = '23:59'; // batches go by maxBatch; the rest are dispatched at the end
  const departmentsFile = join(dir, 'departments.yaml');
  writeFileSync(departmentsFile, stringify(table));
  const base = options.basePort;
  const port: FlowPorts = {
    onestop: base,
    ioffice: base + 1,
    postal: base + 2,
    orchestrator: base + 3,
    iofficeAdapter: base + 4,
    postalAdapter: base + 5,
  };
  const common = {
    AMQP_URL: options.amqpUrl,
    DEPARTMENTS_FILE: departmentsFile,
    LOG_LEVEL: 'warn',
    BLOB_DIR: join(dir, 'blobs'),
    TRUST_ANCHORS: join(options.pkiDir, 'ca.pem'),
    SERVICE_TOKEN: SECRETS.SERVICE_TOKEN,
  };
  // The bus services run with their own secrets and the code paths of production; NODE_ENV stays development
  // because production mode refuses what a benchmark on one machine must use (the guest broker user, the simulators'
  // test CA, loopback addresses). The checks that cost per message are on under the test runner only.
  const production = {
    NODE_ENV: 'development',
    // The allocator settings the services ship with (GLIBC_TUNABLES= for glibc's defaults).
    GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? SERVICE_GLIBC_TUNABLES,
    ...SECRETS,
    DOCUMENT_HOSTS: `127.0.0.1:${port.onestop}`,
    POSTAL_CLIENT_ID: 'lienthong',
    POSTAL_CLIENT_SECRET: 'lienthong-secret',
    POSTAL_WEBHOOK_SECRET: 'lienthong-webhook-secret',
  };
  const start = (name: string, entry: string, env: Record<string, string>): void => {
    const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, name)}`] : [];
    const flags = (SERVICES as readonly string[]).includes(name) ? serviceNodeFlags() : [];
    const child = spawn(process.execPath, [...profile, ...flags, join(ROOT, entry)], {
      cwd: ROOT,
      env: { ...process.env, ...common, ...options.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    procs.push({ name, child });
  };
  start('sim-ioffice', 'dist/apps/sim-ioffice/src/main.js', {
    IOFFICE_SIM_PORT: String(port.ioffice),
    IOFFICE_SIM_STEP_DELAY_MS: '0',
    IOFFICE_SIM_PKI_DIR: options.pkiDir,
  });
  start('sim-postal', 'dist/apps/sim-postal/src/main.js', {
    POSTAL_SIM_PORT: String(port.postal),
    POSTAL_SIM_STEP_MS: '0',
    POSTAL_WEBHOOK_URL: `http://127.0.0.1:${port.postalAdapter}/postal/webhook`,
  });
  start('sim-onestop', 'dist/apps/sim-onestop/src/main.js', {
    ONESTOP_SIM_PORT: String(port.onestop),
    ONESTOP_SIM_QUEUE: ONESTOP_QUEUE,
    ONESTOP_SIM_RATE: '0',
    ONESTOP_SIM_APPRAISAL_MS: '0',
    ONESTOP_SIM_STEP_MS: '0',
    ONESTOP_SIM_SUPPLEMENT_P: '0',
    ONESTOP_SIM_REJECT_P: '0',
    ONESTOP_SIM_WITHDRAW_P: '0',
  });
  await waitHttp(`http://127.0.0.1:${port.ioffice}/EdocService?wsdl`);
  start('orchestrator', 'dist/apps/orchestrator/src/main.js', {
    ...production,
    HTTP_PORT: String(port.orchestrator),
    DATABASE_URL: `sqlite:${join(dir, 'orchestrator.db')}`,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port.orchestrator}`,
  });
  start('ioffice-adapter', 'dist/apps/ioffice-adapter/src/main.js', {
    ...production,
    HTTP_PORT: String(port.iofficeAdapter),
    DATABASE_URL: `sqlite:${join(dir, 'ioffice-adapter.db')}`,
    IOFFICE_URL: `http://127.0.0.1:${port.ioffice}/EdocService`,
    IOFFICE_POLL_MS: '50',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port.iofficeAdapter}`,
    ORCHESTRATOR_URL: `http://127.0.0.1:${port.orchestrator}`,
  });
  start('postal-adapter', 'dist/apps/postal-adapter/src/main.js', {
    ...production,
    HTTP_PORT: String(port.postalAdapter),
    DATABASE_URL: `sqlite:${join(dir, 'postal-adapter.db')}`,
    POSTAL_URL: `http://127.0.0.1:${port.postal}`,
  });
  for (const p of [port.orchestrator, port.iofficeAdapter, port.postalAdapter]) await waitHttp(`http://127.0.0.1:${p}/health/ready`);
  await waitHttp(`http://127.0.0.1:${port.onestop}/_admin/state`);
  return port;
}

/**
 * Submits `n` dossiers at `rate` per second and waits until the watch has seen all of them ARCHIVED; once every dossier
 * is at AWAITING_HANDOVER or later, sends the last, partial archive batches (as an operator, or the cutoff, would).
 * Prints the dossiers per stage every 5 s; fails after `timeoutMs`. Resolves with the seconds from the first
 * submission to the last ARCHIVED.
 */
export async function runLifecycles(
  watch: Awaited<ReturnType<typeof recordFlow>>,
  port: FlowPorts,
  n: number,
  rate: number,
  options: { readonly timeoutMs: number; readonly progress: (line: string) => void },
): Promise<{ elapsedS: number }> {
  const startedAt = Date.now();
  const submitting = submitAll(`http://127.0.0.1:${port.onestop}/_admin/dossiers`, n, rate);
  submitting.catch(() => undefined); // awaited below; a caller that stops early (soak --minutes) must not crash on it
  let dispatched = false;
  let lastReport = Date.now();
  const ticker = setInterval(() => {
    if (!dispatched && watch.atLeastHandover() >= n) {
      dispatched = true;
      void fetch(`http://127.0.0.1:${port.orchestrator}/archive/batches/dispatch`, {
        method: 'POST',
        headers: ServiceAuth.fromEnv({ SERVICE_TOKEN: SECRETS.SERVICE_TOKEN }).headers(),
      });
    }
    if (Date.now() - lastReport > 5000) {
      options.progress(`${((Date.now() - startedAt) / 1000).toFixed(0).padStart(5)} s  ${watch.byStage()}`);
      lastReport = Date.now();
    }
  }, 250);
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`only ${watch.archivedCount()} of ${n} archived after ${Math.round(options.timeoutMs / 60_000)} min`)),
      options.timeoutMs,
    ).unref(),
  );
  try {
    const end = await Promise.race([watch.archived, deadline]);
    await submitting;
    return { elapsedS: (end - startedAt) / 1000 };
  } finally {
    clearInterval(ticker);
  }
}

/** SIGTERM to every process; resolves when all have exited. */
export async function stopAll(procs: readonly Proc[]): Promise<void> {
  for (const p of procs) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : Promise.resolve())));
}

/** Submits `n` dossiers to the one-stop simulator at `rate` per second (0: at once), eight requests at a time. */
export async function submitAll(url: string, n: number, rate: number): Promise<void> {
  let next = 0;
  const start = Date.now();
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const due = start + (rate > 0 ? (i * 1000) / rate : 0);
      if (due > Date.now()) await sleep(due - Date.now());
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function withChannel(amqpUrl: string, fn: (channel: amqp.Channel) => Promise<void>): Promise<void> {
  const model = await amqp.connect(amqpUrl);
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    await fn(channel);
  } finally {
    await model.close().catch(() => undefined);
  }
}

export async function purgeQueues(amqpUrl: string, queues: readonly string[]): Promise<void> {
  await withChannel(amqpUrl, async (channel) => {
    for (const q of queues) await channel.purgeQueue(q);
  });
}

/** Deletes the flow's queues (the services' and their retry queues, the one-stop simulator's): every run starts empty. */
export async function cleanQueues(amqpUrl: string): Promise<void> {
  await withChannel(amqpUrl, async (channel) => {
    for (const service of SERVICES) {
      const queue = queueNameOf(service);
      for (const q of [queue, ...messagingOptionsFromEnv(service).retryDelaysMs.map((d, i) => retryQueueName(queue, i, d))])
        await channel.deleteQueue(q).catch(() => undefined);
    }
    await channel.deleteQueue(ONESTOP_QUEUE).catch(() => undefined);
  });
}

export async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await sleep(200);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
