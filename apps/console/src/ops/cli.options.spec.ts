import { runCli } from '../cli';
import { CliUsageError, parseCommand, wholeNumber } from './cli.options';

describe('parseCommand', () => {
  const spec = { positionals: ['id'], options: { reason: null, limit: wholeNumber(1) }, flags: ['json'] };

  it('takes options as --name value or --name=value, flags, and the positional arguments', () => {
    expect(parseCommand('x', ['7', '--reason', 'hồ sơ trùng', '--limit=5', '--json'], spec)).toEqual({
      positionals: ['7'],
      options: { reason: 'hồ sơ trùng', limit: '5' },
      flags: new Set(['json']),
    });
    expect(parseCommand('x', ['--', '--7'], { positionals: ['id'] }).positionals).toEqual(['--7']);
  });

  it.each([
    [['7', '--reson', 'dup'], 'unknown option --reson for x; it accepts --reason <value>, --limit <value>, --json'],
    [['7', '--reason'], '--reason needs a value (x)'],
    [['7', '--reason', '--json'], '--reason needs a value (x)'],
    [['7', '--reason='], '--reason needs a value (x)'],
    [['7', '--json=yes'], '--json takes no value (x)'],
    [['7', '--json', '--json'], '--json is given twice (x)'],
    [['7', '--reason', 'a', '--reason', 'b'], '--reason is given twice (x)'],
    [['7', '--limit', 'ten'], '--limit must be a whole number from 1, got "ten" (x)'],
    [['7', '--limit', '0'], '--limit must be a whole number from 1, got "0" (x)'],
    [[], 'x needs <id>'],
    [['7', '8'], 'unexpected argument "8" for x'],
  ])('refuses %j, naming what is wrong', (argv, message) => {
    expect(() => parseCommand('x', argv, spec)).toThrow(new CliUsageError(message));
  });
});

describe('runCli usage errors (nothing opened: no database, no broker)', () => {
  const run = async (...argv: string[]): Promise<{ code: number; err: string }> => {
    let err = '';
    const code = await runCli(
      argv,
      { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', AMQP_URL: 'amqp://127.0.0.1:1' },
      { out: () => undefined, err: (t) => (err += `${t}\n`), stdin: async () => '' },
    );
    return { code, err };
  };

  it('prints the usage for --help after any command (exit 0)', async () => {
    let out = '';
    expect(
      await runCli(['dead-letters', 'list', '--help'], {}, { out: (t) => (out += t), err: () => undefined, stdin: async () => '' }),
    ).toBe(0);
    expect(out).toContain('migrations status [--json] [--manifest <file>]');
  });

  it.each([
    [
      ['dead-letters', 'discard', '12', '--reson', 'duplicate'],
      'CLI.USAGE: unknown option --reson for dead-letters discard; it accepts --reason <value>',
    ],
    [['dead-letters', 'list', '--status'], 'CLI.USAGE: --status needs a value (dead-letters list)'],
    [
      ['dead-letters', 'list', '--status', 'closed'],
      'CLI.USAGE: --status must be one of open, replaying, replayed, discarded, got "closed" (dead-letters list)',
    ],
    [['dead-letters', 'list', '--limit', '-3'], 'CLI.USAGE: --limit must be a whole number from 1, got "-3" (dead-letters list)'],
    [['trace'], 'CLI.USAGE: trace needs <dossierCode>'],
    [['migrations', 'status', '--all'], 'CLI.USAGE: unknown option --all for migrations status; it accepts --manifest <value>, --json'],
    [
      ['rabbitmq', 'setup', '--password', 'x'],
      'CLI.USAGE: unknown option --password for rabbitmq setup; it accepts --definitions <value>, --passwords <value>, --admin-url <value>',
    ],
    [['hash-password', '--cost', '12'], 'CLI.USAGE: unknown option --cost for hash-password; it accepts no options'],
    [['dead-letter', 'list'], 'CLI.USAGE: unknown command "dead-letter list"'],
  ])('%j exits 2: %s', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(message);
  });
});
