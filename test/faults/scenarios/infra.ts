import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { query } from '../harness/audit';
import type { FaultContext, Scenario } from '../harness/scenario';
import { BUS_SERVICES, type BusService, type Proc, type System } from '../harness/system';
import { PostgresInstance } from '../infra/postgres-instance';
import { RabbitCluster } from '../infra/rabbit-cluster';
import { RabbitNode } from '../infra/rabbit-node';
import { waitFor } from '../infra/run';
import { SmallDisk } from '../infra/small-disk';

/**
 * Infrastructure faults: the broker's own node stopped (application or whole node), the node of a 3-node quorum
 * cluster the services are connected to stopped, PostgreSQL restarted, the SQLite data dir and BLOB_DIR on a full
 * disk. Each brings up its own RabbitMQ node / cluster / PostgreSQL / tmpfs (test/faults/infra) in `setup` and
 * removes it in `teardown`; every row runs on a RabbitMQ node of its own, and nothing of the machine's own broker or
 * database is touched.
 */

/**
 * The run on a RabbitMQ node of its own (the harness's rabbitmqctl calls go to it too): a fault row never shares a
 * virtual host with `npm test` or another run, whose leftover queues would feed one into the other.
 */
function ownBroker(node: RabbitNode): { amqpUrl: string; rabbitmqctlArgs: string[] } {
  return { amqpUrl: node.url, rabbitmqctlArgs: ['-n', node.nodeName] };
}

/** The bus services of a run (one instance each unless the scenario says otherwise). */
const busProcs = (system: System): Proc[] => system.busProcs;

/** `/health/ready` of one process: status and body (never throws: an error is a status 0). */
async function readiness(proc: Proc): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${proc.port}/health/ready`, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    return { status: 0, body: (error as Error).message };
  }
}

/** The status of one check in a `/health/ready` body (terminus: `details.<check>.status`). */
function checkStatus(body: string, check: string): string | undefined {
  try {
    return (JSON.parse(body) as { details?: Record<string, { status?: string }> }).details?.[check]?.status;
  } catch {
    return undefined;
  }
}

/** Polls readiness of every bus process until `predicate` holds for all (or the deadline), returns what each said last. */
async function readinessUntil(
  ctx: FaultContext,
  what: string,
  predicate: (r: { status: number; body: string }) => boolean,
  timeoutMs: number,
): Promise<Map<string, { status: number; body: string }>> {
  const last = new Map<string, { status: number; body: string }>();
  await waitFor(
    what,
    async () => {
      for (const proc of busProcs(ctx.system)) last.set(proc.label, await readiness(proc));
      return [...last.values()].every(predicate);
    },
    timeoutMs,
    1_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${[...last].map(([p, r]) => `${p} ${r.status} ${r.body.slice(0, 300)}`).join(' | ')}`);
  });
  return last;
}

/**
 * Fails the row when a service dead-lettered anything during the fault: a database that went away or a full disk is
 * transient (retried with backoff), never a reason to give a message up.
 */
async function noDeadLetters(ctx: FaultContext): Promise<void> {
  const counts: string[] = [];
  for (const proc of busProcs(ctx.system)) {
    const [row] = await query<{ n: number }>(proc.env.DATABASE_URL, 'SELECT COUNT(*) AS n FROM dead_letters');
    if (Number(row.n) > 0) counts.push(`${proc.label} ${row.n}`);
  }
  if (counts.length) throw new Error(`dead letters after the fault: ${counts.join(', ')}`);
  ctx.log('no dead letters');
}

/** The broker's own node: the RabbitMQ application stopped for `downMs` (`stop_app`), then started (`start_app`). */
export function rabbitAppStopped(downMs = 15_000): Scenario {
  let node: RabbitNode | undefined;
  return {
    id: 'rabbit-stop-app',
    fault: `RabbitMQ stop_app for ${downMs / 1000} s, start_app`,
    description:
      `The run's own RabbitMQ node (lt22n0, port 5690) stops its application (\`rabbitmqctl stop_app\`: every connection closed, the port refuses) for ${downMs / 1000} s, ` +
      'then `start_app`. No process of the bus is restarted: each reconnects, re-declares and re-consumes by itself; the one-stop simulator publishes with confirms and retries.',
    async setup() {
      node = await RabbitNode.start({ index: 0 });
      return ownBroker(node);
    },
    async inject(ctx) {
      await node!.stopApp();
      ctx.log('stop_app done');
      await ctx.sleep(downMs);
      await node!.startApp();
      ctx.log('start_app done');
      await readinessUntil(ctx, 'every bus service ready again after start_app', (r) => r.status === 200, 90_000);
    },
    async teardown() {
      await node?.dispose();
    },
  };
}

