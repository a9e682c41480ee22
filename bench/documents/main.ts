import './amqp-env';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sampleDossierAppraised, sampleDossierReceived } from '@lienthong/contracts';
import { vietnamTimestamp } from '@lienthong/messaging';
import { TestBroker, type Observed } from '@lienthong/messaging/testing/test-broker';
import { SERVICE_GLIBC_TUNABLES } from '@lienthong/runtime';
import { serviceNodeFlags } from '../lifecycle/flow';
import { processStats } from '../lifecycle/proc-stats';

/**
 * `npm run bench:documents`: peak memory of the orchestrator and the iOffice adapter while a document of real size
 * goes through them (issue 9 item 7), beside a baseline measured in the same run.
 *
 * For each document size (default 100 KB, the baseline, then 20 MB), fresh orchestrator and iOffice adapter
 * processes are started from dist/ (the iOffice simulator runs once, in its own process), and one dossier of Sở Kế
 * hoạch và Đầu tư (SKHĐT, online approval) is taken through: the one-stop system's draft of that size is fetched by
 * the claim check (streamed to BLOB_DIR), sent to iOffice in SendEdoc, signed by the simulator, received back through
 * GetEdoc, verified and stored, announced as `dms.decision-received`. Each process's peak RSS (VmHWM) is read after
 * start-up (idle) and after the decision; the difference is what the document cost. The bench's own process (the
 * document server, the broker client) is not measured.
 *
 * Options: --sizes 102400,20971520 (bytes, in order; the first is the baseline)
 * Environment: AMQP_URL (default amqp://guest:guest@127.0.0.1:5672; the run's queues are left in its virtual host),
 * BENCH_BASE_PORT (default 3400: four ports from there).
 */
const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const SIZES = String(args.sizes ?? `${100 * 1024},${20 * 1024 * 1024}`)
  .split(',')
  .map(Number);
const ROOT = resolve(__dirname, '../../..');
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 3400);
const SKHDT = '000.00.05.H36';
const SECRETS = { SERVICE_TOKEN: randomBytes(32).toString('hex'), VERDICT_SEAL_KEY: randomBytes(32).toString('hex') };
const MiB = 1024 * 1024;

