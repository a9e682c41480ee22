import type { System, SystemOptions } from './system';
import type { BusWatch } from './watch';
import type { WorkloadOptions } from './workload';

/**
 * One fault scenario of `npm run test:faults` (and of the CI part, test/e2e/faults.e2e-spec.ts). The interface is
 * stable: other scenario files (infrastructure faults: broker nodes, a cluster, PostgreSQL, a full disk) plug in by
 * exporting `Scenario` objects and adding them to `test/faults/scenarios/index.ts`.
 *
 * How a run goes (`runScenario` in run.ts):
 * 1. `setup()` (optional) prepares what the system needs that the harness does not make (an own broker node, a
 *    PostgreSQL server, a small file system) and may return `SystemOptions` overrides (`amqpUrl`, `queueType`,
 *    `database`/`postgresUrl`, `blobDir`/`dataDir`, `env`, `processEnv`, `instances`, `rabbitmqctlArgs` for a node of its
 *    own), merged over `system`.
 * 2. The system starts from nothing: the vhost's queues deleted, three simulators and every bus service as its own OS
 *    process from `dist/` (`System`), each HTTP address behind a proxy. The harness's subscriber (`BusWatch`) starts.
 * 3. The workload submits `workload.dossiers` dossiers at `workload.perSecond` (defaults 40 at 2/s).
 * 4. After `startAfterMs` (default 15 s from the first submission: dossiers are then at every stage), `inject(ctx)`
 *    runs the fault. The fault is over when `inject` resolves (or when it calls `ctx.faultEnded()` earlier): that
 *    instant is where "time to recover" is counted from. `inject` must leave the system able to finish (restart what
 *    it killed, unless the scenario's point is that the rest carries on without it).
 * 5. The harness waits until every dossier is finished at the one-stop simulator or nothing moved for `stallMs`
 *    (default 120 s), dispatching the last partial archive batches as an operator would, then audits (audit.ts) and
 *    stops everything. `teardown()` (optional) runs last, also after a failure.
 * A row passes when every dossier finished, 0 lost, 0 duplicated, and no process died by itself.
 */
export interface Scenario {
  /** Unique, for `--only` (a prefix or a comma-separated list selects several). */
  readonly id: string;
  /** The table's "fault" column: what is done, in a few words. */
  readonly fault: string;
  /** What the fault does precisely (for docs/reliability.md). */
  readonly description: string;
  /** Options of the system, merged over the defaults (one instance of each bus service, SQLite, the harness's vhost). */
  readonly system?: Partial<Omit<SystemOptions, 'name' | 'basePort'>>;
  readonly workload?: WorkloadOptions;
  /** When `inject` starts, in ms after the first submission (default 15,000). */
  readonly startAfterMs?: number;
  /** How long nothing may move before the remaining dossiers count as lost (default 120,000). */
  readonly stallMs?: number;
  setup?(): Promise<Partial<Omit<SystemOptions, 'name' | 'basePort'>> | void>;
  inject(ctx: FaultContext): Promise<void>;
  teardown?(): Promise<void>;
}

/** What `inject` gets. */
export interface FaultContext {
  readonly system: System;
  readonly watch: BusWatch;
  /** Codes of the dossiers submitted so far (grows while the workload runs). */
  readonly codes: readonly string[];
  /** Which repetition this is (0-based, `--repeat`): scenarios vary their timing with it. */
  readonly repeat: number;
  /** A line in the run's log (shown with the row on failure). */
  log(line: string): void;
  sleep(ms: number): Promise<void>;
  /** Marks the end of the fault now (default: when `inject` resolves). */
  faultEnded(): void;
  /** Latest stage per dossier, as announced on the bus. */
  stages(): Map<string, string>;
}
