import { execFile } from 'node:child_process';

/** Output of a finished command. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command (no shell) and resolves with its output; rejects with the command line, the exit code and its
 * stderr, so that a failing `rabbitmqctl` or `pg_ctl` says what it was asked and why it refused.
 */
export function run(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
          reject(
            new Error(
              `${file} ${args.join(' ')} failed (${String(code ?? error.message)}): ${String(stderr).trim() || String(stdout).trim()}`,
            ),
          );
        } else resolve({ stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Runs a command as another system user (`runuser -u <user> --`), with exactly the environment given. */
export function runAs(
  user: string,
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs?: number,
): Promise<RunResult> {
  return run('runuser', ['-u', user, '--', 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), file, ...args], { timeoutMs });
}

/** Polls `probe` until it returns true or `timeoutMs` passes (then throws naming `what`). */
export async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 60_000, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve(probe()).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Disposers run on process exit / SIGINT / SIGTERM, so that a node, a database or a mount started by a fault
 * test is stopped even when the test run is interrupted. `register` returns the function that unregisters.
 */
const cleanups = new Set<() => void>();
let hooked = false;
export function onExitCleanup(cleanup: () => void): () => void {
  if (!hooked) {
    hooked = true;
    const runAll = (): void => {
      for (const c of [...cleanups].reverse()) {
        try {
          c();
        } catch {
          /* best effort at exit */
        }
      }
      cleanups.clear();
    };
    process.once('exit', runAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        runAll();
        process.exit(130);
      });
    }
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
