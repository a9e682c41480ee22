import { randomInt } from 'node:crypto';
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
  /** Environment to read defaults from; default `process.env`. Pass `{}` to ignore it (tests). */
  env?: NodeJS.ProcessEnv;
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

function envNumber(env: NodeJS.ProcessEnv, name: string, check: (n: number) => boolean, rule: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!check(value)) throw new SimulatorConfigError(`${name} must be ${rule}, got "${raw}"`);
  return value;
}

function checkOption(name: string, value: number, check: (n: number) => boolean, rule: string): number {
  if (!check(value)) throw new SimulatorConfigError(`option ${name} must be ${rule}, got ${value}`);
  return value;
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;
const isNonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;
const isPositive = (n: number): boolean => Number.isFinite(n) && n > 0;

function resolveFaults(options: PostalSimulatorOptions, env: NodeJS.ProcessEnv): FaultConfig {
  let input: unknown = options.faults ?? {};
  let source = 'option faults';
  if (options.faults === undefined && env.POSTAL_SIM_FAULTS?.trim()) {
    source = 'POSTAL_SIM_FAULTS';
    try {
      input = JSON.parse(env.POSTAL_SIM_FAULTS);
    } catch {
      throw new SimulatorConfigError(`POSTAL_SIM_FAULTS is not valid JSON: ${env.POSTAL_SIM_FAULTS}`);
    }
  }
  const parsed = parseFaultConfig(input);
  if (!parsed.ok) {
    throw new SimulatorConfigError(`${source}: ${parsed.errors.map((e) => `${e.field} ${e.problem}`).join('; ')}`);
  }
  return parsed.value;
}

function resolveWebhookUrl(options: PostalSimulatorOptions, env: NodeJS.ProcessEnv): string | null {
  const url = options.webhookUrl !== undefined ? options.webhookUrl : env.POSTAL_WEBHOOK_URL ?? 'http://127.0.0.1:3000/postal/webhook';
  if (url === null || url.trim() === '') return null;
  try {
    new URL(url);
  } catch {
    throw new SimulatorConfigError(`webhook URL "${url}" (POSTAL_WEBHOOK_URL or option webhookUrl) is not a valid URL`);
  }
  return url;
}

/** Applies environment and defaults; throws SimulatorConfigError naming the variable or option at fault. */
export function resolveSettings(options: PostalSimulatorOptions = {}, env: NodeJS.ProcessEnv = options.env ?? process.env): SimulatorSettings {
  const port = options.port ?? envNumber(env, 'POSTAL_SIM_PORT', isPort, 'a port number 0-65535') ?? 3102;
  const ttl = options.tokenTtlSeconds ?? envNumber(env, 'POSTAL_SIM_TOKEN_TTL_S', isPositive, 'a positive number of seconds') ?? 300;
  const step = options.stepIntervalMs ?? envNumber(env, 'POSTAL_SIM_STEP_MS', isNonNegative, 'a number of ms ≥ 0') ?? 200;
  const seed = options.seed ?? envNumber(env, 'POSTAL_SIM_SEED', Number.isInteger, 'an integer') ?? randomInt(1, 2 ** 31);
  const retryInitial = envNumber(env, 'POSTAL_SIM_WEBHOOK_RETRY_MS', isNonNegative, 'a number of ms ≥ 0') ?? 1000;
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
    host: options.host ?? env.POSTAL_SIM_HOST ?? '127.0.0.1',
    clientId: options.clientId ?? env.POSTAL_CLIENT_ID ?? 'lienthong',
    clientSecret: options.clientSecret ?? env.POSTAL_CLIENT_SECRET ?? 'lienthong-secret',
    tokenTtlSeconds: ttl,
    webhookUrl: resolveWebhookUrl(options, env),
    webhookSecret: options.webhookSecret ?? env.POSTAL_WEBHOOK_SECRET ?? 'lienthong-webhook-secret',
    stepIntervalMs: step,
    autoAdvance: options.autoAdvance ?? env.POSTAL_SIM_AUTO_ADVANCE !== 'false',
    seed,
    faults: resolveFaults(options, env),
    webhookRetry: retry,
    webhookTimeoutMs: checkOption('webhookTimeoutMs', options.webhookTimeoutMs ?? 5000, isPositive, 'a positive number of ms'),
    log: options.log ?? (() => undefined),
  };
}
