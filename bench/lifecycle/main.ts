import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { queueNameOf } from '@lienthong/messaging';
import { recordFlow, watchSkeleton } from './bus-watch';
import { ONESTOP_QUEUE, type Proc, ROOT, SERVICES, cleanQueues, purgeQueues, runLifecycles, startFlow, stopAll } from './flow';
import { listeningPid, processStats } from './proc-stats';
import { printProfileSummary, type ProfileWindow } from './profile-summary';
import type { NodeCommand, NodeReport } from './skeleton-node';
import { type RecordedMessage, type SkeletonPlan, planSkeleton } from './skeleton-plan';
import { type Topology, readTopology } from './topology';

/**
 * `npm run bench:lifecycle`: N dossiers through the complete flow (reception → ARCHIVED), every service and simulator
 * its own process, the simulators answering at once; then, in the same run, the **skeleton** of that flow: the very
 * messages the flow put on the bus (recorded: routing keys, exchanges, properties, body sizes, who published each
 * after which), on the same exchanges, bindings and queues, published by raw amqplib processes that do nothing else.
 * The skeleton's lifecycles/s and CPU per lifecycle are the broker-bound limit of this design on this machine.
 *
 * Reports both side by side: lifecycles/s, end-to-end p50/p99, messages per lifecycle, CPU ms per lifecycle of every
 * process and of the broker (from /proc, counted from the first submission to the last ARCHIVED, so start-up is left
 * out and other load on the machine does not count), peak and sampled RSS.
 *
 * Options: --n 5000 --rate 20 (dossiers per second; 0 = all at once) --skeleton yes|no
 * Environment: AMQP_URL (its virtual host holds the run), RABBITMQ_MANAGEMENT_URL (to read the topology),
 * BENCH_BASE_PORT (default 3300: six ports from there), BENCH_CPU_PROF=<dir> (a V8 CPU profile of every flow process,
 * and their shares per part over the measured window, see profile-summary.ts).
 */
const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const N = Number(args.n ?? 5000);
const RATE = Number(args.rate ?? 20);
const SKELETON = (args.skeleton ?? 'yes') !== 'no';
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const MANAGEMENT_URL = process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';
const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 3300);
const PROFILE_DIR = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
/** The test PKI is kept between runs: issuing a department's key pair costs a quarter of a second, not a lifecycle's work. */
const PKI_DIR = resolve(process.env.BENCH_PKI_DIR ?? join(ROOT, '.bench', 'pki'));

/** What one run (flow or skeleton) measured. */
interface RunResult {
  readonly elapsedS: number;
  readonly messages: number;
  readonly lifecycleTimesMs: number[];
  readonly cpu: ReadonlyMap<string, number>;
  readonly peakRss: ReadonlyMap<string, number>;
  /** RSS samples (MiB) per process over the run. */
  readonly rss: ReadonlyMap<string, number[]>;
  readonly brokerCpuS: number;
  readonly load: [number, number];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-bench-lifecycle-'));
  console.log(
    `bench:lifecycle  N=${N} dossiers${RATE > 0 ? ` at ${RATE}/s` : ' at once'}, node ${process.version}, ${availableParallelism()} cores, data in ${dir}`,
  );
  const broker = listeningPid(Number(new URL(AMQP_URL).port || 5672));
  if (!broker) console.log('  (the broker is not a process of this machine readable here: its CPU is not reported)');
  await cleanQueues(AMQP_URL);
  try {
    const flow = await runFlow(dir, broker);
    const skeleton = SKELETON ? await runSkeleton(dir, planSkeleton(flow.messages, flow.topology, consumersOf()), broker) : undefined;
    report(flow.result, skeleton);
    if (PROFILE_DIR) printProfileSummary(PROFILE_DIR);
  } finally {
    // The flow's queues (retry queues included) go too, also after `--skeleton no`: left in the virtual host, they
    // would hand a test run's services on the same queue names the benchmark's last messages.
    await cleanQueues(AMQP_URL).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true }); // databases, blobs and plans: ~400 MB at N = 5,000
  }
}

