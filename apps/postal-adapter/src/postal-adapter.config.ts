import { ConfigError, Env } from '@lienthong/config';
import { type MessagingOptions, messagingOptionsFromEnv } from '@lienthong/messaging';
import type { VnpostHttpOptions } from './postal/postal.http-client';
import { DEFAULT_TRUSTED_FORWARDERS } from './webhook/webhook-source';

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
 * (`NODE_ENV=production`) the credentials and the webhook secret must be set: the defaults are the simulator's.
 */
export function postalAdapterConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PostalAdapterConfig {
  const e = new Env(env);
  if (env.NODE_ENV === 'production') {
    for (const name of ['POSTAL_URL', 'POSTAL_CLIENT_ID', 'POSTAL_CLIENT_SECRET', 'POSTAL_WEBHOOK_SECRET']) {
      if (!e.optional(name)) throw new ConfigError(`${name} must be set when NODE_ENV=production (the default is the simulator's)`);
    }
  }
  const staleMs = e.int('POSTAL_STALE_MS', 30 * 60_000, 1);
  // Handlers call the operator inside their transaction: one message per transaction, so that a slow call holds
  // only its own message and a failure never makes the transport run other messages' calls again.
  const batchOverride = e.optional('BUS_BATCH_SIZE') === undefined ? { batchSize: 1 } : {};
  return {
    service: SERVICE,
    messaging: messagingOptionsFromEnv(SERVICE, env, batchOverride),
    postal: {
      baseUrl: e.url('POSTAL_URL', 'http://127.0.0.1:3102'),
      clientId: e.string('POSTAL_CLIENT_ID', 'lienthong'),
      clientSecret: e.string('POSTAL_CLIENT_SECRET', 'lienthong-secret'),
      timeoutMs: e.int('POSTAL_TIMEOUT_MS', 10_000, 1),
      maxAttempts: e.int('POSTAL_MAX_ATTEMPTS', 4, 1, 20),
      backoffBaseMs: 250,
      backoffMaxMs: 4_000,
      maxRetryAfterMs: e.int('POSTAL_MAX_RETRY_AFTER_MS', 5_000, 0),
      breaker: { failureThreshold: e.int('POSTAL_BREAKER_THRESHOLD', 5, 1), cooldownMs: e.int('POSTAL_BREAKER_COOLDOWN_MS', 30_000, 1) },
    },
    webhook: {
      secret: e.string('POSTAL_WEBHOOK_SECRET', 'lienthong-webhook-secret'),
      toleranceMs: 5 * 60_000,
      confirmTimeoutMs: e.int('POSTAL_WEBHOOK_CONFIRM_MS', 4_000, 1),
      unknownOrderGraceMs: 2_000,
      maxBodyBytes: 256 * 1024,
      rejections: {
        perSourcePerMinute: e.int('POSTAL_WEBHOOK_REJECTIONS_PER_SOURCE', 30, 1),
        totalPerMinute: e.int('POSTAL_WEBHOOK_REJECTIONS_PER_MINUTE', 300, 1),
        bodyBytes: e.int('POSTAL_WEBHOOK_REJECTION_BODY_BYTES', 2048, 0, 256 * 1024),
        maxAgeMs: e.int('POSTAL_WEBHOOK_REJECTION_DAYS', 30, 1, 3650) * 86_400_000,
        maxRows: e.int('POSTAL_WEBHOOK_REJECTION_ROWS', 10_000, 1),
        trustedForwarders: (e.optional('POSTAL_WEBHOOK_TRUSTED_FORWARDERS') ?? DEFAULT_TRUSTED_FORWARDERS.join(','))
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
      },
    },
    poller: {
      staleMs,
      intervalMs: e.int('POSTAL_POLL_INTERVAL_MS', Math.max(1, Math.min(60_000, Math.floor(staleMs / 2))), 1),
      batchSize: 50,
    },
  };
}
