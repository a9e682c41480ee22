/** A command line the CLI cannot run as given: the message names the option or argument at fault. Exit code 2. */
export class CliUsageError extends Error {
  readonly code = 'CLI.USAGE';
}

/** What a command accepts: options with a value, flags without, and how many positional arguments. */
export interface CommandSpec {
  /** `--name <value>`; a validator may refuse the value (its message follows the option's name). */
  readonly options?: Readonly<Record<string, ((value: string) => string | undefined) | null>>;
  readonly flags?: readonly string[];
  /** Names of the positional arguments, all required (`<id>`). */
  readonly positionals?: readonly string[];
}

export interface ParsedCommand {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly flags: ReadonlySet<string>;
}

/**
 * Parses the arguments after the command words, strictly: an option the command does not know, an option
 * without its value, a flag given a value, an option given twice, a missing or extra argument are errors that
 * name it, never silently ignored (a mistyped `--reson` must not discard a dead letter without its reason).
 * `--name value` and `--name=value` are both accepted; `--` ends the options.
 */
export function parseCommand(command: string, argv: readonly string[], spec: CommandSpec): ParsedCommand {
  const known = Object.keys(spec.options ?? {});
  const flagNames = spec.flags ?? [];
  const accepted = [...known.map((o) => `--${o} <value>`), ...flagNames.map((f) => `--${f}`)];
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flagNames.includes(name)) {
      if (eq >= 0) throw new CliUsageError(`--${name} takes no value (${command})`);
      if (flags.has(name)) throw new CliUsageError(`--${name} is given twice (${command})`);
      flags.add(name);
      continue;
    }
    if (!known.includes(name)) {
      throw new CliUsageError(
        `unknown option --${name} for ${command}; it accepts ${accepted.length ? accepted.join(', ') : 'no options'}`,
      );
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') throw new CliUsageError(`--${name} needs a value (${command})`);
    if (name in options) throw new CliUsageError(`--${name} is given twice (${command})`);
    const problem = spec.options?.[name]?.(value);
    if (problem) throw new CliUsageError(`--${name} ${problem}, got "${value}" (${command})`);
    options[name] = value;
  }
  const expected = spec.positionals ?? [];
  if (positionals.length < expected.length)
    throw new CliUsageError(
      `${command} needs ${expected
        .slice(positionals.length)
        .map((p) => `<${p}>`)
        .join(' ')}`,
    );
  if (positionals.length > expected.length) throw new CliUsageError(`unexpected argument "${positionals[expected.length]}" for ${command}`);
  return { positionals, options, flags };
}

/** Validator: a whole number from `min` up. */
export const wholeNumber =
  (min: number) =>
  (value: string): string | undefined =>
    /^\d+$/.test(value) && Number(value) >= min ? undefined : `must be a whole number from ${min}`;

/** Validator: one of a fixed list. */
export const oneOf =
  (...allowed: string[]) =>
  (value: string): string | undefined =>
    allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;
