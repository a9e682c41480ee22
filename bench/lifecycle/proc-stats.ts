import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** What /proc says about a live process: CPU used so far (every thread, user + system), resident memory now and at its peak. */
export interface ProcessStats {
  readonly cpuSeconds: number;
  /** The main thread's share of `cpuSeconds` (the rest: GC helpers, the libuv pool, worker threads). */
  readonly mainThreadCpuSeconds: number;
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

/** CPU seconds used so far and resident memory of a live process, from /proc (Linux). */
export function processStats(pid: number): ProcessStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
  };
  return {
    cpuSeconds: cpuSecondsOf(readFileSync(`/proc/${pid}/stat`, 'utf8')),
    mainThreadCpuSeconds: cpuSecondsOf(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')),
    rssMiB: kib('VmRSS'),
    peakRssMiB: kib('VmHWM'),
  };
}

/** utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line, in seconds. The command name may hold spaces and parentheses. */
export function cpuSecondsOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * The process listening on a TCP port of this machine (the RabbitMQ server behind AMQP_URL), if any and if readable.
 * Found through the socket's inode, so that it is the broker the benchmark talks to and not another Erlang VM
 * (a second broker, or a `rabbitmqctl`, which also runs `beam` with `rabbit` on its command line).
 */
export function listeningPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const inode of listeningInodes(text, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const match = /^socket:\[(\d+)\]$/.exec(target);
        if (match && inodes.has(match[1])) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** Inodes of the sockets listening on `port` in a `/proc/net/tcp` (or tcp6) table. */
export function listeningInodes(table: string, port: number): string[] {
  const LISTEN = '0A';
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    const localPort = cols[1].split(':')[1];
    if (localPort === hexPort && cols[3] === LISTEN) inodes.push(cols[9]);
  }
  return inodes;
}
