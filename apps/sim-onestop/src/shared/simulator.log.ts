/**
 * The simulator's log: every message it sends and reacts to at LOG_LEVEL `log` (the default) and above; at `warn` or
 * `error` (what the launcher gives its children unless set) only what needs a look: ERROR, `!!!` (the bus rejected or
 * broke something) and UNROUTED lines. A console line per message was a quarter of the simulator's CPU.
 */
export function simulatorLog(
  level: string | undefined,
  write: (line: string) => void = (line) => console.log(line),
): (line: string) => void {
  const quiet = level === 'warn' || level === 'error';
  return (line) => {
    if (!quiet || /^(ERROR|!!!)|UNROUTED/.test(line)) write(`[sim-onestop] ${line}`);
  };
}
