/** Messages between the benchmark driver and its child processes (over Node IPC). */
export type Scenario = 'raw' | 'lienthong' | 'nest-rmq';

export interface ConsumerResult {
  readonly received: number;
  /** ms from the first to the last message handled. */
  readonly elapsedMs: number;
  readonly latenciesMs: number[];
  readonly cpuMicros: number;
  readonly maxRssKb: number;
  /** Database transactions the lienthong consumer committed (its batches); absent for the others. */
  readonly batches?: number;
}

export interface ProducerResult {
  readonly sent: number;
  readonly elapsedMs: number;
  readonly cpuMicros: number;
}

export type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'progress'; received: number }
  | { kind: 'done'; result: ConsumerResult | ProducerResult }
  | { kind: 'error'; message: string };

export const BENCH_QUEUE: Record<Scenario, string> = { raw: 'bench.raw', lienthong: 'lienthong.bench', 'nest-rmq': 'bench.nest' };
export const SENT_AT_HEADER = 'x-bench-sent-at';

/** Reports to the parent process; resolves once the message has left (so exiting right after is safe). */
export function report(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Wall-clock ms with sub-ms precision, comparable across processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Most latencies a consumer keeps: beyond, a uniform sample of them (reservoir), so that a soak's memory stays flat. */
export const MAX_LATENCIES = 100_000;
/** A consumer reports how many it has handled every so many messages (for a soak's progress output). */
const PROGRESS_EVERY = 10_000;

/** Counts received messages, latencies, CPU and RSS the same way for every consumer. */
export class ConsumerMeter {
  private first = 0;
  private last = 0;
  private count = 0;
  private readonly latencies: number[] = [];
  private cpuStart = process.cpuUsage();

  constructor(
    private readonly expected: number,
    private readonly onDone: (result: ConsumerResult) => Promise<void>,
  ) {}

  resetCpu(): void {
    this.cpuStart = process.cpuUsage();
  }

  /** Records one handled message sent at `sentAt` (ms). */
  record(sentAt: number): void {
    const now = nowMs();
    if (this.count === 0) this.first = now;
    this.last = now;
    this.count++;
    if (this.latencies.length < MAX_LATENCIES) this.latencies.push(now - sentAt);
    else {
      const slot = Math.floor(Math.random() * this.count);
      if (slot < MAX_LATENCIES) this.latencies[slot] = now - sentAt;
    }
    if (this.count % PROGRESS_EVERY === 0) void report({ kind: 'progress', received: this.count });
    if (this.count === this.expected) {
      // Let the last acks/commits leave before measuring CPU.
      setTimeout(() => {
        const cpu = process.cpuUsage(this.cpuStart);
        this.onDone({
          received: this.count,
          elapsedMs: this.last - this.first,
          latenciesMs: this.latencies,
          cpuMicros: cpu.user + cpu.system,
          maxRssKb: process.resourceUsage().maxRSS,
        }).catch((error: unknown) => {
          console.error(error);
          process.exit(1);
        });
      }, 200);
    }
  }
}
