import { BUS_ENV, ConfigError, Departments, type EnvSource, SHARED_ENV, SIM_ONESTOP_ENV as SIM, processEnv } from '@lienthong/config';
import { EXCHANGE, FieldProblem } from '@lienthong/contracts';

/** How the simulated Center behaves; changeable at run time (`PUT /_admin/behaviour`). */
export interface Behaviour {
  /** Dossiers generated per minute (`ONESTOP_SIM_RATE`, default 6; 0 = none). */
  ratePerMinute: number;
  /** Time from RECEIVED to the appraisal (`ONESTOP_SIM_APPRAISAL_MS`, default 300). */
  appraisalMs: number;
  /** Time the Center takes for every other step: approval on paper, release, return (`ONESTOP_SIM_STEP_MS`, default 300). */
  stepMs: number;
  /** Time until the applicant brings the supplement (`ONESTOP_SIM_SUPPLEMENT_MS`, default 1000). */
  supplementDelayMs: number;
  /** Probability an appraisal asks for a supplement (`ONESTOP_SIM_SUPPLEMENT_P`, default 0.1; once per dossier). */
  supplementP: number;
  /** Probability an appraisal refuses (`ONESTOP_SIM_REJECT_P`, default 0.05). */
  rejectP: number;
  /** Probability the applicant withdraws early, before appraisal or instead of a supplement (`ONESTOP_SIM_WITHDRAW_P`, default 0.02). */
  withdrawP: number;
  /**
   * Share of messages whose text is sent decomposed (NFD), as some one-stop clients write Vietnamese; the contract lets
   * the bus normalize it to NFC (`ONESTOP_SIM_NFD_P`, default 0.1).
   */
  nfdP: number;
}

export const DEFAULT_BEHAVIOUR: Readonly<Behaviour> = {
  ratePerMinute: 6,
  appraisalMs: 300,
  stepMs: 300,
  supplementDelayMs: 1000,
  supplementP: 0.1,
  rejectP: 0.05,
  withdrawP: 0.02,
  nfdP: 0.1,
};

/** Range of each behaviour field, and its environment variable. */
const FIELDS: { readonly [K in keyof Behaviour]: { env: keyof typeof SIM; min: number; max: number } } = {
  ratePerMinute: { env: 'ONESTOP_SIM_RATE', min: 0, max: 6000 },
  appraisalMs: { env: 'ONESTOP_SIM_APPRAISAL_MS', min: 0, max: 3_600_000 },
  stepMs: { env: 'ONESTOP_SIM_STEP_MS', min: 0, max: 3_600_000 },
  supplementDelayMs: { env: 'ONESTOP_SIM_SUPPLEMENT_MS', min: 0, max: 3_600_000 },
  supplementP: { env: 'ONESTOP_SIM_SUPPLEMENT_P', min: 0, max: 1 },
  rejectP: { env: 'ONESTOP_SIM_REJECT_P', min: 0, max: 1 },
  withdrawP: { env: 'ONESTOP_SIM_WITHDRAW_P', min: 0, max: 1 },
  nfdP: { env: 'ONESTOP_SIM_NFD_P', min: 0, max: 1 },
};

/**
 * `base` with the fields of `patch` applied, or the problems that prevent it (unknown field, not a number,
 * out of range, supplement and reject probabilities adding up to more than 1).
 */
export function applyBehaviour(base: Readonly<Behaviour>, patch: unknown): { behaviour: Behaviour; problems: FieldProblem[] } {
  const behaviour: Behaviour = { ...base };
  const problems: FieldProblem[] = [];
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return { behaviour, problems: [{ field: 'body', problem: `must be an object with some of: ${Object.keys(FIELDS).join(', ')}` }] };
  }
  for (const [key, value] of Object.entries(patch)) {
    const field = FIELDS[key as keyof Behaviour] as (typeof FIELDS)[keyof Behaviour] | undefined;
    if (!field) problems.push({ field: key, problem: `is not a behaviour setting (known: ${Object.keys(FIELDS).join(', ')})` });
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < field.min || value > field.max) {
      problems.push({ field: key, problem: `must be a number from ${field.min} to ${field.max}` });
    } else behaviour[key as keyof Behaviour] = value;
  }
  if (problems.length === 0 && behaviour.supplementP + behaviour.rejectP > 1) {
    problems.push({ field: 'rejectP', problem: 'supplementP + rejectP must not exceed 1' });
  }
  return { behaviour, problems };
}