/** The real flow: simulators and services from dist/, N dossiers submitted to the one-stop simulator, watched to ARCHIVED. */
async function runFlow(
  dir: string,
  broker: number | undefined,
): Promise<{ result: RunResult; messages: RecordedMessage[]; topology: Topology }> {
  const procs: Proc[] = [];
  try {
    const port = await startFlow(procs, dir, { amqpUrl: AMQP_URL, basePort: BASE_PORT, pkiDir: PKI_DIR, profileDir: PROFILE_DIR });
    const watch = await recordFlow(AMQP_URL, N);
    const topology = await readTopology(MANAGEMENT_URL, AMQP_URL);
    console.log(`  flow: ${procs.length} processes; submitting ${N} dossiers${RATE > 0 ? ` at ${RATE}/s` : ' at once'}`);
    const result = await measure(procs, broker, 'flow', () =>
      runLifecycles(watch, port, N, RATE, { timeoutMs: 30 * 60_000, progress: (line) => console.log(`  ${line}`) }),
    );
    const messages = watch.messages();
    const lifecycleTimesMs = watch.lifecycleTimesMs();
    await watch.close();
    await stopAll(procs);
    console.log(`  flow: ${N} lifecycles in ${result.elapsedS.toFixed(1)} s, ${messages.length} messages`);
    return { result: { ...result, messages: messages.length, lifecycleTimesMs }, messages, topology };
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }
}

/** The skeleton: one raw amqplib process per consuming process of the flow, each on the same queue, publishing what the plan says. */
async function runSkeleton(dir: string, plan: SkeletonPlan, broker: number | undefined): Promise<RunResult> {
  await purgeQueues(
    AMQP_URL,
    plan.nodes.map((n) => n.queue),
  );
  const procs: Proc[] = [];
  try {
    for (const node of plan.nodes) {
      const file = join(dir, `skeleton-${node.process}.json`);
      writeFileSync(file, JSON.stringify(node));
      const child = fork(join(__dirname, 'skeleton-node.js'), [file], {
        env: { ...process.env, AMQP_URL },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      procs.push({ name: `skeleton ${node.process}`, child });
    }
    await Promise.all(procs.map((p) => nextReport(p.child, 'ready')));
    const watch = await watchSkeleton(AMQP_URL, plan);
    console.log(`  skeleton: ${plan.messages} messages from ${procs.length} raw amqplib processes`);
    const result = await measure(procs, broker, 'skeleton', async () => {
      const startedAt = Date.now();
      for (const p of procs) p.child.send({ kind: 'start', rate: RATE } satisfies NodeCommand);
      const progress = setInterval(
        () => console.log(`  skeleton: ${watch.seen()} of ${plan.messages} messages, ${watch.archivedCount()} archived`),
        5000,
      );
      const deadline = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`skeleton: only ${watch.seen()} of ${plan.messages} messages after 30 min`)),
          30 * 60_000,
        ).unref(),
      );
      try {
        const end = await Promise.race([watch.done, deadline]);
        return { elapsedS: (end - startedAt) / 1000 };
      } finally {
        clearInterval(progress);
      }
    });
    const lifecycleTimesMs = watch.lifecycleTimesMs();
    await watch.close();
    const stopped = await Promise.all(
      procs.map(async (p) => {
        const done = nextReport(p.child, 'stopped');
        p.child.send({ kind: 'stop' } satisfies NodeCommand);
        return done;
      }),
    );
    const returned = stopped.reduce((sum, r) => sum + (r.kind === 'stopped' ? r.returned : 0), 0);
    if (returned > 0) console.log(`  skeleton: ${returned} messages came back unroutable (the topology changed between the runs?)`);
    console.log(`  skeleton: ${plan.lifecycles.length} lifecycles in ${result.elapsedS.toFixed(1)} s`);
    return { ...result, messages: plan.messages, lifecycleTimesMs };
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await cleanQueues(AMQP_URL);
  }
}

/**
 * Runs `work` and measures it: CPU of every process and of the broker from /proc, before and after (so neither
 * start-up nor other processes count), RSS sampled every second, the load average. With BENCH_CPU_PROF it also writes
 * the window the profiles are to be read over.
 */
