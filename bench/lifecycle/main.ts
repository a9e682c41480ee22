import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as amqp from 'amqplib';
import { parse, stringify } from 'yaml';
import { messagingOptionsFromEnv, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { ServiceAuth } from '@lienthong/runtime';
import { brokerPid, processStats } from './proc-stats';

/**
 * `npm run bench:lifecycle`: N dossiers through the complete flow (reception → ARCHIVED) with every service and
 * simulator as its own process and the simulators answering at once. Reports complete lifecycles/s, p50/p99
 * end-to-end time, messages per lifecycle, CPU and peak RSS per process, and, in the same run, the broker-bound
 * limit: the raw confirmed publish+consume rate of this machine divided by the messages per lifecycle.
 * Options: --n 5000 --raw 30000 --rate 20 (dossiers submitted per second; 0 = all at once); BENCH_CPU_PROF=<dir> for profiles
 *
 * Submissions are paced (open loop) at `--rate`: dumping thousands at once measures the simulators' backlogs
 * (the iOffice simulator slows down as its store grows), not the bus.
 */
const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const N = Number(args.n ?? 5000);
const RAW_N = Number(args.raw ?? 30_000);
const RATE = Number(args.rate ?? 20);
const ROOT = resolve(__dirname, '../../..');
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 3300);
/** BENCH_CPU_PROF=<dir>: every process writes a V8 CPU profile there on exit (open them in Chrome DevTools). */
const PROFILE_ARGS = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
const SERVICES = ['orchestrator', 'ioffice-adapter', 'postal-adapter'] as const;

interface Proc {
  name: string;
  child: ChildProcess;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-bench-lifecycle-'));
  console.log(`bench:lifecycle  N=${N} dossiers, node ${process.version}, data in ${dir}`);
  await cleanQueues();
  const table = parse(readFileSync(join(ROOT, 'config/departments.yaml'), 'utf8')) as { departments: Array<{ archive: { cutoff: string } }> };
  for (const d of table.departments) d.archive.cutoff = '23:59'; // batches go by maxBatch; the rest are dispatched at the end
  const departmentsFile = join(dir, 'departments.yaml');
  writeFileSync(departmentsFile, stringify(table));
  const port = { onestop: BASE_PORT, ioffice: BASE_PORT + 1, postal: BASE_PORT + 2, orchestrator: BASE_PORT + 3, iofficeAdapter: BASE_PORT + 4, postalAdapter: BASE_PORT + 5 };
  const common = { AMQP_URL, DEPARTMENTS_FILE: departmentsFile, LOG_LEVEL: 'warn', BLOB_DIR: join(dir, 'blobs'), TRUST_ANCHORS: join(dir, 'pki', 'ca.pem') };
  const procs: Proc[] = [];
  const start = (name: string, entry: string, env: Record<string, string>): Proc => {
    const child = spawn(process.execPath, [...PROFILE_ARGS, join(ROOT, entry)], { cwd: ROOT, env: { ...process.env, ...common, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const proc = { name, child };
    procs.push(proc);
    return proc;
  };
  try {
    start('sim-ioffice', 'dist/apps/sim-ioffice/src/main.js', { IOFFICE_SIM_PORT: String(port.ioffice), IOFFICE_SIM_STEP_DELAY_MS: '0', IOFFICE_SIM_PKI_DIR: join(dir, 'pki') });
    start('sim-postal', 'dist/apps/sim-postal/src/main.js', { POSTAL_SIM_PORT: String(port.postal), POSTAL_SIM_STEP_MS: '0', POSTAL_WEBHOOK_URL: `http://127.0.0.1:${port.postalAdapter}/postal/webhook` });
    start('sim-onestop', 'dist/apps/sim-onestop/src/main.js', {
      ONESTOP_SIM_PORT: String(port.onestop),
      ONESTOP_SIM_RATE: '0',
      ONESTOP_SIM_APPRAISAL_MS: '0',
      ONESTOP_SIM_STEP_MS: '0',
      ONESTOP_SIM_SUPPLEMENT_P: '0',
      ONESTOP_SIM_REJECT_P: '0',
      ONESTOP_SIM_WITHDRAW_P: '0',
    });
    await waitHttp(`http://127.0.0.1:${port.ioffice}/EdocService?wsdl`);
    start('orchestrator', 'dist/apps/orchestrator/src/main.js', { HTTP_PORT: String(port.orchestrator), DATABASE_URL: `sqlite:${join(dir, 'orchestrator.db')}`, PUBLIC_BASE_URL: `http://127.0.0.1:${port.orchestrator}` });
    start('ioffice-adapter', 'dist/apps/ioffice-adapter/src/main.js', {
      HTTP_PORT: String(port.iofficeAdapter),
      DATABASE_URL: `sqlite:${join(dir, 'ioffice-adapter.db')}`,
      IOFFICE_URL: `http://127.0.0.1:${port.ioffice}/EdocService`,
      IOFFICE_POLL_MS: '50',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port.iofficeAdapter}`,
      ORCHESTRATOR_URL: `http://127.0.0.1:${port.orchestrator}`,
    });
    start('postal-adapter', 'dist/apps/postal-adapter/src/main.js', { HTTP_PORT: String(port.postalAdapter), DATABASE_URL: `sqlite:${join(dir, 'postal-adapter.db')}`, POSTAL_URL: `http://127.0.0.1:${port.postal}` });
    for (const p of [port.orchestrator, port.iofficeAdapter, port.postalAdapter]) await waitHttp(`http://127.0.0.1:${p}/health/ready`);
    await waitHttp(`http://127.0.0.1:${port.onestop}/_admin/state`);

    const watch = await watchBus();
    const broker = brokerPid();
    const brokerCpuBefore = broker ? processStats(broker).cpuSeconds : NaN;
    const startedAt = Date.now();
    console.log(`  submitting ${N} dossiers${RATE > 0 ? ` at ${RATE}/s` : ' at once'}`);
    const submitting = submitAll(`http://127.0.0.1:${port.onestop}/_admin/dossiers`, N, RATE).then(() => console.log(`  all ${N} submitted after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`));
    let dispatched = false;
    let lastReport = 0;
    for (let last = -1; ; ) {
      const archived = watch.archivedCount();
      if (archived >= N) break;
      if (!dispatched && watch.atLeastHandover() >= N) {
        dispatched = true;
        await fetch(`http://127.0.0.1:${port.orchestrator}/archive/batches/dispatch`, { method: 'POST', headers: ServiceAuth.fromEnv().headers() });
      }
      if (Date.now() - lastReport > 2000) {
        console.log(`  ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s  ${watch.byStage()}`);
        lastReport = Date.now();
      }
      last = archived;
      if (Date.now() - startedAt > 30 * 60_000) throw new Error(`only ${archived} of ${N} archived after 30 min`);
      await sleep(250);
    }
    await submitting;
    const elapsed = (Date.now() - startedAt) / 1000;
    console.log(`  archived ${N}/${N} in ${elapsed.toFixed(1)} s`);
    const stats = procs.map((p) => ({ name: p.name, ...processStats(p.child.pid!) }));
    if (broker) {
      const after = processStats(broker);
      stats.push({ name: 'rabbitmq (during the run)', cpuSeconds: after.cpuSeconds - brokerCpuBefore, peakRssMiB: after.peakRssMiB });
    }
    const messages = watch.messageCount();
    await watch.close();
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => p.child.once('exit', r))));

