import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { RETRY_DELAYS_MS, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { TestBroker } from '@lienthong/messaging/testing/test-broker';

const ROOT = join(__dirname, '../../../..');

/** A service's main started as its own process from the sources (ts-node), as a province starts it from dist/. */
export interface MainProcess {
  /** Every line written so far, standard output and error together. */
  readonly lines: string[];
  /** Standard error's lines only. */
  readonly errors: string[];
  /**
   * Standard error's lines as the records the service logger writes off a terminal (`LOG_FORMAT` unset: JSON, one
   * object per line); throws, quoting it, at a line that is not one.
   */
  errorRecords(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Resolves with the first line matching `pattern`; rejects when the process exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | string>;
}

/** Starts `apps/<app>/src/main.ts` with exactly `env` (plus PATH), from the repository root. */
export function startMain(app: string, env: Readonly<Record<string, string>>): MainProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', app, 'src', 'main.ts')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const errors: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const take = (into: string[][]) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      for (const list of into) list.push(line);
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout!.on('data', take([lines]));
  child.stderr!.on('data', take([lines, errors]));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    lines,
    errors,
    errorRecords: () =>
      errors.map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`not one JSON object: ${line}`);
        }
      }),
    exited,
    waitFor: (pattern, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const seen = lines.find((l) => pattern.test(l));
        if (seen) return resolve(seen);
        const timer = setTimeout(
          () => done(new Error(`no line matching ${pattern} within ${timeoutMs} ms; got:\n${lines.join('\n')}`)),
          timeoutMs,
        );
        const listener = (line: string): void => {
          if (pattern.test(line)) done(undefined, line);
        };
        const done = (error?: Error, line?: string): void => {
          clearTimeout(timer);
          listeners.delete(listener);
          if (error) reject(error);
          else resolve(line!);
        };
        listeners.add(listener);
        void exited.then((code) => done(new Error(`exited (${code}) before a line matching ${pattern}; got:\n${lines.join('\n')}`)));
      }),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Deletes a service's durable queue and its retry queues from the test broker. A main started by a test declares
 * them under their real names (`lienthong.orchestrator`): left behind, they stay bound and collect the messages
 * of later tests, which the next suite to consume them would receive.
 */
export async function deleteServiceQueues(service: string): Promise<void> {
  const broker = await TestBroker.connect();
  try {
    const queue = queueNameOf(service);
    await broker.deleteQueues([queue, ...RETRY_DELAYS_MS.map((delay, level) => retryQueueName(queue, level, delay))]);
  } finally {
    await broker.close();
  }
}
