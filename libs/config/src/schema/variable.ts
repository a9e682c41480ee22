import { ConfigError } from '../config.error';
import { type EnvSource, processEnv } from './env-source';
import { type Kind, redactUrl } from './kinds';

type Defined<T> = Exclude<T, undefined>;

/** What production (`NODE_ENV=production`) demands of a variable whose default serves development only. */
export interface ProductionRule<T> {
  /**
   * The variable must be given; completes "X is required when NODE_ENV=production: ...". A secret (masked kind)
   * given with its published development default is refused too.
   */
  readonly required?: string;
  /** Why this value is refused in production (completes "X ..."), or undefined when it is acceptable. */
  readonly refuse?: (value: T) => string | undefined;
  /** The production column of docs/configuration.md. */
  readonly doc: string;
}

export interface VariableSpec<T> {
  /** What the variable means, for docs/configuration.md and .env.example. */
  readonly doc: string;
  readonly default?: T;
  /** How the docs state a default that the reader computes (`http://127.0.0.1:<HTTP_PORT>`). */
  readonly defaultText?: string;
  readonly production?: ProductionRule<T>;
}

/** The schema whose variables this process may read (set at start-up by `loadConfigOrExit`). */
let declaredIn: { readonly service: string; has(name: string): boolean } | undefined;

/** From now on, a read of the process's environment outside `schema` is a bug, reported as `CONFIG.UNDECLARED`. */
export function declareReads(schema: { readonly service: string; has(name: string): boolean } | undefined): void {
  declaredIn = schema;
}

/**
 * What the environment templates (deploy/env, deploy/compose) write where each site must put its own value. A value
 * holding it is refused in every mode: it is never what anyone means.
 */
export const PLACEHOLDER = 'CHANGE-ME';

/** A family's name ends with its placeholder part: `RABBITMQ_PASSWORD_<USER>`. */
const FAMILY = /^([A-Z][A-Z0-9_]*_)<([A-Z]+)>$/;

/** Whether `env` is a production environment (`NODE_ENV=production`). */
export function isProduction(env: EnvSource = processEnv()): boolean {
  // The one variable every rule depends on is read here directly; its form is checked as NODE_ENV in every schema.
  return env['NODE_ENV']?.trim() === 'production';
}

/** True under a test runner (`NODE_ENV=test`, which jest sets): checks that cost on every message are on there only. */
export function isTestRun(env: EnvSource = processEnv()): boolean {
  return env['NODE_ENV']?.trim() === 'test';
}

/**
 * One environment variable: its form, default and production rule. Run-time code reads variables only through
 * these (`read`, `given`); a service's schema lists the ones it reads, so that start-up checks them all at once.
 * An empty or blank value counts as unset, unless the kind gives empty a meaning.
 *
 * A name ending in a placeholder (`RABBITMQ_PASSWORD_<USER>`) defines a family: one variable per value of the part
 * the code computes (`member('ONESTOP')` is `RABBITMQ_PASSWORD_ONESTOP`), each of the family's form.
 */
export class Variable<T> {
  constructor(
    readonly name: string,
    readonly kind: Kind<Defined<T>>,
    readonly spec: VariableSpec<Defined<T>>,
  ) {}

  /** Whether this defines a family of variables (`RABBITMQ_PASSWORD_<USER>`) rather than one. */
  get isFamily(): boolean {
    return FAMILY.test(this.name);
  }

  /** The family's variable whose placeholder part is `part` (capitals, digits and `_`). */
  member(part: string): Variable<T> {
    const family = FAMILY.exec(this.name);
    if (!family) throw new Error(`${this.name} is not a family of variables`);
    if (!/^[A-Z0-9_]+$/.test(part)) throw new Error(`${this.name}: "${part}" is not a name part (A-Z 0-9 _)`);
    return new Variable<T>(`${family[1]}${part}`, this.kind, this.spec);
  }

  /** Whether `name` is a variable of this family (or this variable's own name). */
  includes(name: string): boolean {
    const family = FAMILY.exec(this.name);
    return family ? name.startsWith(family[1]) && /^[A-Z0-9_]+$/.test(name.slice(family[1].length)) : name === this.name;
  }

  /** The variables of this family that `env` sets (for a single variable, itself). */
  membersIn(env: EnvSource): Array<Variable<T>> {
    if (!this.isFamily) return [this];
    const prefix = FAMILY.exec(this.name)![1];
    return Object.keys(env)
      .filter((name) => name !== prefix && this.includes(name))
      .sort()
      .map((name) => this.member(name.slice(prefix.length)));
  }

  /** The value (its default when unset); in production, also its production rule. Throws `ConfigError` naming the variable. */
  read(env: EnvSource = processEnv()): T {
    this.checkDeclared(env);
    const value = this.valueIn(env);
    if (isProduction(env)) {
      const problem = this.productionProblem(env, value);
      if (problem) throw problem;
    }
    return value;
  }

  /** The value when given, undefined when unset (the caller has its own default). Throws `ConfigError` when malformed. */
  given(env: EnvSource = processEnv()): Defined<T> | undefined {
    this.checkDeclared(env);
    return this.parseGiven(env);
  }