async function measure(
  procs: readonly Proc[],
  broker: number | undefined,
  label: string,
  work: () => Promise<{ elapsedS: number }>,
): Promise<Omit<RunResult, 'messages' | 'lifecycleTimesMs'>> {
  const before = new Map(procs.map((p) => [p.name, processStats(p.child.pid!)]));
  const brokerBefore = broker ? processStats(broker).cpuSeconds : NaN;
  const rss = new Map<string, number[]>(procs.map((p) => [p.name, []]));
  const sampler = setInterval(() => {
    for (const p of procs) rss.get(p.name)!.push(processStats(p.child.pid!).rssMiB);
  }, 1000);
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const load0 = loadavg()[0];
  try {
    const { elapsedS } = await work();
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const after = new Map(procs.map((p) => [p.name, processStats(p.child.pid!)]));
    if (PROFILE_DIR && label === 'flow') {
      mkdirSync(PROFILE_DIR, { recursive: true });
      const cpu = Object.fromEntries(
        procs.map((p) => [
          p.name,
          {
            total: after.get(p.name)!.cpuSeconds - before.get(p.name)!.cpuSeconds,
            main: after.get(p.name)!.mainThreadCpuSeconds - before.get(p.name)!.mainThreadCpuSeconds,
          },
        ]),
      );
      writeFileSync(join(PROFILE_DIR, 'window.json'), JSON.stringify({ fromUs, toUs, lifecycles: N, cpu } satisfies ProfileWindow));
    }
    return {
      elapsedS,
      cpu: new Map(procs.map((p) => [p.name, after.get(p.name)!.cpuSeconds - before.get(p.name)!.cpuSeconds])),
      peakRss: new Map(procs.map((p) => [p.name, after.get(p.name)!.peakRssMiB])),
      rss,
      brokerCpuS: broker ? processStats(broker).cpuSeconds - brokerBefore : NaN,
      load: [load0, loadavg()[0]],
    };
  } finally {
    clearInterval(sampler);
  }
}

