/** An environment to read variables from: the process's, or a test's own object. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * The process's environment. Invariant: this module is the only run-time code that touches `process.env`
 * (`test/env-reads.spec.ts` checks it); everything else reads a variable through its definition in a schema.
 */
export function processEnv(): EnvSource {
  return process.env;
}

/**
 * The environment a child process inherits (the launcher's services): this process's, over `defaults` (each applies
 * only where the environment does not set that variable), under `overrides`.
 */
export function inheritedEnvironment(overrides: EnvSource = {}, defaults: EnvSource = {}): Record<string, string | undefined> {
  return { ...defaults, ...process.env, ...overrides };
}
