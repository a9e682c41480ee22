import { randomInt } from 'node:crypto';
import { type EnvSource, SHARED_ENV, SIM_POSTAL_ENV as SIM, processEnv } from '@lienthong/config';
import { FaultConfig, FaultConfigInput, parseFaultConfig } from './faults/fault.config';
import { SimulatorConfigError } from './shared/simulator-config.error';
import { RetryPolicy } from './webhooks/webhook.dispatcher';

/** How to run the simulator; anything left out comes from the environment, then from the defaults. */
export interface PostalSimulatorOptions {
  /** Default `POSTAL_SIM_PORT` or 3102; 0 picks a free port. */
  port?: number;
  /** Default `POSTAL_SIM_HOST` or 127.0.0.1. */
  host?: string;
  /** Default `POSTAL_CLIENT_ID` or `lienthong`. */
  clientId?: string;
  /** Default `POSTAL_CLIENT_SECRET` or `lienthong-secret`. */
  clientSecret?: string;
  /** Default `POSTAL_SIM_TOKEN_TTL_S` or 300; may be fractional (tests). */
  tokenTtlSeconds?: number;
  /** Default `POSTAL_WEBHOOK_URL` or http://127.0.0.1:3000/postal/webhook; null or '' disables webhooks. */
  webhookUrl?: string | null;
  /** Default `POSTAL_WEBHOOK_SECRET` or `lienthong-webhook-secret`. */
  webhookSecret?: string;
  /** Time between shipment steps; default `POSTAL_SIM_STEP_MS` or 200; 0 = as fast as possible. */
  stepIntervalMs?: number;
  /** false: shipments move only via advance(); default `POSTAL_SIM_AUTO_ADVANCE` (≠ "false") or true. */
  autoAdvance?: boolean;
  /** Seed of every random decision; default `POSTAL_SIM_SEED` or a random one (reported on the handle). */
  seed?: number;
  /** Faults at start (and after reset); default `POSTAL_SIM_FAULTS` (JSON) or none. */
  faults?: FaultConfigInput;
  /** Webhook backoff; default initial `POSTAL_SIM_WEBHOOK_RETRY_MS` or 1000 ms, ×2, cap 60 s, unlimited attempts. */
  webhookRetry?: Partial<RetryPolicy>;
  /** Timeout of one webhook POST; default 5000 ms. */
  webhookTimeoutMs?: number;
  /** Where operational lines go (webhook failures, start-up); default nowhere. */
  log?: (line: string) => void;
  /** Environment to read defaults from; default the process's. Pass `{}` to ignore it (tests). */
  env?: EnvSource;
}

/** Options with every default applied. */
export interface SimulatorSettings {
  port: number;
  host: string;
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  webhookUrl: string | null;
  webhookSecret: string;
  stepIntervalMs: number;
  autoAdvance: boolean;
  seed: number;
  faults: FaultConfig;
  webhookRetry: RetryPolicy;
  webhookTimeoutMs: number;
  log: (line: string) => void;
}

function checkOption(name: string, value: number, check: (n: number) => boolean, rule: string): number {
  if (!check(value)) throw new SimulatorConfigError(`option ${name} must be ${rule}, got ${value}`);
  return value;
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;
const isNonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;
const isPositive = (n: number): boolean => Number.isFinite(n) && n > 0;

function resolveFaults(options: PostalSimulatorOptions, env: EnvSource): FaultConfig {
  let input: unknown = options.faults ?? {};
  let source = 'option faults';
  const fromEnv = options.faults === undefined ? SIM.POSTAL_SIM_FAULTS.read(env) : undefined;
  if (fromEnv !== undefined) {
    source = 'POSTAL_SIM_FAULTS';
    input = fromEnv;
  }
  const parsed = parseFaultConfig(input);
  if (!parsed.ok) {
    throw new SimulatorConfigError(`${source}: ${parsed.errors.map((e) => `${e.field} ${e.problem}`).join('; ')}`);
  }
  return parsed.value;
}

function resolveWebhookUrl(options: PostalSimulatorOptions, env: EnvSource): string | null {
  if (options.webhookUrl === undefined) return SIM.POSTAL_WEBHOOK_URL.read(env);
  const url = options.webhookUrl;
  if (url === null || url.trim() === '') return null;
  try {
    new URL(url);
  } catch {
    throw new SimulatorConfigError(`option webhookUrl "${url}" is not a valid URL`);
  }
  return url;
}

/** Applies environment and defaults; throws SimulatorConfigError naming the variable or option at fault. */
export function resolveSettings(options: PostalSimulatorOptions = {}, env: EnvSource = options.env ?? processEnv()): SimulatorSettings {
  const port = options.port ?? SIM.POSTAL_SIM_PORT.read(env);
  const ttl = options.tokenTtlSeconds ?? SIM.POSTAL_SIM_TOKEN_TTL_S.read(env);
  const step = options.stepIntervalMs ?? SIM.POSTAL_SIM_STEP_MS.read(env);
  const seed = options.seed ?? SIM.POSTAL_SIM_SEED.read(env) ?? randomInt(1, 2 ** 31);
  const retryInitial = SIM.POSTAL_SIM_WEBHOOK_RETRY_MS.read(env);
  const retry: RetryPolicy = { initialDelayMs: retryInitial, factor: 2, maxDelayMs: 60_000, maxAttempts: 0, ...options.webhookRetry };
  checkOption('port', port, isPort, 'a port number 0-65535');
  checkOption('tokenTtlSeconds', ttl, isPositive, 'a positive number of seconds');
  checkOption('stepIntervalMs', step, isNonNegative, 'a number of ms ≥ 0');
  checkOption('webhookRetry.initialDelayMs', retry.initialDelayMs, isNonNegative, 'a number of ms ≥ 0');
  checkOption('webhookRetry.maxDelayMs', retry.maxDelayMs, isNonNegative, 'a number of ms ≥ 0');
  checkOption('webhookRetry.factor', retry.factor, (n) => Number.isFinite(n) && n >= 1, 'a number ≥ 1');
  checkOption('webhookRetry.maxAttempts', retry.maxAttempts, (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0 (0 = unlimited)');
  return {
    port,
    host: options.host ?? SIM.POSTAL_SIM_HOST.read(env),
    clientId: options.clientId ?? SHARED_ENV.POSTAL_CLIENT_ID.read(env),
    clientSecret: options.clientSecret ?? SHARED_ENV.POSTAL_CLIENT_SECRET.read(env),
    tokenTtlSeconds: ttl,
    webhookUrl: resolveWebhookUrl(options, env),
    webhookSecret: options.webhookSecret ?? SHARED_ENV.POSTAL_WEBHOOK_SECRET.read(env),
    stepIntervalMs: step,
    autoAdvance: options.autoAdvance ?? SIM.POSTAL_SIM_AUTO_ADVANCE.read(env),
    seed,
    faults: resolveFaults(options, env),
    webhookRetry: retry,
    webhookTimeoutMs: checkOption('webhookTimeoutMs', options.webhookTimeoutMs ?? 5000, isPositive, 'a positive number of ms'),
    log: options.log ?? (() => undefined),
  };
}
