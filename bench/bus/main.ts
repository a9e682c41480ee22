import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import type { ConsumerResult, ProducerResult, Scenario } from './bench.protocol';
import { resetQueue, spawn, waitFor } from './children';

/**
 * `npm run bench:bus`: the same ~1.2 KiB dossier message through three consumers, producer and consumer in
 * separate processes, interleaved round by round so that machine noise hits every scenario alike:
 *   raw        plain amqplib, persistent, confirms, manual ack (the baseline)
 *   lienthong  this project's transport: decode, validate, inbox, handler + outbox in one transaction, ack after commit,
 *              on SQLite (a file) or PostgreSQL (`--store postgres`: a new schema of TEST_POSTGRES_URL, dropped after),
 *              (NODE_ENV=development: the SQLite misuse check, a test-runner aid, is off as in production)
 *   nest-rmq   Nest's built-in RMQ transport with ValidationPipe, manual ack
 * Phase 1 measures throughput at full speed; phase 2 measures latency at a paced rate.
 * Options: --n 50000 --rounds 2 --rate 1000 --paced-seconds 10 --scenarios raw,lienthong,nest-rmq --store sqlite|postgres
 */
const args = parseArgs(process.argv.slice(2));
const N = Number(args.n ?? 50_000);
const ROUNDS = Number(args.rounds ?? 2);
const RATE = Number(args.rate ?? 1000);
const PACED_SECONDS = Number(args['paced-seconds'] ?? 10);
const SCENARIOS = (args.scenarios ?? 'raw,lienthong,nest-rmq').split(',') as Scenario[];
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const STORE = args.store ?? 'sqlite';
if (STORE !== 'sqlite' && STORE !== 'postgres') throw new Error(`--store must be sqlite or postgres, not "${STORE}"`);
/** The store of the lienthong consumer: a fresh one per run. */
const storeUrl = (): string =>
  testDatabaseUrls()
    .find((t) => t.name === STORE)!
    .url();

interface Run {
  scenario: Scenario;
  consumer: ConsumerResult;
  producer: ProducerResult;
}

async function main(): Promise<void> {
  console.log(
    `bench:bus  N=${N} per run, ${ROUNDS} interleaved rounds, paced ${RATE} msgs/s for ${PACED_SECONDS}s; lienthong on ${STORE}; node ${process.version}`,
  );
  const full: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const scenario of SCENARIOS) {
      process.stdout.write(`  round ${round} ${scenario.padEnd(10)} full speed … `);
      const run = await runOnce(scenario, N, 0);
      full.push(run);
      console.log(`${fmt(msgsPerSecond(run))} msgs/s`);
    }
  }
  const paced: Run[] = [];
  for (const scenario of SCENARIOS) {
    process.stdout.write(`  paced     ${scenario.padEnd(10)} ${RATE} msgs/s … `);
    const run = await runOnce(scenario, RATE * PACED_SECONDS, RATE);
    paced.push(run);
    console.log(`p99 ${percentile(run.consumer.latenciesMs, 0.99).toFixed(2)} ms`);
  }
  printTable(full, paced);
}

async function runOnce(scenario: Scenario, n: number, rate: number): Promise<Run> {
  await resetQueue(AMQP_URL, scenario);
  const databaseUrl = scenario === 'lienthong' ? storeUrl() : undefined;
  try {
    const consumer = spawn(`consumer-${scenario}`, [String(n)], databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {});
    await waitFor(consumer, 'ready');
    const producer = spawn('producer', [scenario, String(n), String(rate)]);
    const [producerResult, consumerResult] = await Promise.all([waitFor(producer, 'done'), waitFor(consumer, 'done')]);
    return { scenario, consumer: consumerResult as ConsumerResult, producer: producerResult as ProducerResult };
  } finally {
    if (databaseUrl) await dropTestSchema(databaseUrl);
  }
}

const msgsPerSecond = (run: Run): number => (run.consumer.received * 1000) / run.consumer.elapsedMs;
/** The middle value (the mean of the two middle ones for an even count). */
const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function printTable(full: Run[], paced: Run[]): void {
  const rows = SCENARIOS.map((scenario) => {
    const runs = full.filter((r) => r.scenario === scenario);
    const pacedRun = paced.find((r) => r.scenario === scenario)!;
    const latencies = runs.flatMap((r) => r.consumer.latenciesMs);
    return {
      scenario,
      rate: median(runs.map(msgsPerSecond)),
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      pacedP50: percentile(pacedRun.consumer.latenciesMs, 0.5),
      pacedP99: percentile(pacedRun.consumer.latenciesMs, 0.99),
      cpu: median(runs.map((r) => r.consumer.cpuMicros / r.consumer.received)),
      producerCpu: median(runs.map((r) => r.producer.cpuMicros / r.producer.sent)),
      rss: Math.max(...runs.map((r) => r.consumer.maxRssKb)) / 1024,
    };
  });
  const raw = rows.find((r) => r.scenario === 'raw');
  // Each round's ratio to the raw run of the same round: the fairest comparison on a machine whose speed drifts.
  const rounds = Math.max(...full.map((_, i) => Math.floor(i / SCENARIOS.length) + 1));
  for (const scenario of SCENARIOS.filter((s) => s !== 'raw')) {
    const ratios = Array.from({ length: rounds }, (_, r) => {
      const run = (s: Scenario) => full.find((x, i) => x.scenario === s && Math.floor(i / SCENARIOS.length) === r);
      const a = run(scenario);
      const b = run('raw');
      return a && b ? msgsPerSecond(a) / msgsPerSecond(b) : NaN;
    });
    console.log(
      `${scenario} ÷ raw, round by round: ${ratios.map((x) => x.toFixed(2)).join(', ')} (mean ${(ratios.reduce((x, y) => x + y, 0) / ratios.length).toFixed(2)})`,
    );
    const batched = full.filter((r) => r.scenario === scenario && r.consumer.batches);
    if (batched.length > 0)
      console.log(
        `${scenario} messages per batch, round by round: ${batched.map((r) => Math.round(r.consumer.received / r.consumer.batches!)).join(', ')}`,
      );
  }
  console.log(
    '\n| scenario | msgs/s (median) | × raw | p50 ms (full speed) | p99 ms (full speed) | p50 ms @' +
      RATE +
      '/s | p99 ms @' +
      RATE +
      '/s | consumer CPU µs/msg | producer CPU µs/msg | consumer peak RSS MiB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = raw ? (r.rate / raw.rate).toFixed(2) : '-';
    console.log(
      `| ${r.scenario} | ${fmt(r.rate)} | ${ratio} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.pacedP50.toFixed(2)} | ${r.pacedP99.toFixed(2)} | ${r.cpu.toFixed(1)} | ${r.producerCpu.toFixed(1)} | ${r.rss.toFixed(0)} |`,
    );
  }
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1];
  return out;
}

main().catch((error) => {
  console.error(`bench:bus failed: ${(error as Error).message}`);
  process.exit(1);
});
