import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { BENCH_QUEUE, type ChildMessage, type Scenario } from './bench.protocol';

/** The bus benchmark's child processes (producer, consumers), shared by `bench:bus` and `soak:bus`. */

/**
 * Forks `<name>.js` of this directory with IPC, in development mode (the SQLite misuse check, a test-runner aid, off as in production).
 * With `BENCH_CPU_PROF_DIR` set, each consumer child writes a V8 CPU profile there (`--cpu-prof`; Node refuses it in NODE_OPTIONS).
 */
export function spawn(name: string, argv: string[], env: Record<string, string> = {}): ChildProcess {
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  return fork(join(__dirname, `${name}.js`), argv, {
    execArgv:
      profileDir && name.startsWith('consumer-')
        ? [
            ...process.execArgv,
            '--cpu-prof',
            '--cpu-prof-dir',
            profileDir,
            '--cpu-prof-name',
            `${name}.${process.hrtime.bigint()}.cpuprofile`,
          ]
        : process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'development', ...env },
  });
}

export function waitFor(child: ChildProcess, kind: 'ready' | 'done', timeoutMs = 600_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`child timed out waiting for ${kind}`));
    }, timeoutMs);
    const onMessage = (message: ChildMessage): void => {
      if (message.kind === 'error') {
        clearTimeout(timer);
        reject(new Error(message.message));
      } else if (message.kind === kind) {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message.kind === 'done' ? message.result : undefined);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => code && reject(new Error(`child exited with ${code}`)));
  });
}

export async function resetQueue(amqpUrl: string, scenario: Scenario): Promise<void> {
  const model = await amqp.connect(amqpUrl);
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  await channel.deleteQueue(BENCH_QUEUE[scenario]).catch(() => undefined);
  await model.close().catch(() => undefined);
}
