import { simulatorLog } from './simulator.log';

describe('simulatorLog', () => {
  const lines = [
    '→ onestop.dossier.received HS-1 (msg 1)',
    '← decision.ready-for-issue HS-1 12/QĐ-SKHĐT',
    '!!! REJECTED by the bus: onestop.decision.issued',
    'ERROR: lost the broker',
    '→ onestop.decision.issued HS-2 (msg 2) UNROUTED: no queue is bound for it; is the bus running?',
  ];
  const written = (level: string | undefined): string[] => {
    const out: string[] = [];
    const log = simulatorLog(level, (line) => out.push(line));
    for (const line of lines) log(line);
    return out;
  };

  it('writes every line by default and at LOG_LEVEL=log', () => {
    expect(written(undefined)).toHaveLength(5);
    expect(written('log')).toEqual(lines.map((l) => `[sim-onestop] ${l}`));
  });

  it('writes only what needs a look at LOG_LEVEL=warn or error', () => {
    expect(written('warn')).toEqual([`[sim-onestop] ${lines[2]}`, `[sim-onestop] ${lines[3]}`, `[sim-onestop] ${lines[4]}`]);
    expect(written('error')).toHaveLength(3);
  });
});
