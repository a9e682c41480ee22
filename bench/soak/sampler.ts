import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { processStats } from '../lifecycle/proc-stats';

/** One process's resident memory and open file descriptors at one second of a soak. */
export interface ProcessSample {
  /** Seconds since the soak started. */
  readonly t: number;
  readonly process: string;
  readonly rssMiB: number;
  readonly fds: number;
}

/** The row count of one table of one process's database at one time of a soak. */
export interface TableSample {
  readonly t: number;
  readonly process: string;
  readonly table: string;
  readonly rows: number;
}

/** A process to sample, and (optionally) its SQLite file and the tables of it to count. */
export interface Sampled {
  readonly name: string;
  readonly pid: number;
  readonly database?: { readonly file: string; readonly tables: readonly string[] };
}

/** Open file descriptors of a live process (sockets, files, pipes, epoll and timer handles): `/proc/<pid>/fd`. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Row counts of `tables` in a SQLite file another process has open (read-only, WAL: it sees the last commit). */
export function countRows(file: string, tables: readonly string[]): Map<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return new Map(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

/**
 * Samples every process's RSS (`VmRSS`) and open descriptors once a second, and the row counts of their databases'
 * tables every `tablesEveryS` seconds, from the outside (/proc, a read-only SQLite connection): the sampled processes
 * run nothing for it. A process that has exited is skipped.
 */
export class Sampler {
  readonly processes: ProcessSample[] = [];
  readonly tables: TableSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly sampled: readonly Sampled[],
    private readonly tablesEveryS = 10,
  ) {}

  /** Seconds since the sampler was made. */
  now(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample(true);
  }

  /** The last sample of a process, for progress output. */
  last(name: string): ProcessSample | undefined {
    for (let i = this.processes.length - 1; i >= 0; i--) if (this.processes[i].process === name) return this.processes[i];
    return undefined;
  }

  /** The last count of a process's table. */
  lastRows(name: string, table: string): number | undefined {
    for (let i = this.tables.length - 1; i >= 0; i--)
      if (this.tables[i].process === name && this.tables[i].table === table) return this.tables[i].rows;
    return undefined;
  }

  private sample(withTables = this.ticks % this.tablesEveryS === 0): void {
    this.ticks++;
    const t = Math.round(this.now() * 10) / 10;
    for (const p of this.sampled) {
      try {
        this.processes.push({ t, process: p.name, rssMiB: Math.round(processStats(p.pid).rssMiB * 10) / 10, fds: openFds(p.pid) });
      } catch {
        continue; // exited
      }
      if (!withTables || !p.database) continue;
      try {
        for (const [table, rows] of countRows(p.database.file, p.database.tables)) this.tables.push({ t, process: p.name, table, rows });
      } catch {
        // not created yet, or busy: next time
      }
    }
  }
}

/** Samples as CSV: a header line, then one line per sample. */
export function toCsv<T extends object>(rows: readonly T[]): string {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]) as Array<keyof T>;
  return [keys.join(','), ...rows.map((r) => keys.map((k) => String(r[k])).join(','))].join('\n') + '\n';
}