  /** The value, or its default; no production rule. */
  valueIn(env: EnvSource): T {
    const given = this.parseGiven(env);
    return (given === undefined ? this.spec.default : given) as T;
  }

  /** Why production refuses this value, or undefined. */
  productionProblem(env: EnvSource, value: T): ConfigError | undefined {
    const rule = this.spec.production;
    if (!rule) return undefined;
    if (rule.required !== undefined) {
      if (this.text(env) === undefined)
        return new ConfigError(`${this.name} is required when NODE_ENV=production: ${rule.required}`, 'CONFIG.REQUIRED_IN_PRODUCTION');
      if (this.kind.masked && value === this.spec.default) {
        return new ConfigError(
          `${this.name} is the published development default, refused when NODE_ENV=production: ${rule.required}`,
          'CONFIG.REFUSED_IN_PRODUCTION',
        );
      }
    }
    const reason = value === undefined ? undefined : rule.refuse?.(value as Defined<T>);
    return reason ? new ConfigError(`${this.name} ${reason}; refused when NODE_ENV=production`, 'CONFIG.REFUSED_IN_PRODUCTION') : undefined;
  }

  /** The same variable with another default (a service's own port, batch size...). */
  withDefault(value: Defined<T>, defaultText?: string): Variable<Defined<T>> {
    return new Variable<Defined<T>>(
      this.name,
      this.kind as Kind<Defined<Defined<T>>>,
      { ...this.spec, default: value, defaultText } as VariableSpec<Defined<Defined<T>>>,
    );
  }

  /** How the default is written in docs, or undefined when there is none. */
  describeDefault(): string | undefined {
    if (this.spec.defaultText !== undefined) return this.spec.defaultText;
    return this.spec.default === undefined ? undefined : this.kind.show(this.spec.default);
  }

  private text(env: EnvSource): string | undefined {
    const raw = env[this.name];
    if (raw === undefined) return undefined;
    const trimmed = raw.trim();
    return trimmed === '' && this.kind.empty === undefined ? undefined : trimmed;
  }

  private parseGiven(env: EnvSource): Defined<T> | undefined {
    if (this.isFamily) throw new Error(`${this.name} is a family of variables: read one of them (member)`);
    const text = this.text(env);
    if (text === undefined) return undefined;
    if (text === '') return this.kind.empty;
    if (text.includes(PLACEHOLDER)) {
      throw new ConfigError(
        `${this.name} still holds the placeholder ${PLACEHOLDER} of the environment templates: set this site's value`,
        'CONFIG.PLACEHOLDER',
      );
    }
    const parsed = this.kind.parse(text);
    if ('value' in parsed) return parsed.value;
    const shown = this.kind.masked ? `a value of ${text.length} characters` : `"${redactUrl(text)}"`;
    throw new ConfigError(`${this.name} must be ${this.kind.form}, got ${shown}${parsed.hint ? `: ${parsed.hint}` : ''}`);
  }

  private checkDeclared(env: EnvSource): void {
    if (declaredIn && env === processEnv() && !declaredIn.has(this.name)) {
      throw new ConfigError(
        `${this.name} is read by ${declaredIn.service} but is not in its configuration schema (libs/config/src/services): declare it there`,
        'CONFIG.UNDECLARED',
      );
    }
  }
}

/** A variable's definition; `variables({...})` gives it its name. */
export type Definition<T> = (name: string) => Variable<T>;

/** Defines a variable of `kind`; with a default, its value is never undefined. */
export function variable<T>(kind: Kind<T>, spec: VariableSpec<NoInfer<T>> & { readonly default: NoInfer<T> }): Definition<T>;
export function variable<T>(kind: Kind<T>, spec: VariableSpec<NoInfer<T>>): Definition<T | undefined>;
export function variable<T>(kind: Kind<T>, spec: VariableSpec<T>): Definition<T | undefined> {
  return (name) => new Variable<T | undefined>(name, kind as Kind<Defined<T | undefined>>, spec as VariableSpec<Defined<T | undefined>>);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Variable<T>, whatever T
type Named<D> = D extends Variable<any> ? D : D extends Definition<infer T> ? Variable<T> : never;

/**
 * Names each definition after its key: `variables({ HOLD_MS: variable(duration(...), {...}) }).HOLD_MS.read()`.
 * An entry may also be a variable defined elsewhere under the same name (`BUS_ENV.HTTP_PORT.withDefault(3001)`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Definition<T> or Variable<T>, whatever T
export function variables<D extends Record<string, Definition<any> | Variable<any>>>(
  definitions: D,
): { readonly [K in keyof D]: Named<D[K]> } {
  return Object.fromEntries(
    Object.entries(definitions).map(([name, entry]) => {
      const named = entry instanceof Variable ? entry : entry(name);
      if (named.name !== name) throw new Error(`variable ${named.name} is listed as ${name}`);
      return [name, named];
    }),
  ) as { readonly [K in keyof D]: Named<D[K]> };
}