    process.stdout.write(`  broker-bound limit: raw confirmed publish+consume of ${RAW_N} messages … `);
    const rawRate = await rawRateOnThisMachine(RAW_N);
    console.log(`${Math.round(rawRate)} msgs/s`);

    const perLifecycle = messages / N;
    const rate = N / elapsed;
    const limit = rawRate / perLifecycle;
    const times = watch.lifecycleTimesMs().sort((a, b) => a - b);
    const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    console.log('\n| measure | value |\n|---|---|');
    console.log(`| complete lifecycles/s | ${rate.toFixed(1)} |`);
    console.log(`| end-to-end time p50 / p99 (RECEIVED → ARCHIVED) | ${(pct(0.5) / 1000).toFixed(1)} s / ${(pct(0.99) / 1000).toFixed(1)} s |`);
    console.log(`| messages per lifecycle (on lienthong.events) | ${perLifecycle.toFixed(1)} |`);
    console.log(`| raw confirmed publish+consume rate, same run | ${Math.round(rawRate)} msgs/s |`);
    console.log(`| broker-bound limit (raw rate ÷ messages per lifecycle) | ${limit.toFixed(1)} lifecycles/s |`);
    console.log(`| achieved / limit | ${(rate / limit).toFixed(2)} (target ≥ 0.50) |`);
    console.log('\n| process | CPU s | CPU ms per lifecycle | peak RSS MiB |\n|---|---|---|---|');
    for (const s of stats) console.log(`| ${s.name} | ${s.cpuSeconds.toFixed(1)} | ${((s.cpuSeconds * 1000) / N).toFixed(2)} | ${s.peakRssMiB.toFixed(0)} |`);
    const total = stats.reduce((sum, s) => sum + s.cpuSeconds, 0);
    console.log(`| all of the above | ${total.toFixed(1)} | ${((total * 1000) / N).toFixed(2)} | |`);
    console.log(`\nMachine: ${availableParallelism()} cores; the run used ${(total / elapsed).toFixed(2)} of them on average (${elapsed.toFixed(0)} s).`);
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await cleanQueues();
  }
}

