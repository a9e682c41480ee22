import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds used so far and peak resident memory of a live process, from /proc (Linux). */
export function processStats(pid: number): { cpuSeconds: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, peakRssMiB: hwm ? Number(hwm[1]) / 1024 : NaN };
}

/** The RabbitMQ server's process on this machine (the Erlang VM running `rabbit`), if it runs here and is readable. */
export function brokerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('beam') && cmdline.includes('rabbit')) return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}
