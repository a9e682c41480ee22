import { ConfigError, type ConfigErrorCode, ConfigProblems } from '../config.error';
import { type EnvSource, processEnv } from './env-source';
import { type ConfigSchema, type ConfigValues, type Variables } from './schema';
import { declareReads } from './variable';

export interface StartupOptions {
  /** Default: the process's environment. */
  readonly env?: EnvSource;
  /**
   * Further checks of the same variables that live with their readers (`DocumentHosts.fromEnv`, the console's
   * users): an error whose code starts with `CONFIG.` is reported like the schema's own.
   */
  readonly also?: ReadonlyArray<() => unknown>;
  /**
   * Where each mistake goes: `line` is `[service] cannot start: CODE: message`, written to standard error by default;
   * `problem` gives the code and message apart (a structured logger's fields).
   */
  readonly error?: (line: string, problem: ConfigError) => void;
  /** Where the development-defaults warning goes: `line` is prefixed with `[service]`, `message` is not. */
  readonly warn?: (line: string, message: string) => void;
  /** Default `process.exit`. */
  readonly exit?: (code: number) => never;
}

const stderr = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Start-up of every service: checks the whole schema (and `also`) and returns the values, or prints one line per
 * mistake (`[service] cannot start: CODE: message`, no stack trace) and exits with status 1. Outside production,
 * one warning names the development defaults in use. From then on the process may read only `schema`'s variables.
 */
export function loadConfigOrExit<V extends Variables>(schema: ConfigSchema<V>, options: StartupOptions = {}): ConfigValues<V> {
  const env = options.env ?? processEnv();
  const error = options.error ?? stderr;
  try {
    const { values, developmentDefaults } = schema.load(env);
    const problems: ConfigError[] = [];
    for (const check of options.also ?? []) {
      try {
        check();
      } catch (problem) {
        problems.push(asConfigError(problem));
      }
    }
    if (problems.length > 0) throw new ConfigProblems(schema.service, problems);
    if (developmentDefaults.length > 0) {
      const message = `development defaults in use, each refused when NODE_ENV=production: ${developmentDefaults.join(', ')}`;
      (options.warn ?? stderr)(`[${schema.service}] ${message}`, message);
    }
    if (env === processEnv()) declareReads(schema);
    return values;
  } catch (problem) {
    if (!(problem instanceof ConfigError)) throw problem;
    for (const p of problem instanceof ConfigProblems ? problem.problems : [problem])
      error(`[${schema.service}] cannot start: ${p.code}: ${p.message}`, p);
    return (options.exit ?? process.exit)(1);
  }
}

/** A configuration error thrown by another library (its code starts with `CONFIG.`), as a `ConfigError`; anything else is rethrown. */
function asConfigError(problem: unknown): ConfigError {
  if (problem instanceof ConfigError) return problem;
  const code = (problem as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('CONFIG.')) return new ConfigError((problem as Error).message, code as ConfigErrorCode);
  throw problem;
}
