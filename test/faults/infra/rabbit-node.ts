import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as net from 'node:net';
import { onExitCleanup, run, runAs, waitFor } from './run';

/** The Debian package's scripts: the unwrapped server (the `/usr/sbin` wrapper drops our environment) and the CLI. */
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const RABBITMQCTL = '/usr/sbin/rabbitmqctl';
const RABBITMQ_USER = 'rabbitmq';

export interface RabbitNodeOptions {
  /** Index of the node in this helper's range: AMQP port 5690+i, dist port 25690+i, name `lt22n<i>@localhost`. */
  readonly index: number;
  /** Directory to create the node's data in (default: a new temp dir). */
  readonly baseDir?: string;
}

/** One AMQP connection as the broker lists it. */
export interface BrokerConnection {
  /** Erlang pid, `<lt22n1@localhost.1234.0>`: names the node the connection lives on. */
  readonly pid: string;
  /** The client's `connection_name` property (the bus services set it to their service name). */
  readonly name: string | undefined;
  readonly node: string;
}

/**
 * A RabbitMQ node of our own on this machine (never the machine's `rabbit@localhost`): own node name, AMQP
 * listener, distribution port, Mnesia and log directories in a temp dir. The CLI reaches it through the shared
 * Erlang cookie of the `rabbitmq` user. `dispose()` stops it and deletes its data; a node still running when the
 * process exits (a failed test, Ctrl-C) is killed by an exit hook.
 */
export class RabbitNode {
  readonly nodeName: string;
  readonly amqpPort: number;
  readonly distPort: number;
  readonly dir: string;
  private readonly ownsDir: boolean;
  private unregister: (() => void) | undefined;

  private constructor(
    readonly index: number,
    baseDir?: string,
  ) {
    if (!Number.isInteger(index) || index < 0 || index > 9) throw new Error(`node index ${index} is outside 0..9 (ports 5690-5699)`);
    this.nodeName = `lt22n${index}@localhost`;
    this.amqpPort = 5690 + index;
    this.distPort = 25690 + index;
    this.ownsDir = baseDir === undefined;
    const base = baseDir ?? mkdtempSync(join(tmpdir(), 'lt22-rabbit-'));
    this.dir = join(base, `n${index}`);
  }

  /** Starts a fresh node and waits until it accepts AMQP connections. */
  static async start(options: RabbitNodeOptions): Promise<RabbitNode> {
    const node = new RabbitNode(options.index, options.baseDir);
    await node.assertPortFree();
    node.prepareDir();
    node.unregister = onExitCleanup(() => node.killAndDelete());
    try {
      await node.launch();
    } catch (error) {
      await node.dispose();
      throw error;
    }
    return node;
  }

