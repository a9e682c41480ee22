import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { type ProcessSample, type Sampler, type TableSample, toCsv } from './sampler';
import { type Check, type Span, checkFds, checkRows, checkRss, checksTable } from './verdict';

/** The project's root, from dist/bench/soak (built) or bench/soak (ts-node). Where the soaks write their samples and results: `test-output/soak/` (ignored by git). */
export const PROJECT_ROOT = resolve(__dirname, __dirname.includes(`${sep}dist${sep}`) ? '../../..' : '../..');
export const SOAK_DIR = join(PROJECT_ROOT, 'test-output', 'soak');

/** What one soak wrote to `test-output/soak/<kind>.json`, and what the plot is drawn from. */
export interface SoakResult {
  readonly kind: 'bus' | 'lifecycle';
  readonly title: string;
  readonly startedAt: string;
  readonly command: string;
  readonly durationS: number;
  /** Figures of the run (messages, rate, lifecycles...), printed and recorded as they are. */
  readonly figures: Record<string, string | number>;
  readonly span: Span;
  readonly tableSpan: Span;
  readonly processes: readonly ProcessSample[];
  readonly tables: readonly TableSample[];
  readonly checks: readonly Check[];
  /** Processes whose checks are shown but not judged (the simulators: they stand for other systems). */
  readonly informative: readonly string[];
  readonly ok: boolean;
}

/** Options a soak takes from its command line and environment (retention of the inbox and outbox during the run). */
export function soakArgs(argv: readonly string[]): Record<string, string> {
  return Object.fromEntries(argv.flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
}

/** The inbox and outbox retention the soak gives the processes: short, so that a run of minutes proves pruning keeps them bounded. */
export function soakRetentionEnv(): { INBOX_RETENTION_MS: string; OUTBOX_RETENTION_MS: string } {
  return { INBOX_RETENTION_MS: process.env.INBOX_RETENTION_MS ?? '60000', OUTBOX_RETENTION_MS: process.env.OUTBOX_RETENTION_MS ?? '60000' };
}

/**
 * The span judged: from the end of warm-up (`warmup`, a fraction of the measured run) to its end; for the tables, not
 * before the longer retention and two pruning rounds have passed (a table fills up to its retention first).
 */
export function spans(startS: number, endS: number, warmup: number): { span: Span; tableSpan: Span } {
  const fromS = startS + (endS - startS) * warmup;
  const env = soakRetentionEnv();
  const retentionS = Math.max(Number(env.INBOX_RETENTION_MS), Number(env.OUTBOX_RETENTION_MS)) / 1000;
  const tablesFromS = Math.max(fromS, startS + retentionS + 2 * Math.min(60, retentionS / 4));
  return { span: { fromS, toS: endS }, tableSpan: { fromS: Math.min(tablesFromS, endS - 10), toS: endS } };
}

/** Judges every process and table sampled over the spans, prints the table, writes JSON and CSV; returns the result. */
export function finish(sampler: Sampler, base: Omit<SoakResult, 'processes' | 'tables' | 'checks' | 'ok'>): SoakResult {
  const names = [...new Set(sampler.processes.map((s) => s.process))];
  const checks: Check[] = [];
  for (const name of names) {
    const own = sampler.processes.filter((s) => s.process === name);
    checks.push(
      checkRss(
        name,
        own.map((s) => ({ t: s.t, v: s.rssMiB })),
        base.span,
      ),
    );
    checks.push(
      checkFds(
        name,
        own.map((s) => ({ t: s.t, v: s.fds })),
        base.span,
      ),
    );
    for (const table of [...new Set(sampler.tables.filter((s) => s.process === name).map((s) => s.table))]) {
      const rows = sampler.tables.filter((s) => s.process === name && s.table === table).map((s) => ({ t: s.t, v: s.rows }));
      checks.push(checkRows(name, table, rows, base.tableSpan));
    }
  }
  const ok = checks.every((c) => c.ok || base.informative.includes(c.subject));
  const result: SoakResult = { ...base, processes: sampler.processes, tables: sampler.tables, checks, ok };
  mkdirSync(SOAK_DIR, { recursive: true });
  writeFileSync(join(SOAK_DIR, `${base.kind}.json`), JSON.stringify(result));
  writeFileSync(join(SOAK_DIR, `${base.kind}-processes.csv`), toCsv(sampler.processes));
  writeFileSync(join(SOAK_DIR, `${base.kind}-tables.csv`), toCsv(sampler.tables));
  console.log(
    `\n${base.title}: ${Object.entries(base.figures)
      .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`)
      .join(', ')}`,
  );
  console.log(
    `judged from ${base.span.fromS.toFixed(0)} s (warm-up before) to ${base.span.toS.toFixed(0)} s; tables from ${base.tableSpan.fromS.toFixed(0)} s; windows: the first and last tenth of that\n`,
  );
  console.log(checksTable(checks));
  if (base.informative.length) console.log(`\n(${base.informative.join(', ')}: shown, not judged: they stand for other systems)`);
  console.log(`\nverdict: ${ok ? 'PASS' : 'FAIL'}; samples in ${SOAK_DIR}/${base.kind}-*.csv`);
  return result;
}
