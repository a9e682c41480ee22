import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { recordFlow } from '../lifecycle/bus-watch';
import { type Proc, ROOT, SERVICES, cleanQueues, runLifecycles, startFlow, stopAll } from '../lifecycle/flow';
import { finish, soakArgs, soakRetentionEnv, spans } from './report';
import { type Sampled, Sampler } from './sampler';

/**
 * `npm run soak:lifecycle`: N dossiers (default 20,000) through the whole lifecycle (reception → ARCHIVED) at `--rate`
 * per second, every service and simulator its own process as in `bench:lifecycle` (its flow.ts). Samples every
 * process's RSS and open descriptors once a second and, every 10 s, the rows of the tables that must stay bounded:
 * `inbox` and `outbox` of every bus service (INBOX_RETENTION_MS and OUTBOX_RETENTION_MS 60 s unless set) and the
 * orchestrator's `held_events` (out-of-order events, rejected after HOLD_MS). Judges them after warm-up (verdict.ts);
 * the simulators are shown, not judged.
 *
 * Options: --n 20000 --rate 10 --warmup 0.2 --minutes M (stop submitting after M minutes and judge what ran so far: the
 * longest run that fits before a deadline; the figures say how many of N were submitted and archived). Environment: AMQP_URL (its virtual host holds the run), BENCH_BASE_PORT
 * (default 3300: six ports from there), BENCH_PKI_DIR.
 */
const args = soakArgs(process.argv.slice(2));
const N = Number(args.n ?? 20_000);
const RATE = Number(args.rate ?? 10);
const WARMUP = Number(args.warmup ?? 0.2);
const MINUTES = args.minutes ? Number(args.minutes) : undefined;
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 3300);
const PKI_DIR = resolve(process.env.BENCH_PKI_DIR ?? join(ROOT, '.bench', 'pki'));
const PRUNED: Record<(typeof SERVICES)[number], string[]> = {
  orchestrator: ['inbox', 'outbox', 'held_events'],
  'ioffice-adapter': ['inbox', 'outbox'],
  'postal-adapter': ['inbox', 'outbox'],
};

async function main(): Promise<void> {
  const startedAt = new Date();
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-soak-lifecycle-'));
  console.log(
    `soak:lifecycle  ${N.toLocaleString('en-US')} dossiers at ${RATE}/s (~${Math.round(N / RATE / 60)} min), data in ${dir}, broker ${new URL(AMQP_URL).host}${new URL(AMQP_URL).pathname}`,
  );
  await cleanQueues(AMQP_URL);
  const procs: Proc[] = [];
  try {
    const port = await startFlow(procs, dir, { amqpUrl: AMQP_URL, basePort: BASE_PORT, pkiDir: PKI_DIR, env: soakRetentionEnv() });
    const watch = await recordFlow(AMQP_URL, N, false);
    const sampled: Sampled[] = procs.map((p) => {
      const tables = PRUNED[p.name as (typeof SERVICES)[number]];
      return { name: p.name, pid: p.child.pid!, ...(tables ? { database: { file: join(dir, `${p.name}.db`), tables } } : {}) };
    });
    const sampler = new Sampler(sampled);
    sampler.start();
    const startS = sampler.now();
    const limit = MINUTES
      ? new Promise<'stopped'>((r) => setTimeout(() => r('stopped'), MINUTES * 60_000).unref())
      : new Promise<never>(() => undefined);
    const run = runLifecycles(watch, port, N, RATE, {
      timeoutMs: (N / RATE) * 3000 + 600_000,
      progress: (line) => {
        const rss = SERVICES.map((s) => `${s} ${sampler.last(s)?.rssMiB.toFixed(0)}`).join(', ');
        console.log(`  ${line}\n         RSS MiB ${rss}; orchestrator inbox ${sampler.lastRows('orchestrator', 'inbox') ?? '-'} rows`);
      },
    });
    const outcome = await Promise.race([run, limit]);
    const stopped = outcome === 'stopped';
    if (stopped) run.catch(() => undefined); // its submissions fail once the processes are stopped
    sampler.stop();
    const endS = sampler.now();
    const times = watch.lifecycleTimesMs().sort((a, b) => a - b);
    const at = (p: number): string => (times[Math.min(times.length - 1, Math.floor(p * times.length))] / 1000).toFixed(1);
    await watch.close();
    const result = finish(sampler, {
      kind: 'lifecycle',
      title: 'soak:lifecycle',
      startedAt: startedAt.toISOString(),
      command: `npm run soak:lifecycle -- --n ${N} --rate ${RATE}${MINUTES ? ` --minutes ${MINUTES}` : ''}`,
      durationS: endS - startS,
      figures: stopped
        ? {
            'stopped after min': MINUTES!,
            submitted: Math.min(N, Math.floor((endS - startS) * RATE)),
            'lifecycles (ARCHIVED)': watch.archivedCount(),
            'lifecycles/s': (watch.archivedCount() / (endS - startS)).toFixed(1),
            'end-to-end p50 s': at(0.5),
            'p99 s': at(0.99),
          }
        : {
            lifecycles: watch.archivedCount(),
            'lifecycles/s': (N / (outcome as { elapsedS: number }).elapsedS).toFixed(1),
            'end-to-end p50 s': at(0.5),
            'p99 s': at(0.99),
          },
      ...spans(startS, endS, WARMUP),
      informative: procs.map((p) => p.name).filter((name) => name.startsWith('sim-')),
    });
    await stopAll(procs);
    process.exitCode = result.ok ? 0 : 2;
    if (stopped)
      console.log(
        `\n(stopped after ${MINUTES} min: ${watch.archivedCount().toLocaleString('en-US')} of ${N.toLocaleString('en-US')} dossiers archived)`,
      );
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await cleanQueues(AMQP_URL).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(), // a run stopped by --minutes leaves its submitting loop behind
  (error) => {
    console.error(`soak:lifecycle failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