  /** `amqp://guest:guest@127.0.0.1:<port>` (guest may connect from localhost, which this is). */
  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.amqpPort}`;
  }

  /** Runs `rabbitmqctl -n <this node> ...args`. */
  async ctl(...args: string[]): Promise<string> {
    return (await run(RABBITMQCTL, ['-n', this.nodeName, ...args], { timeoutMs: 120_000 })).stdout;
  }

  /** Stops the RabbitMQ application (the Erlang node stays up: connections are closed, the port stops listening). */
  async stopApp(): Promise<void> {
    await this.ctl('stop_app');
  }

  /** Starts the application again after `stopApp()` and waits until the AMQP port accepts connections. */
  async startApp(): Promise<void> {
    await this.ctl('start_app');
    await this.awaitAmqp();
  }

  /** Stops the whole node (the Erlang VM exits); `restart()` starts it again on the same data. */
  async stop(): Promise<void> {
    await this.ctl('stop').catch(async (error: unknown) => {
      if (await this.isRunning()) throw error;
    });
    await waitFor(`${this.nodeName} to exit`, async () => !(await this.isRunning()), 60_000, 200);
  }

  /** Starts the node again on its data (after `stop()`). */
  async restart(): Promise<void> {
    await this.launch();
  }

  /** Connections the broker lists (in a cluster, those of every node). */
  async connections(): Promise<BrokerConnection[]> {
    // The table formatter prints the pid with its node (`<lt22n1@localhost.1796609188.686.0>`, the form
    // `close_connection` takes); the JSON one drops the node.
    const out = await this.ctl('list_connections', 'pid', 'client_properties', '--no-table-headers', '--quiet');
    return out
      .split('\n')
      .filter((line) => line.startsWith('<'))
      .map((line) => {
        const [pid, props = ''] = line.split('\t');
        return { pid, name: /\{"connection_name","((?:[^"\\]|\\.)*)"\}/.exec(props)?.[1], node: nodeOfPid(pid) };
      });
  }

  /** Closes every connection whose `connection_name` is `name` (as `rabbitmqctl close_connection` does); returns how many. */
  async closeConnection(name: string, reason = 'closed by the fault suite'): Promise<number> {
    const matching = (await this.connections()).filter((c) => c.name === name);
    for (const c of matching) await this.ctl('close_connection', c.pid, reason);
    return matching.length;
  }

  /** True when the RabbitMQ application runs (its AMQP listener accepts connections); false after `stopApp()`. */
  isServing(): Promise<boolean> {
    return portOpen(this.amqpPort);
  }

  /** True when the node's Erlang VM is up (also after `stopApp()`). */
  async isRunning(): Promise<boolean> {
    return run(RABBITMQCTL, ['-n', this.nodeName, 'ping', '--timeout', '5'], { timeoutMs: 20_000 }).then(
      () => true,
      () => false,
    );
  }

  /** Stops the node if it runs, deletes its data and temp dir. Safe to call twice. */
  async dispose(): Promise<void> {
    if (await this.isRunning()) await this.ctl('stop').catch(() => this.killNow());
    this.killNow();
    this.unregister?.();
    this.unregister = undefined;
    rmSync(this.ownsDir ? join(this.dir, '..') : this.dir, { recursive: true, force: true });
  }

  private prepareDir(): void {
    mkdirSync(this.dir, { recursive: true });
    // The management plugin is not needed (the CLI lists and closes connections) and slows start-up.
    writeFileSync(
      join(this.dir, 'rabbitmq.conf'),
      [`listeners.tcp.local = 127.0.0.1:${this.amqpPort}`, 'loopback_users = none', ''].join('\n'),
    );
    writeFileSync(join(this.dir, 'plugins'), '[].\n');
    const uid = Number(execFileSync('id', ['-u', RABBITMQ_USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', RABBITMQ_USER]).toString().trim());
    // The parent too: mkdtemp makes it 0700 root, which the rabbitmq user could not enter.
    chownSync(join(this.dir, '..'), uid, gid);
    execFileSync('chown', ['-R', `${uid}:${gid}`, this.dir]);
  }

  private async launch(): Promise<void> {
    await runAs(
      RABBITMQ_USER,
      RABBITMQ_SERVER,
      ['-detached'],
      {
        HOME: '/var/lib/rabbitmq',
        PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
        LANG: 'C.UTF-8',
        RABBITMQ_NODENAME: this.nodeName,
        RABBITMQ_CONFIG_FILE: join(this.dir, 'rabbitmq'),
        RABBITMQ_DIST_PORT: String(this.distPort),
        RABBITMQ_MNESIA_BASE: join(this.dir, 'mnesia'),
        RABBITMQ_LOG_BASE: join(this.dir, 'log'),
        RABBITMQ_PID_FILE: join(this.dir, 'pid'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(this.dir, 'plugins'),
      },
      60_000,
    );
    // `-detached` returns before the VM registers with epmd; `await_startup` refuses a node it cannot reach yet.
    await waitFor(`${this.nodeName} to register with epmd`, () => this.isRunning(), 60_000, 500).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${this.logTail()}`);
    });
    await this.ctl('await_startup', '--timeout', '120').catch((error: unknown) => {
      throw new Error(`${this.nodeName} did not start: ${(error as Error).message}\n${this.logTail()}`);
    });
    await this.awaitAmqp();
  }

  private async awaitAmqp(): Promise<void> {
    await waitFor(`${this.nodeName} to accept AMQP on ${this.amqpPort}`, () => portOpen(this.amqpPort), 60_000, 200);
  }

  private async assertPortFree(): Promise<void> {
    if (await portOpen(this.amqpPort)) throw new Error(`port ${this.amqpPort} is taken: is an earlier ${this.nodeName} still running?`);
  }

  /** The last lines of the node's log, for a start-up error. */
  private logTail(): string {
    const log = join(this.dir, 'log', `${this.nodeName}.log`);
    return existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '(no log)';
  }

  /** Synchronous last resort (exit hook): kills the node's Erlang VM by the pid in its pid file. */
  private killNow(): void {
    const pidFile = join(this.dir, 'pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 1) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    rmSync(pidFile, { force: true });
  }

  /** Exit hook: kill the VM and delete the data (nothing of a fault run is left behind). */
  private killAndDelete(): void {
    this.killNow();
    rmSync(this.ownsDir ? join(this.dir, '..') : this.dir, { recursive: true, force: true });
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function nodeOfPid(pid: string): string {
  return /^<([^.>]+@[^.>]+)\./.exec(pid)?.[1] ?? '';
}