interface Measured {
  readonly sizeBytes: number;
  readonly seconds: number;
  readonly verified: boolean;
  readonly idle: Record<'orchestrator' | 'ioffice-adapter', number>;
  readonly peak: Record<'orchestrator' | 'ioffice-adapter', number>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-bench-documents-'));
  const port = { ioffice: BASE_PORT, files: BASE_PORT + 1, orchestrator: BASE_PORT + 2, iofficeAdapter: BASE_PORT + 3 };
  console.log(
    `bench:documents  sizes ${SIZES.map(size).join(', ')}, node ${process.version}, ${availableParallelism()} cores, data in ${dir}`,
  );
  const documents = new Map<string, Buffer>();
  const files = await serveDocuments(port.files, documents);
  const sim = start('sim-ioffice', 'dist/apps/sim-ioffice/src/main.js', {
    IOFFICE_SIM_PORT: String(port.ioffice),
    IOFFICE_SIM_STEP_DELAY_MS: '0',
    IOFFICE_SIM_PKI_DIR: join(dir, 'pki'),
    LOG_LEVEL: 'warn',
  });
  const broker = await TestBroker.connect();
  const seen = await broker.observe('dossier.#', 'dms.#', 'decision.#', 'lienthong.message-rejected');
  const results: Measured[] = [];
  try {
    await waitHttp(`http://127.0.0.1:${port.ioffice}/EdocService?wsdl`);
    for (const [i, sizeBytes] of SIZES.entries()) {
      const content = randomBytes(sizeBytes);
      const name = `scan-${i}.pdf`;
      documents.set(`/${name}`, content);
      results.push(await runOne(join(dir, `run-${i}`), port, sizeBytes, content, `http://127.0.0.1:${port.files}/${name}`, broker, seen));
      documents.delete(`/${name}`);
    }
    report(results);
  } finally {
    sim.kill();
    files.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One dossier with a draft of `sizeBytes`, on fresh bus processes. */
async function runOne(
  dir: string,
  port: Record<'ioffice' | 'files' | 'orchestrator' | 'iofficeAdapter', number>,
  sizeBytes: number,
  content: Buffer,
  url: string,
  broker: TestBroker,
  seen: Observed[],
): Promise<Measured> {
  const common = {
    AMQP_URL,
    LOG_LEVEL: 'warn',
    BLOB_DIR: join(dir, 'blobs'),
    TRUST_ANCHORS: join(dir, '../pki/ca.pem'),
    NODE_ENV: 'development',
    // The allocator settings the services ship with (GLIBC_TUNABLES= for glibc's defaults), as in bench:lifecycle.
    GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? SERVICE_GLIBC_TUNABLES,
    ...SECRETS,
  };
  const orchestrator = start('orchestrator', 'dist/apps/orchestrator/src/main.js', {
    ...common,
    HTTP_PORT: String(port.orchestrator),
    DATABASE_URL: `sqlite:${join(dir, 'orchestrator.db')}`,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port.orchestrator}`,
    DOCUMENT_HOSTS: `127.0.0.1:${port.files}`,
  });
  const adapter = start('ioffice-adapter', 'dist/apps/ioffice-adapter/src/main.js', {
    ...common,
    HTTP_PORT: String(port.iofficeAdapter),
    DATABASE_URL: `sqlite:${join(dir, 'ioffice-adapter.db')}`,
    IOFFICE_URL: `http://127.0.0.1:${port.ioffice}/EdocService`,
    IOFFICE_POLL_MS: '100',
    IOFFICE_TIMEOUT_MS: '120000',
    ATTACHMENT_FETCH_TIMEOUT_MS: '120000',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port.iofficeAdapter}`,
    ORCHESTRATOR_URL: `http://127.0.0.1:${port.orchestrator}`,
  });
  try {
    for (const p of [port.orchestrator, port.iofficeAdapter]) await waitHttp(`http://127.0.0.1:${p}/health/ready`);
    await sleep(1000); // start-up settles (the first poll, the WSDL check)
    const idle = { orchestrator: processStats(orchestrator.pid!).peakRssMiB, 'ioffice-adapter': processStats(adapter.pid!).peakRssMiB };

    const code = `${SKHDT}-${randomBytes(4).toString('hex')}`;
    await broker.publish(
      'onestop.dossier.received',
      sampleDossierReceived({
        dossierCode: code,
        agencyCode: SKHDT,
        receivedAt: vietnamTimestamp(new Date()),
        dueAt: vietnamTimestamp(new Date(Date.now() + 7 * 86_400_000)),
      }),
    );
    await until(`${code} RECEIVED`, () => seen.some((m) => m.body.dossierCode === code && m.body.stage === 'RECEIVED'));
    const sample = sampleDossierAppraised({ dossierCode: code });
    const file = { url, sha256: createHash('sha256').update(content).digest('hex'), sizeBytes, contentType: 'application/pdf' };
    const started = Date.now();
    await broker.publish('onestop.dossier.appraised', { ...sample, draftDecision: { ...sample.draftDecision!, file } });
    await until(`the signed decision of ${code}`, () => {
      const rejected = seen.find((m) => m.routingKey === 'lienthong.message-rejected' && JSON.stringify(m.body).includes(code));
      if (rejected) throw new Error(`rejected: ${JSON.stringify(rejected.body)}`);
      return seen.some((m) => m.routingKey === 'dms.decision-received' && m.body.dossierCode === code);
    });
    const seconds = (Date.now() - started) / 1000;
    const decision = seen.find((m) => m.routingKey === 'dms.decision-received' && m.body.dossierCode === code)!.body as {
      decision: { signature: { verified: boolean }; file: { sha256: string } };
    };
    if (decision.decision.file.sha256 !== file.sha256) throw new Error('the decision does not carry the draft it was signed from');
    await sleep(500);
    const peak = { orchestrator: processStats(orchestrator.pid!).peakRssMiB, 'ioffice-adapter': processStats(adapter.pid!).peakRssMiB };
    console.log(
      `  ${size(sizeBytes)}: decision after ${seconds.toFixed(1)} s (signature verified: ${decision.decision.signature.verified}); peak RSS orchestrator ${peak.orchestrator.toFixed(0)} MiB, iOffice adapter ${peak['ioffice-adapter'].toFixed(0)} MiB`,
    );
    return { sizeBytes, seconds, verified: decision.decision.signature.verified, idle, peak };
  } finally {
    orchestrator.kill();
    adapter.kill();
    await Promise.all([exited(orchestrator), exited(adapter)]);
  }
}

function report(results: readonly Measured[]): void {
  const [base] = results;
  console.log(
    '\n| document | process | idle peak RSS (after start-up) | peak RSS | peak − idle | (peak − idle) / document | peak / baseline peak | time to decision |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const p of ['ioffice-adapter', 'orchestrator'] as const) {
      const cost = r.peak[p] - r.idle[p];
      console.log(
        `| ${size(r.sizeBytes)} | ${p} | ${r.idle[p].toFixed(0)} MiB | ${r.peak[p].toFixed(0)} MiB | ${cost.toFixed(0)} MiB | ${(cost / (r.sizeBytes / MiB)).toFixed(2)} | ${(r.peak[p] / base.peak[p]).toFixed(2)} | ${r.seconds.toFixed(1)} s |`,
      );
    }
  }
  const largest = results[results.length - 1];
  const target = 300;
  console.log(
    `\niOffice adapter peak RSS with ${size(largest.sizeBytes)}: ${largest.peak['ioffice-adapter'].toFixed(0)} MiB (target < ${target} MiB: ${largest.peak['ioffice-adapter'] < target ? 'met' : 'NOT met'}); every signature verified: ${results.every((r) => r.verified)}`,
  );
}

const size = (bytes: number): string => (bytes >= MiB ? `${(bytes / MiB).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`);

function start(name: string, entry: string, env: Record<string, string>): ChildProcess {
  // The bus services with the node flags they ship with (or BENCH_NODE_FLAGS), as in bench:lifecycle.
  const flags = name === 'sim-ioffice' ? [] : serviceNodeFlags();
  const child = spawn(process.execPath, [...flags, join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== null && code !== 0) console.error(`  ${name} exited with ${code ?? signal}`);
  });
  return child;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));

/** The one-stop system's document store: serves the drafts by path. */
async function serveDocuments(port: number, documents: ReadonlyMap<string, Buffer>): Promise<Server> {
  const server = createServer((req, res) => {
    const content = documents.get(req.url ?? '');
    if (!content) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(content.length) }).end(content);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}

async function until(what: string, check: () => boolean, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await sleep(200);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