/** The broker's own node stopped completely (the Erlang VM exits) and started again on its data. */
export function rabbitNodeRestarted(downMs = 10_000): Scenario {
  let node: RabbitNode | undefined;
  return {
    id: 'rabbit-node-restart',
    fault: `RabbitMQ node stopped ${downMs / 1000} s, restarted`,
    description:
      `The run's own RabbitMQ node (lt22n0) is stopped completely (\`rabbitmqctl stop\`: the VM exits, durable queues and persistent messages are on disk), ` +
      `stays down ${downMs / 1000} s and is started again on the same data. No process of the bus is restarted.`,
    async setup() {
      node = await RabbitNode.start({ index: 0 });
      return ownBroker(node);
    },
    async inject(ctx) {
      await node!.stop();
      ctx.log('node stopped');
      await ctx.sleep(downMs);
      await node!.restart();
      ctx.log('node started again');
      await readinessUntil(ctx, 'every bus service ready again after the node restart', (r) => r.status === 200, 120_000);
    },
    async teardown() {
      await node?.dispose();
    },
  };
}

/**
 * A 3-node cluster, quorum queues, every node in `AMQP_URL`. The bus services and the one-stop simulator list the
 * nodes from lt22n2 on (so they connect to lt22n2); the harness's observer and the other simulators sit on lt22n1,
 * outside the fault. The node the services are connected to (read from the broker's connection list) is stopped
 * completely mid-flow; every service must move to another node by itself. The node comes back after `downMs`.
 */
export function clusterNodeStopped(downMs = 30_000): Scenario {
  let cluster: RabbitCluster | undefined;
  return {
    id: 'cluster-node-stop',
    fault: `3-node cluster (quorum): the services' node stopped ${downMs / 1000} s`,
    description:
      'Three RabbitMQ nodes of our own (lt22n1-3, one cluster via `join_cluster`), `AMQP_QUEUE_TYPE=quorum`, `AMQP_URL` listing all three. ' +
      'The node every bus service (and the one-stop simulator) is connected to, found in `rabbitmqctl list_connections`, is stopped completely (`rabbitmqctl stop`) mid-flow; ' +
      `the services must reconnect to another node by themselves (checked in the connection list), and the node rejoins after ${downMs / 1000} s.`,
    stallMs: 150_000,
    async setup() {
      cluster = await RabbitCluster.start();
      const [n1, n2, n3] = cluster.nodes;
      const fromN2 = [n2, n3, n1].map((n) => n.url).join(',');
      const env = { AMQP_URL: fromN2 };
      return {
        amqpUrl: cluster.amqpUrl,
        rabbitmqctlArgs: ['-n', n1.nodeName],
        queueType: 'quorum',
        processEnv: { orchestrator: env, 'ioffice-adapter': env, 'postal-adapter': env, console: env, 'sim-onestop': env },
      };
    },
    async inject(ctx) {
      const services = busProcs(ctx.system).map((p) => p.name as BusService);
      const names = services.map((s) => `lienthong-${s}`);
      const before = new Map<string, string>();
      for (const name of names) before.set(name, (await cluster!.nodeOf(name))?.nodeName ?? '(not connected)');
      ctx.log(`connected: ${[...before].map(([n, node]) => `${n} on ${node}`).join(', ')}`);
      const target = [...new Set(before.values())];
      if (target.length !== 1 || !target[0].startsWith('lt22n'))
        throw new Error(`the services are not all on one node: ${target.join(', ')}`);
      const victim = cluster!.node(target[0]);
      await victim.stop();
      const stoppedAt = Date.now();
      ctx.log(`${victim.nodeName} stopped`);
      ctx.faultEnded();
      // Every service on another node, by itself (one listing per poll: each takes a second or two).
      let where = new Map<string, string>();
      await waitFor(
        'every service connected to another node',
        async () => {
          const connections = await (await cluster!.anyRunning()).connections();
          where = new Map(connections.filter((c) => c.name !== undefined && names.includes(c.name)).map((c) => [c.name!, c.node]));
          return names.every((name) => where.has(name) && where.get(name) !== victim.nodeName);
        },
        60_000,
        250,
      );
      ctx.log(
        `reconnected within ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s (an upper bound: one listing takes a second or two): ${names.map((n) => `${n} on ${where.get(n)}`).join(', ')}`,
      );
      await ctx.sleep(downMs);
      await victim.restart();
      ctx.log(`${victim.nodeName} back; running: ${(await cluster!.runningNodes()).join(', ')}`);
    },
    async teardown() {
      await cluster?.dispose();
    },
  };
}

/**
 * PostgreSQL restarted mid-flow (own instance, `DATABASE_URL=postgres://...`): stopped `fast` (sessions rolled back),
 * down for `downMs`, started again. Transient database errors must be retried (no dead letters), readiness must say
 * the database is down meanwhile.
 */
