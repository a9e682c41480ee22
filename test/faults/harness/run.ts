import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit } from './audit';
import type { FaultContext, Scenario } from './scenario';
import { ROOT, type SystemOptions, sleep, startSystem } from './system';
import { BusWatch } from './watch';
import { submitDossiers, waitFinished } from './workload';

/** One row of the table. */
export interface RowResult {
  readonly id: string;
  readonly fault: string;
  readonly repeat: number;
  readonly dossiers: number;
  readonly finished: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Fault end → first status announcement after it (flow resumed), seconds; undefined when nothing moved. */
  readonly resumedS?: number;
  /** Fault end → every dossier finished, seconds; undefined when not all finished. */
  readonly recoveredS?: number;
  readonly passed: boolean;
  readonly details: string[];
  /** Where the run's logs were kept (on failure, or always with `keepLogs`). */
  readonly logs?: string;
  readonly error?: string;
}

export interface RunOptions {
  readonly basePort: number;
  readonly distRoot?: string;
  readonly repeat?: number;
  /** Where logs of failed runs are copied (default test-output/faults). */
  readonly outDir?: string;
  readonly keepLogs?: boolean;
  readonly log?: (line: string) => void;
}

/** Systems running now, so that an interrupted run (Ctrl-C) stops their processes instead of leaving them behind. */
export const runningSystems = new Set<{ stop: (keep?: boolean) => Promise<void> }>();

/** Runs one scenario once (see `Scenario` for the steps) and audits it. Never throws: a failure is a failed row. */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<RowResult> {
  const repeat = options.repeat ?? 0;
  const name = `${scenario.id}-${repeat + 1}`;
  const lines: string[] = [];
  const started = Date.now();
  const log = (line: string): void => {
    const text = `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${name}: ${line}`;
    lines.push(text);
    options.log?.(text);
  };
  const outDir = options.outDir ?? join(ROOT, 'test-output', 'faults');
  let system: Awaited<ReturnType<typeof startSystem>> | undefined;
  let watch: BusWatch | undefined;
  const codes: string[] = [];
  const base = { id: scenario.id, fault: scenario.fault, repeat };
  try {
    const extra = (await scenario.setup?.()) ?? {};
    const systemOptions: SystemOptions = {
      ...scenario.system,
      ...extra,
      env: { ...scenario.system?.env, ...extra.env },
      name,
      basePort: options.basePort,
      distRoot: options.distRoot,
    };
    system = await startSystem(systemOptions);
    runningSystems.add(system);
    log(`system up (${system.procs.map((p) => p.label).join(', ')}; ${systemOptions.database ?? 'sqlite'}; data ${system.dataDir})`);
    watch = await BusWatch.start(system.amqpUrl);
    let submittedAll = false;
    const submitting = submitDossiers(system, scenario.workload ?? {}, codes).finally(() => (submittedAll = true));
    submitting.catch(() => undefined);
    await sleep(scenario.startAfterMs ?? 15_000);
    let faultEnd: number | undefined;
    const currentWatch = watch;
    const ctx: FaultContext = {
      system,
      watch,
      codes,
      repeat,
      log,
      sleep,
      faultEnded: () => (faultEnd ??= Date.now()),
      stages: () => currentWatch.latest(),
    };
    log(`fault starts; dossiers by stage: ${byStage(watch.latest())}`);
    await scenario.inject(ctx);
    faultEnd ??= Date.now();
    log('fault over');
    await submitting;
    const lastFinished = await waitFinished(system, watch, codes, { stallMs: scenario.stallMs ?? 120_000, submitted: () => submittedAll });
    const resumed = watch.announcements.find((a) => a.at > faultEnd!);
    const result = await audit(system, watch, codes);
    const crashed = system.crashed();
    const details = [...result.details, ...crashed.map((c) => `died by itself: ${c}`), ...logFindings(system)];
    const passed =
      result.lost === 0 && result.duplicated === 0 && result.finished === result.dossiers && crashed.length === 0 && result.dossiers > 0;
    log(
      `${passed ? 'PASS' : 'FAIL'}: ${result.finished}/${result.dossiers} finished, ${result.lost} lost, ${result.duplicated} duplicated`,
    );
    for (const d of details) log(`  ${d}`);
    const row: RowResult = {
      ...base,
      dossiers: result.dossiers,
      finished: result.finished,
      lost: result.lost,
      duplicated: result.duplicated,
      resumedS: resumed ? (resumed.at - faultEnd) / 1000 : undefined,
      recoveredS: lastFinished && result.finished === result.dossiers ? Math.max(0, lastFinished - faultEnd) / 1000 : undefined,
      passed,
      details,
      logs: passed && !options.keepLogs ? undefined : keepLogs(system.dataDir, join(outDir, name), lines),
    };
    return row;
  } catch (error) {
    log(`ERROR: ${(error as Error).stack ?? error}`);
    return {
      ...base,
      dossiers: codes.length,
      finished: 0,
      lost: codes.length,
      duplicated: 0,
      passed: false,
      details: [(error as Error).message.split('\n')[0]],
      error: (error as Error).message,
      logs: system ? keepLogs(system.dataDir, join(outDir, name), lines) : undefined,
    };
  } finally {
    await watch?.close().catch(() => undefined);
    await system?.stop().catch(() => undefined);
    if (system) runningSystems.delete(system);
    await scenario.teardown?.().catch((e: Error) => log(`teardown failed: ${e.message}`));
  }
}

/** Lines of the services' logs worth a look in every row (counted, not failing the row): stalled confirms, errors, cutoffs. */
const LOG_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['publishes not confirmed within the timeout', /not confirmed by the broker within/],
  ['error lines', /"level":"error"/],
  ['archive cutoffs that closed batches', /batch\(es\) to dispatch/],
];

function logFindings(system: { procs: ReadonlyArray<{ label: string; logFile: string }> }): string[] {
  const out: string[] = [];
  for (const p of system.procs) {
    if (!existsSync(p.logFile)) continue;
    const text = readFileSync(p.logFile, 'utf8');
    for (const [what, pattern] of LOG_PATTERNS) {
      const n = text.split('\n').filter((l) => pattern.test(l)).length;
      if (n > 0) out.push(`log of ${p.label}: ${n} ${what}`);
    }
  }
  return out;
}

function keepLogs(dataDir: string, to: string, lines: readonly string[]): string {
  mkdirSync(to, { recursive: true });
  cpSync(join(dataDir, 'logs'), join(to, 'logs'), { recursive: true });
  writeFileSync(join(to, 'run.log'), `${lines.join('\n')}\n`);
  return to;
}

export function byStage(latest: Map<string, string>): string {
  const counts = new Map<string, number>();
  for (const s of latest.values()) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${s} ${n}`).join(', ') || '(none yet)';
}

/** The table of `npm run test:faults`, in Markdown. */
export function table(rows: readonly RowResult[]): string {
  const s = (x?: number): string => (x === undefined ? '-' : `${x.toFixed(1)} s`);
  const out = ['| fault | dossiers | finished | lost | duplicated | time to recover | result |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const recover =
      r.resumedS === undefined && r.recoveredS === undefined ? '-' : `resumed ${s(r.resumedS)}, all finished ${s(r.recoveredS)}`;
    out.push(
      `| ${r.fault}${r.repeat > 0 || rows.filter((x) => x.id === r.id).length > 1 ? ` (run ${r.repeat + 1})` : ''} | ${r.dossiers} | ${r.finished} | ${r.lost} | ${r.duplicated} | ${recover} | ${r.passed ? 'pass' : '**FAIL**'} |`,
    );
  }
  return out.join('\n');
}
