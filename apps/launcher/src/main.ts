import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { brokerReachable } from './preflight';
import { type ServiceSpec, services } from './services';

/**
 * `npm start` / `npm run start:bus`: runs every service (and, unless `--bus-only`, the simulators) as child
 * processes, prefixes their logs, restarts one that dies, and on Ctrl-C stops them all cleanly.
 */
const root = resolve(__dirname, '../../../..');
const busOnly = process.argv.includes('--bus-only');
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const children = new Map<string, ChildProcess>();
let stopping = false;

async function main(): Promise<void> {
  if (!(await brokerReachable(amqpUrl))) {
    console.error(
      `Liên thông cannot start: no RabbitMQ answers at ${amqpUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')}.\n` +
        'RabbitMQ is the one thing that cannot be embedded. To get one on Debian/Ubuntu:\n' +
        '  apt-get install rabbitmq-server\n' +
        '  rabbitmq-server -detached\n' +
        'or point AMQP_URL at an existing broker.',
    );
    process.exit(1);
  }
  const chosen = services(process.env).filter((s) => !(busOnly && s.simulator));
  for (const spec of chosen) {
    if (!existsSync(join(root, spec.entry))) {
      console.warn(`[launcher] ${spec.name}: ${spec.entry} is not built; skipped`);
      continue;
    }
    run(spec, 0);
  }
  console.log(`[launcher] running ${[...children.keys()].join(', ')}${busOnly ? ' (bus only)' : ' with simulators'}; Ctrl-C stops everything`);
  for (const spec of chosen) if (spec.healthUrl && children.has(spec.name)) console.log(`[launcher] ${spec.name} health: ${spec.healthUrl}`);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function run(spec: ServiceSpec, restarts: number): void {
  const child = spawn(process.execPath, [join(root, spec.entry)], { cwd: root, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(spec.name, child);
  const prefix = `[${spec.name}]`;
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream! }).on('line', (line) => console.log(`${prefix} ${line}`));
  child.on('exit', (code, signal) => {
    children.delete(spec.name);
    if (stopping) return;
    const delay = Math.min(1000 * 2 ** restarts, 30_000);
    console.error(`[launcher] ${spec.name} exited (${signal ?? code}); restarting in ${delay / 1000}s`);
    setTimeout(() => !stopping && run(spec, restarts + 1), delay);
  });
}

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`[launcher] ${signal}: stopping ${[...children.keys()].join(', ')} (draining in-flight work)`);
  const exits = [...children.values()].map((child) => new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  }));
  const timeout = setTimeout(() => {
    console.error('[launcher] some services did not stop within 20s; killing them');
    for (const child of children.values()) child.kill('SIGKILL');
  }, 20_000);
  await Promise.all(exits);
  clearTimeout(timeout);
  console.log('[launcher] stopped');
  process.exit(0);
}

void main();
