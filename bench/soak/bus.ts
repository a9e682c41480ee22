import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildMessage, ConsumerResult, ProducerResult } from '../bus/bench.protocol';
import { resetQueue, spawn, waitFor } from '../bus/children';
import { finish, soakArgs, soakRetentionEnv, spans } from './report';
import { Sampler } from './sampler';

/**
 * `npm run soak:bus`: N messages (default 1,000,000) through this project's transport, publish → consume (decode,
 * validate, inbox, handler in a transaction, ack after commit), paced at `--rate` per second by a raw amqplib producer
 * with confirms: the `bench:bus` producer and lienthong consumer, each its own process. Samples both processes' RSS and
 * open descriptors once a second and the consumer's inbox and outbox rows every 10 s (INBOX_RETENTION_MS and
 * OUTBOX_RETENTION_MS 60 s unless set), and judges them after warm-up (see verdict.ts).
 *
 * Options: --n 1000000 --rate 1000 --warmup 0.2. Environment: AMQP_URL (its virtual host holds the queue).
 */
const args = soakArgs(process.argv.slice(2));
const N = Number(args.n ?? 1_000_000);
const RATE = Number(args.rate ?? 1000);
const WARMUP = Number(args.warmup ?? 0.2);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

async function main(): Promise<void> {
  const startedAt = new Date();
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-soak-bus-'));
  const file = join(dir, 'bench.db');
  console.log(
    `soak:bus  ${N.toLocaleString('en-US')} messages at ${RATE}/s (~${Math.round(N / RATE / 60)} min), consumer on SQLite ${file}, broker ${new URL(AMQP_URL).host}${new URL(AMQP_URL).pathname}`,
  );
  await resetQueue(AMQP_URL, 'lienthong');
  const consumer = spawn('consumer-lienthong', [String(N)], { BENCH_DATABASE_URL: `sqlite:${file}`, ...soakRetentionEnv() });
  let producer: ReturnType<typeof spawn> | undefined;
  try {
    await waitFor(consumer, 'ready');
    producer = spawn('producer', ['lienthong', String(N), String(RATE)]);
    const sampler = new Sampler([
      { name: 'consumer (lienthong)', pid: consumer.pid!, database: { file, tables: ['inbox', 'outbox'] } },
      { name: 'producer (amqplib)', pid: producer.pid! },
    ]);
    sampler.start();
    const startS = sampler.now();
    consumer.on('message', (m: ChildMessage) => {
      if (m.kind !== 'progress' || m.received % 50_000 !== 0) return;
      const c = sampler.last('consumer (lienthong)');
      console.log(
        `  ${sampler.now().toFixed(0).padStart(5)} s  ${m.received.toLocaleString('en-US').padStart(9)} handled  consumer RSS ${c?.rssMiB} MiB, ${c?.fds} fds, inbox ${sampler.lastRows('consumer (lienthong)', 'inbox') ?? '-'} rows`,
      );
    });
    const timeoutMs = (N / RATE) * 2000 + 300_000;
    const [sent, received] = (await Promise.all([waitFor(producer, 'done', timeoutMs), waitFor(consumer, 'done', timeoutMs)])) as [
      ProducerResult,
      ConsumerResult,
    ];
    sampler.stop();
    const endS = sampler.now();
    const sorted = [...received.latenciesMs].sort((a, b) => a - b);
    const at = (p: number): string => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
    const result = finish(sampler, {
      kind: 'bus',
      title: 'soak:bus',
      startedAt: startedAt.toISOString(),
      command: `npm run soak:bus -- --n ${N} --rate ${RATE}`,
      durationS: endS - startS,
      figures: {
        messages: received.received,
        sent: sent.sent,
        'msgs/s': Math.round((received.received * 1000) / received.elapsedMs),
        'latency p50 ms': at(0.5),
        'p99 ms': at(0.99),
        'consumer CPU µs/msg': (received.cpuMicros / received.received).toFixed(1),
      },
      ...spans(startS, endS, WARMUP),
      informative: [],
    });
    process.exitCode = result.ok ? 0 : 2;
  } finally {
    for (const child of [consumer, producer]) if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`soak:bus failed: ${(error as Error).message}`);
  process.exit(1);
});