/** Watches the bus's two exchanges: every message (for the count) and each dossier's RECEIVED and ARCHIVED. */
async function watchBus() {
  const model = await amqp.connect(AMQP_URL);
  const channel = await model.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  for (const exchange of ['lienthong.events', 'lienthong.internal']) {
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.bindQueue(queue, exchange, '#');
  }
  const seenIds = new Set<string>();
  const received = new Map<string, number>();
  const archived = new Map<string, number>();
  const handover = new Set<string>();
  const latest = new Map<string, string>();
  const LATE = new Set(['AWAITING_HANDOVER', 'HANDOVER_DISPATCHED', 'HANDOVER_DELIVERED', 'ARCHIVED']);
  let count = 0;
  await channel.consume(queue, (msg) => {
    if (!msg) return;
    const id = String(msg.properties.messageId ?? '');
    if (seenIds.has(id)) return;
    seenIds.add(id);
    count++;
    if (msg.fields.routingKey !== 'dossier.status-changed') return;
    const body = JSON.parse(msg.content.toString('utf8')) as { dossierCode: string; stage: string };
    latest.set(body.dossierCode, body.stage);
    if (body.stage === 'RECEIVED' && !received.has(body.dossierCode)) received.set(body.dossierCode, Date.now());
    if (LATE.has(body.stage)) handover.add(body.dossierCode);
    if (body.stage === 'ARCHIVED') archived.set(body.dossierCode, Date.now());
  }, { noAck: true });
  return {
    archivedCount: () => archived.size,
    /** Dossiers per latest stage, for progress output. */
    byStage: (): string => {
      const counts = new Map<string, number>();
      for (const stage of latest.values()) counts.set(stage, (counts.get(stage) ?? 0) + 1);
      return [...counts].map(([stage, n]) => `${stage} ${n}`).join(', ');
    },
    atLeastHandover: () => handover.size,
    messageCount: () => count,
    lifecycleTimesMs: () => [...archived].map(([code, at]) => at - (received.get(code) ?? at)),
    close: () => model.close(),
  };
}

async function submitAll(url: string, n: number, rate: number): Promise<void> {
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

/** Raw amqplib, persistent, confirms, manual ack, producer and consumer in this process: this machine's ceiling. */
async function rawRateOnThisMachine(n: number): Promise<number> {
  const model = await amqp.connect(AMQP_URL);
  const pub = await model.createConfirmChannel();
  const sub = await model.createChannel();
  const queue = 'bench.lifecycle.raw';
  await sub.deleteQueue(queue).catch(() => undefined);
  await sub.assertQueue(queue, { durable: true });
  await sub.prefetch(200);
  const body = Buffer.alloc(1200, 'a');
  const started = Date.now();
  let got = 0;
  const done = new Promise<void>((resolveDone) => {
    void sub.consume(queue, (msg) => {
      if (!msg) return;
      sub.ack(msg);
      if (++got === n) resolveDone();
    });
  });
  for (let i = 0; i < n; i++) {
    if (!pub.publish('', queue, body, { persistent: true, messageId: String(i) })) await new Promise((r) => pub.once('drain', r));
    if (i % 500 === 499) await pub.waitForConfirms();
  }
  await pub.waitForConfirms();
  await done;
  const rate = (n * 1000) / (Date.now() - started);
  await sub.deleteQueue(queue);
  await model.close();
  return rate;
}

async function cleanQueues(): Promise<void> {
  const model = await amqp.connect(AMQP_URL);
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  for (const service of SERVICES) {
    const queue = queueNameOf(service);
    for (const q of [queue, ...messagingOptionsFromEnv(service).retryDelaysMs.map((d, i) => retryQueueName(queue, i, d))]) await channel.deleteQueue(q).catch(() => undefined);
  }
  await channel.deleteQueue('onestop.inbox').catch(() => undefined);
  await model.close().catch(() => undefined);
}

async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

main().catch((error) => {
  console.error(`\nbench:lifecycle failed: ${(error as Error).message}`);
  process.exit(1);
});