/** Options of `startOnestopSimulator`; each falls back to its environment variable, then to a working default. */
export interface OnestopSimulatorOptions {
  /** RabbitMQ, comma-separated for a cluster (`AMQP_URL`, default amqp://guest:guest@127.0.0.1:5672). */
  amqpUrl?: string;
  /** Exchange to publish to and bind at (default `lienthong.events`; tests use their own). */
  exchange?: string;
  /** The one-stop system's queue (`ONESTOP_SIM_QUEUE`, default `onestop.inbox`). */
  queue?: string;
  /** `classic` or `quorum` (`AMQP_QUEUE_TYPE`, default classic). */
  queueType?: 'classic' | 'quorum';
  /** Unacked messages at most (`ONESTOP_SIM_PREFETCH`, default 20). */
  prefetch?: number;
  /** Document server port (`ONESTOP_SIM_PORT`, default 3103; 0 picks a free one). */
  port?: number;
  /** Interface to listen on (`ONESTOP_SIM_HOST`, default 127.0.0.1). */
  host?: string;
  /** Base URL written into document references (`ONESTOP_SIM_PUBLIC_URL`, default http://<host>:<port>). */
  publicUrl?: string;
  /** Department table (`DEPARTMENTS_FILE`, default config/departments.yaml); ignored when `departments` is given. */
  departmentsFile?: string;
  departments?: Departments;
  /** Over the environment's settings, over the defaults. */
  behaviour?: Partial<Behaviour>;
  /** Seed of every random draw (`ONESTOP_SIM_SEED`, default random, printed at start). */
  seed?: number;
  /** First sequence number of each department's dossier codes per day (default from the clock, so restarts do not reuse codes). */
  codeStart?: number;
  /** Clock (tests); default the system clock. */
  now?: () => Date;
  /** One line per event; default console.log with a `[sim-onestop]` prefix. */
  log?: (line: string) => void;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  amqpUrl: string;
  exchange: string;
  queue: string;
  queueType: 'classic' | 'quorum';
  prefetch: number;
  port: number;
  host: string;
  publicUrl: string | undefined;
  departmentsFile: string;
  behaviour: Behaviour;
  seed: number;
  codeStart: number | undefined;
}

/** Resolves options over the environment; a bad variable stops start-up with a `ConfigError` naming it. */
export function resolveOptions(options: OnestopSimulatorOptions, env: EnvSource = processEnv()): ResolvedOptions {
  const fromEnv: Partial<Behaviour> = {};
  for (const [key, field] of Object.entries(FIELDS)) {
    const value = SIM[field.env].given(env);
    if (typeof value === 'number') fromEnv[key as keyof Behaviour] = value;
  }
  const { behaviour, problems } = applyBehaviour({ ...DEFAULT_BEHAVIOUR, ...fromEnv }, options.behaviour ?? {});
  if (problems.length > 0)
    throw new ConfigError(`invalid simulator behaviour: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`);

  return {
    amqpUrl: options.amqpUrl ?? BUS_ENV.AMQP_URL.read(env).join(','),
    exchange: options.exchange ?? EXCHANGE,
    queue: options.queue ?? SIM.ONESTOP_SIM_QUEUE.read(env),
    queueType: options.queueType ?? BUS_ENV.AMQP_QUEUE_TYPE.read(env),
    prefetch: options.prefetch ?? SIM.ONESTOP_SIM_PREFETCH.read(env),
    port: options.port ?? SHARED_ENV.ONESTOP_SIM_PORT.read(env),
    host: options.host ?? SIM.ONESTOP_SIM_HOST.read(env),
    publicUrl: options.publicUrl ?? SIM.ONESTOP_SIM_PUBLIC_URL.read(env),
    departmentsFile: options.departmentsFile ?? SHARED_ENV.DEPARTMENTS_FILE.read(env),
    behaviour,
    seed: options.seed ?? SIM.ONESTOP_SIM_SEED.read(env) ?? Math.floor(Math.random() * 0xffffffff),
    codeStart: options.codeStart,
  };
}
