import { ConfigError, ConfigProblems } from '../config.error';
import { type EnvSource, processEnv } from './env-source';
import { type Variable, isProduction } from './variable';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Variable<T>, whatever T (unknown would reject the invariant Variable<string>)
export type Variables = Readonly<Record<string, Variable<any>>>;

/** The values of a schema's variables, typed by name. */
export type ConfigValues<V extends Variables> = { readonly [K in keyof V]: V[K] extends Variable<infer T> ? T : never };

/** A production rule over several variables (the console needs CONSOLE_USERS or CONSOLE_USERS_FILE). */
export interface ProductionCheck {
  /** The variable named in the development-defaults warning. */
  readonly name: string;
  check(env: EnvSource): ConfigError | undefined;
}

export interface LoadedValues<V extends Variables> {
  readonly values: ConfigValues<V>;
  /** Variables whose development default is in use (each refused when NODE_ENV=production). */
  readonly developmentDefaults: readonly string[];
}

/**
 * Everything one process reads from its environment. `load` checks every variable at once, so that start-up
 * reports every mistake, not the first; in production it also applies every production rule.
 */
export class ConfigSchema<V extends Variables = Variables> {
  constructor(
    /** The process: `orchestrator`, `sim-postal`... */
    readonly service: string,
    /** One line for docs/configuration.md. */
    readonly summary: string,
    readonly variables: V,
    readonly productionChecks: readonly ProductionCheck[] = [],
  ) {
    for (const [key, variable] of Object.entries(variables)) {
      if (variable.name !== key) throw new Error(`schema ${service}: entry ${key} holds variable ${variable.name}`);
    }
  }

  /** Whether this process may read `name`: one of its variables, or a variable of one of its families. */
  has(name: string): boolean {
    return (
      Object.prototype.hasOwnProperty.call(this.variables, name) ||
      Object.values(this.variables).some((v) => v.isFamily && v.includes(name))
    );
  }

  /** Every value; throws `ConfigProblems` listing every mistake (in production, every development default too). */
  load(env: EnvSource = processEnv()): LoadedValues<V> {
    const production = isProduction(env);
    const problems: ConfigError[] = [];
    const developmentDefaults: string[] = [];
    const values: Record<string, unknown> = {};
    for (const [name, definition] of Object.entries(this.variables)) {
      // A family has no value of its own: each of its variables the environment sets is checked.
      for (const variable of definition.membersIn(env)) {
        let value: unknown;
        try {
          value = variable.valueIn(env);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          problems.push(error);
          continue;
        }
        if (!definition.isFamily) values[name] = value;
        const refusal = variable.productionProblem(env, value);
        if (refusal && production) problems.push(refusal);
        else if (refusal) developmentDefaults.push(variable.name);
      }
    }
    for (const rule of this.productionChecks) {
      const refusal = rule.check(env);
      if (refusal && production) problems.push(refusal);
      else if (refusal) developmentDefaults.push(rule.name);
    }
    if (problems.length > 0) throw new ConfigProblems(this.service, problems);
    return { values: values as ConfigValues<V>, developmentDefaults };
  }
}