function report(flow: RunResult, skeleton: RunResult | undefined): void {
  const perLifecycle = (seconds: number): number => (seconds * 1000) / N;
  const rate = (r: RunResult): number => N / r.elapsedS;
  const pct = (r: RunResult, p: number): number => {
    const times = [...r.lifecycleTimesMs].sort((a, b) => a - b);
    return times[Math.min(times.length - 1, Math.floor(p * times.length))] / 1000;
  };
  const busCpu = (r: RunResult): number =>
    [...r.cpu].filter(([name]) => SERVICES.some((s) => name === s)).reduce((sum, [, s]) => sum + s, 0);
  const sum = (r: RunResult): number => [...r.cpu.values()].reduce((a, b) => a + b, 0);
  const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
  const sk = skeleton;
  console.log(
    `\nN = ${N}${RATE > 0 ? `, submitted at ${RATE}/s` : ', submitted at once'}; load average ${flow.load[0].toFixed(1)} → ${flow.load[1].toFixed(1)} during the flow${sk ? `, ${sk.load[0].toFixed(1)} → ${sk.load[1].toFixed(1)} during the skeleton` : ''} (${availableParallelism()} cores)\n`,
  );
  console.log('| measure | flow | skeleton | flow ÷ skeleton |\n|---|---|---|---|');
  console.log(
    `| complete lifecycles/s | ${rate(flow).toFixed(1)} | ${sk ? rate(sk).toFixed(1) : '-'} | ${sk ? `**${(rate(flow) / rate(sk)).toFixed(2)}** (target ≥ 0.50)` : '-'} |`,
  );
  console.log(
    `| end-to-end p50 / p99 (RECEIVED → ARCHIVED), s | ${pct(flow, 0.5).toFixed(1)} / ${pct(flow, 0.99).toFixed(1)} | ${sk ? `${pct(sk, 0.5).toFixed(1)} / ${pct(sk, 0.99).toFixed(1)}` : '-'} | |`,
  );
  console.log(
    `| messages per lifecycle (lienthong.events + lienthong.internal) | ${(flow.messages / N).toFixed(1)} | ${sk ? (sk.messages / N).toFixed(1) : '-'} | |`,
  );
  console.log(
    `| broker CPU ms per lifecycle | ${ms(perLifecycle(flow.brokerCpuS))} | ${sk ? ms(perLifecycle(sk.brokerCpuS)) : '-'} | ${sk ? (flow.brokerCpuS / sk.brokerCpuS).toFixed(2) : '-'} |`,
  );
  console.log(
    `| bus services' CPU ms per lifecycle (skeleton: their nodes) | ${ms(perLifecycle(busCpu(flow)))} | ${sk ? ms(perLifecycle([...sk.cpu].filter(([n]) => SERVICES.some((s) => n === `skeleton ${s}`)).reduce((a, [, s]) => a + s, 0))) : '-'} | |`,
  );
  console.log(
    `| every process and the broker, CPU ms per lifecycle | ${ms(perLifecycle(sum(flow) + (flow.brokerCpuS || 0)))} | ${sk ? ms(perLifecycle(sum(sk) + (sk.brokerCpuS || 0))) : '-'} | |`,
  );
  console.log(
    `| cores busy on average | ${((sum(flow) + (flow.brokerCpuS || 0)) / flow.elapsedS).toFixed(2)} | ${sk ? ((sum(sk) + (sk.brokerCpuS || 0)) / sk.elapsedS).toFixed(2) : '-'} | |`,
  );

  console.log('\n| process | CPU ms per lifecycle | peak RSS MiB | RSS at ¼, ½, ¾, end of the run, MiB |\n|---|---|---|---|');
  const rows = (r: RunResult): void => {
    for (const [name, cpu] of r.cpu) {
      const samples = r.rss.get(name) ?? [];
      const at = (f: number): string =>
        samples.length ? samples[Math.min(samples.length - 1, Math.floor(f * samples.length))].toFixed(0) : '-';
      console.log(
        `| ${name} | ${ms(perLifecycle(cpu))} | ${r.peakRss.get(name)!.toFixed(0)} | ${at(0.25)}, ${at(0.5)}, ${at(0.75)}, ${at(0.999)} |`,
      );
    }
    console.log(`| rabbitmq (${r === flow ? 'flow' : 'skeleton'}) | ${ms(perLifecycle(r.brokerCpuS))} | | |`);
  };
  rows(flow);
  if (sk) rows(sk);

  if (!sk) return;
  const bus = perLifecycle(busCpu(flow));
  const brokerSkeleton = perLifecycle(sk.brokerCpuS);
  const rssBus = SERVICES.map((s) => `${s} ${flow.peakRss.get(s)!.toFixed(0)}`).join(', ');
  console.log('\nTargets:');
  console.log(
    `- bus services' CPU per lifecycle ${bus.toFixed(2)} ms ≤ the broker's in the skeleton ${ms(brokerSkeleton)} ms: ${bus <= brokerSkeleton ? 'met' : `not met (${(bus / brokerSkeleton).toFixed(2)}×)`}`,
  );
  console.log(
    `- lifecycles/s ≥ 0.5 × the skeleton's: ${(rate(flow) / rate(sk)).toFixed(2)}× (${rate(flow) / rate(sk) >= 0.5 ? 'met' : 'not met'})`,
  );
  console.log(
    `- peak RSS ≤ 150 MiB per bus service: ${rssBus} (${SERVICES.every((s) => flow.peakRss.get(s)! <= 150) ? 'met' : 'not met'})`,
  );
}

function consumersOf() {
  return {
    byQueue: new Map<string, string>([...SERVICES.map((s) => [queueNameOf(s), s] as [string, string]), [ONESTOP_QUEUE, 'sim-onestop']]),
    onestopQueue: ONESTOP_QUEUE,
    queueOf: (service: string) => queueNameOf(service),
  };
}

function nextReport(child: ChildProcess, kind: NodeReport['kind']): Promise<NodeReport> {
  return new Promise((resolveReport, reject) => {
    const onMessage = (message: NodeReport): void => {
      if (message.kind === 'error') reject(new Error(message.message));
      else if (message.kind === kind) {
        child.off('message', onMessage);
        resolveReport(message);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => code && reject(new Error(`a skeleton node exited with ${code}`)));
  });
}

main().catch((error) => {
  console.error(`\nbench:lifecycle failed: ${(error as Error).message}`);
  process.exit(1);
});
