import { type EnvSource, POSTAL_ADAPTER_ENV as POSTAL, SHARED_ENV as SHARED, processEnv } from '@lienthong/config';
import { type MessagingOptions, messagingOptionsFromEnv } from '@lienthong/messaging';
import type { VnpostHttpOptions } from './postal/postal.http-client';

export const SERVICE = 'postal-adapter';

/** DI token of the service's {@link PostalAdapterConfig}. */
export const POSTAL_ADAPTER_CONFIG = Symbol('POSTAL_ADAPTER_CONFIG');

export interface WebhookOptions {
  /** Shared secret of the HMAC in `X-Postal-Signature`. */
  readonly secret: string;
  /** Largest accepted distance between `X-Postal-Timestamp` and now, either way. */
  readonly toleranceMs: number;
  /** How long a callback waits for the broker's confirm before answering 503 (the operator then retries). */
  readonly confirmTimeoutMs: number;
  /**
   * How long a callback for an unknown order waits for it to appear before 404: the operator may call back
   * about an order before the transaction that recorded its creation has committed.
   */
  readonly unknownOrderGraceMs: number;
  readonly maxBodyBytes: number;
  /** How much of the refused callbacks is kept (`postal_webhook_rejections`), per source and in all, and for how long. */
  readonly rejections: WebhookRejectionOptions;
}

export interface WebhookRejectionOptions {
  /** Refused callbacks recorded (and logged) per source address per minute; beyond, only answered and counted. */
  readonly perSourcePerMinute: number;
  /** The same, all sources together. */
  readonly totalPerMinute: number;
  /** Bytes of a refused body kept; its size and SHA-256 are kept whole. */
  readonly bodyBytes: number;
  readonly maxAgeMs: number;
  readonly maxRows: number;
  /** Peers whose X-Forwarded-For is believed (the console, a reverse proxy): see `sourceOf`. */
  readonly trustedForwarders: readonly string[];
}

export interface PollerOptions {
  /** A shipment with no news for this long is asked about (`GET /v1/orders/{n}`). */
  readonly staleMs: number;
  /** How often stale shipments are looked for. */
  readonly intervalMs: number;
  /** Most shipments asked about per round. */
  readonly batchSize: number;
}

/** Everything the postal adapter is configured with; `postalAdapterConfigFromEnv` gives working local defaults. */
export interface PostalAdapterConfig {
  readonly service: string;
  /** Undefined: `DATABASE_URL`, then the default SQLite file. */
  readonly databaseUrl?: string;
  readonly messaging: MessagingOptions;
  readonly postal: VnpostHttpOptions;
  readonly webhook: WebhookOptions;
  readonly poller: PollerOptions;
}

/**
 * Reads the configuration from the environment; every error names the variable. In production
 * (`NODE_ENV=production`) the operator's URL, the credentials and the webhook secret must be set: the defaults are
 * the simulator's.
 */
export function postalAdapterConfigFromEnv(env: EnvSource = processEnv()): PostalAdapterConfig {
  const staleMs = POSTAL.POSTAL_STALE_MS.read(env);
  return {
    service: SERVICE,
    messaging: messagingOptionsFromEnv(SERVICE, env, { batchSize: POSTAL.BUS_BATCH_SIZE.read(env) }),
    postal: {
      baseUrl: POSTAL.POSTAL_URL.read(env),
      clientId: SHARED.POSTAL_CLIENT_ID.read(env),
      clientSecret: SHARED.POSTAL_CLIENT_SECRET.read(env),
      timeoutMs: POSTAL.POSTAL_TIMEOUT_MS.read(env),
      maxAttempts: POSTAL.POSTAL_MAX_ATTEMPTS.read(env),
      backoffBaseMs: 250,
      backoffMaxMs: 4_000,
      maxRetryAfterMs: POSTAL.POSTAL_MAX_RETRY_AFTER_MS.read(env),
      breaker: { failureThreshold: POSTAL.POSTAL_BREAKER_THRESHOLD.read(env), cooldownMs: POSTAL.POSTAL_BREAKER_COOLDOWN_MS.read(env) },
    },
    webhook: {
      secret: SHARED.POSTAL_WEBHOOK_SECRET.read(env),
      toleranceMs: 5 * 60_000,
      confirmTimeoutMs: POSTAL.POSTAL_WEBHOOK_CONFIRM_MS.read(env),
      unknownOrderGraceMs: 2_000,
      maxBodyBytes: 256 * 1024,
      rejections: {
        perSourcePerMinute: POSTAL.POSTAL_WEBHOOK_REJECTIONS_PER_SOURCE.read(env),
        totalPerMinute: POSTAL.POSTAL_WEBHOOK_REJECTIONS_PER_MINUTE.read(env),
        bodyBytes: POSTAL.POSTAL_WEBHOOK_REJECTION_BODY_BYTES.read(env),
        maxAgeMs: POSTAL.POSTAL_WEBHOOK_REJECTION_DAYS.read(env) * 86_400_000,
        maxRows: POSTAL.POSTAL_WEBHOOK_REJECTION_ROWS.read(env),
        trustedForwarders: POSTAL.POSTAL_WEBHOOK_TRUSTED_FORWARDERS.read(env),
      },
    },
    poller: {
      staleMs,
      intervalMs: POSTAL.POSTAL_POLL_INTERVAL_MS.read(env) ?? Math.max(1, Math.min(60_000, Math.floor(staleMs / 2))),
      batchSize: 50,
    },
  };
}