export function postgresRestarted(downMs = 10_000): Scenario {
  let pg: PostgresInstance | undefined;
  let node: RabbitNode | undefined;
  return {
    id: 'postgres-restart',
    fault: `PostgreSQL down ${downMs / 1000} s, restarted`,
    description:
      'Every bus service on its own schema of a PostgreSQL 15 instance of our own (port 5440). Mid-flow it is stopped (`pg_ctl stop -m fast`: sessions rolled back), ' +
      `stays down ${downMs / 1000} s and starts again. No process of the bus is restarted. Meanwhile every service's \`/health/ready\` must be 503 with the database down; ` +
      'afterwards no message may be in a dead-letter store (transient errors are retried).',
    stallMs: 150_000,
    async setup() {
      pg = await PostgresInstance.start({ port: 5440 });
      node = await RabbitNode.start({ index: 0 });
      return { ...ownBroker(node), database: 'postgres', postgresUrl: pg.url };
    },
    async inject(ctx) {
      await pg!.stop('fast');
      ctx.log('PostgreSQL stopped');
      const down = await readinessUntil(
        ctx,
        'every service not ready with its database down',
        (r) => r.status === 503 && checkStatus(r.body, 'database') === 'down',
        30_000,
      );
      ctx.log(`readiness while down: ${[...down].map(([p, r]) => `${p} ${r.status}`).join(', ')}`);
      await ctx.sleep(downMs);
      await pg!.startServer();
      ctx.log('PostgreSQL started again');
      await readinessUntil(ctx, 'every service ready again', (r) => r.status === 200, 60_000);
      await noDeadLetters(ctx);
    },
    async teardown() {
      await pg?.dispose();
      await node?.dispose();
    },
  };
}

/**
 * The SQLite data directory and BLOB_DIR of every bus service on a small tmpfs that is filled to the last byte
 * mid-flow for `fullMs`, then freed. Expected: a clear error (readiness names the disk and path), no corruption
 * (`PRAGMA integrity_check`), every dossier finishes once there is room.
 */
export function diskFull(fullMs = 20_000, sizeMb = 64): Scenario {
  let disk: SmallDisk | undefined;
  let node: RabbitNode | undefined;
  const dbFile = (service: BusService): string => join(disk!.dir('data'), `${service}.db`);
  const integrity = (): string[] => {
    const bad: string[] = [];
    for (const service of BUS_SERVICES) {
      const file = dbFile(service);
      if (!existsSync(file)) continue;
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
        if (rows.length !== 1 || rows[0].integrity_check !== 'ok') bad.push(`${service}: ${rows.map((r) => r.integrity_check).join('; ')}`);
      } finally {
        db.close();
      }
    }
    return bad;
  };
  return {
    id: 'disk-full',
    fault: `SQLite + BLOB_DIR disk full ${fullMs / 1000} s`,
    description:
      `Every bus service's SQLite file and BLOB_DIR on one ${sizeMb} MB tmpfs, filled to the last byte (a filler file) mid-flow for ${fullMs / 1000} s, then the filler is deleted. ` +
      "Meanwhile every service's `/health/ready` must be 503 naming the full disk and its path; `PRAGMA integrity_check` must say ok for every database afterwards.",
    stallMs: 180_000,
    async setup() {
      disk = SmallDisk.mount(sizeMb);
      node = await RabbitNode.start({ index: 0 });
      const blobDir = disk.dir('blobs');
      const processEnv: Partial<Record<BusService, Record<string, string>>> = {};
      for (const service of BUS_SERVICES) processEnv[service] = { DATABASE_URL: `sqlite:${dbFile(service)}` };
      return { ...ownBroker(node), blobDir, processEnv, env: { BLOB_DIR_MIN_FREE_MB: '4', DATABASE_MIN_FREE_MB: '4' } };
    },
    async inject(ctx) {
      disk!.fill();
      ctx.log(`disk full (${disk!.freeBytes()} bytes free)`);
      const full = await readinessUntil(
        ctx,
        'every service not ready, naming the full disk',
        (r) => r.status === 503 && r.body.includes(disk!.mountPoint),
        30_000,
      ).catch((error: Error) => {
        ctx.log(`readiness did not name the disk: ${error.message}`);
        throw error;
      });
      ctx.log(`readiness while full: ${[...full].map(([p, r]) => `${p} ${r.status}`).join(', ')}`);
      await ctx.sleep(fullMs);
      disk!.free();
      ctx.log(`disk freed (${Math.round(disk!.freeBytes() / 1024 / 1024)} MB free)`);
      const bad = integrity();
      if (bad.length) throw new Error(`integrity_check after the disk was full: ${bad.join(' | ')}`);
      ctx.log('integrity_check ok for every database');
      await readinessUntil(ctx, 'every service ready again', (r) => r.status === 200, 60_000);
      await noDeadLetters(ctx);
    },
    async teardown() {
      await node?.dispose();
      if (!disk) return;
      const bad = integrity();
      disk.dispose();
      if (bad.length) throw new Error(`integrity_check at the end: ${bad.join(' | ')}`);
    },
  };
}

export const INFRA_SCENARIOS: Scenario[] = [
  rabbitAppStopped(),
  rabbitNodeRestarted(),
  clusterNodeStopped(),
  postgresRestarted(),
  diskFull(),
];
