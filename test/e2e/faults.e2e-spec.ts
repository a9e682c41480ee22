import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type RowResult, runScenario } from '../faults/harness/run';
import type { Scenario } from '../faults/harness/scenario';
import { ROOT } from '../faults/harness/system';

/**
 * The part of the fault suite (`npm run test:faults`, test/faults) that fits in CI: the real processes built from this
 * checkout (each service its own OS process, as deployed), the simulators, and the same audit of the outside systems'
 * records. One run with one instance of each service: the orchestrator's connection closed by the broker, then the
 * iOffice adapter SIGKILLed and restarted; one run with two instances of every service on PostgreSQL, one whole bus
 * instance SIGKILLed and never restarted. Each must end with every dossier finished, 0 lost, 0 duplicated effects.
 */
const DIST = join(ROOT, 'test-output', 'faults-e2e-dist');
const BASE_PORT = Number(process.env.FAULTS_BASE_PORT ?? 21500);

const oneInstance: Scenario = {
  id: 'ci-close-connection-then-kill',
  fault: 'orchestrator connection closed by the broker, then ioffice-adapter SIGKILLed and restarted',
  description:
    'CI: rabbitmqctl close_connection on lienthong-orchestrator at 8 s; SIGKILL of the ioffice-adapter 4 s later, restarted after 2 s.',
  workload: { dossiers: 24, perSecond: 2 },
  startAfterMs: 8_000,
  async inject(ctx) {
    const closed = await ctx.system.closeConnections('lienthong-orchestrator');
    if (closed === 0) throw new Error('no connection named lienthong-orchestrator in the vhost');
    await ctx.sleep(4_000);
    await ctx.system.kill('ioffice-adapter');
    await ctx.sleep(2_000);
    await ctx.system.restart('ioffice-adapter');
  },
};

const twoInstances: Scenario = {
  id: 'ci-two-instances-kill-one',
  fault: 'two instances of every service (PostgreSQL), instance #1 of each SIGKILLed',
  description:
    'CI: two instances of each bus service on one PostgreSQL schema per service, the archive cutoff mid-run; #1 of each SIGKILLed at 10 s, never restarted.',
  system: {
    database: 'postgres',
    instances: { orchestrator: 2, 'ioffice-adapter': 2, 'postal-adapter': 2 },
    cutoffAfterMs: 40_000,
    processEnv: { orchestrator: { LIFECYCLE_TICK_MS: '2000' } },
  },
  workload: { dossiers: 24, perSecond: 2 },
  startAfterMs: 10_000,
  async inject(ctx) {
    for (const service of ['orchestrator', 'ioffice-adapter', 'postal-adapter'] as const) await ctx.system.kill(service, 1);
  },
};

describe('faults: the real processes keep every dossier, once and only once (CI part of npm run test:faults)', () => {
  beforeAll(() => {
    // Built from this checkout into a directory of its own (under the repository, so node_modules resolves).
    const built = spawnSync(join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', 'scripts/build.ts', '--out-dir', DIST], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`the build failed:\n${built.stdout}\n${built.stderr}`);
  }, 300_000);
  afterAll(() => rmSync(DIST, { recursive: true, force: true }));

  const expectClean = (row: RowResult): void => {
    const summary = {
      finished: row.finished,
      lost: row.lost,
      duplicated: row.duplicated,
      passed: row.passed,
      details: row.details,
      logs: row.logs,
      error: row.error,
    };
    expect(summary).toMatchObject({ finished: row.dossiers, lost: 0, duplicated: 0, passed: true });
    expect(row.dossiers).toBeGreaterThan(0);
  };

  it('a broker-closed connection and a SIGKILLed, restarted service: every dossier finished, nothing twice', async () => {
    expectClean(await runScenario(oneInstance, { basePort: BASE_PORT, distRoot: DIST, outDir: join(ROOT, 'test-output', 'faults') }));
  }, 600_000);

  it('two instances of every service, one of each SIGKILLed for good: the survivors finish everything, nothing twice', async () => {
    expectClean(await runScenario(twoInstances, { basePort: BASE_PORT, distRoot: DIST, outDir: join(ROOT, 'test-output', 'faults') }));
  }, 600_000);
});
