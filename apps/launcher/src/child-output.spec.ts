import { ChildOutput } from './child-output';

describe('ChildOutput', () => {
  const run = (format: 'json' | 'pretty', feed: Array<[string, 'stdout' | 'stderr', string]>): string[] => {
    const lines: string[] = [];
    const output = new ChildOutput(format, (line) => lines.push(line));
    for (const [child, stream, line] of feed) output.relay(child, stream, line);
    return lines;
  };
  const serviceLine = JSON.stringify({
    time: '2026-04-15T03:00:00.000Z',
    level: 'warn',
    service: 'orchestrator',
    message: 'hồ sơ 000.00.12.H36-260415-0001 bị giữ lại',
  });

  it("json: passes a service's JSON lines on untouched and wraps every other line into a record of the child", () => {
    const lines = run('json', [
      ['orchestrator', 'stdout', serviceLine],
      ['sim-postal', 'stdout', '[sim-postal] postal API listening on http://127.0.0.1:3102'],
      ['orchestrator', 'stderr', '(node:123) Warning: something deprecated'],
    ]);
    expect(lines[0]).toBe(serviceLine);
    const wrapped = lines.slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(wrapped[0]).toMatchObject({
      service: 'sim-postal',
      level: 'info',
      context: 'stdout',
      message: 'postal API listening on http://127.0.0.1:3102',
    });
    expect(wrapped[1]).toMatchObject({
      service: 'orchestrator',
      level: 'error',
      context: 'stderr',
      message: '(node:123) Warning: something deprecated',
    });
    for (const line of lines) expect(line).not.toMatch(/\x1b\[/);
  });

  it('pretty: tags plain lines with the child, once, and leaves JSON lines as they are', () => {
    expect(
      run('pretty', [
        ['console', 'stdout', 'listening'],
        ['sim-postal', 'stdout', '[sim-postal] ready'],
        ['orchestrator', 'stdout', serviceLine],
        ['launcher-child', 'stdout', '{not json'],
      ]),
    ).toEqual(['[console] listening', '[sim-postal] ready', serviceLine, '[launcher-child] {not json']);
  });
});
