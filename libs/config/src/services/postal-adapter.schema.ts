import { duration, integer, ipAddress, list, size, url } from '../schema/kinds';
import { ConfigSchema } from '../schema/schema';
import { variable, variables } from '../schema/variable';
import { BUS_ENV, SERVICE_AUTH_ENV, SHARED_ENV } from './bus.variables';
import { simulatorAddress } from './production.rules';

/** The postal adapter's own variables (docs/postal-adapter.md). */
export const POSTAL_ADAPTER_ENV = variables({
  POSTAL_URL: variable(url(), {
    doc: "the postal operator's API base URL",
    default: 'http://127.0.0.1:3102',
    defaultText: '`http://127.0.0.1:3102` (the simulator)',
    production: { doc: 'required; not the simulator', required: "the postal operator's API base URL", refuse: simulatorAddress('postal') },
  }),
  POSTAL_TIMEOUT_MS: variable(duration(1, 600_000), { doc: 'limit of every HTTP exchange with the operator', default: 10_000 }),
  POSTAL_MAX_ATTEMPTS: variable(integer(1, 20), {
    doc: 'attempts per call for 5xx, timeouts and 429 (a token renewal does not count)',
    default: 4,
  }),
  POSTAL_MAX_RETRY_AFTER_MS: variable(duration(0, 3_600_000), { doc: 'longest `Retry-After` waited out inside a call', default: 5_000 }),
  POSTAL_BREAKER_THRESHOLD: variable(integer(1, 1_000), { doc: 'consecutive failures that open the circuit', default: 5 }),
  POSTAL_BREAKER_COOLDOWN_MS: variable(duration(1, 3_600_000), { doc: 'how long the circuit stays open', default: 30_000 }),
  POSTAL_WEBHOOK_CONFIRM_MS: variable(duration(1, 60_000), {
    doc: "how long a callback waits for the broker's confirm before answering 503",
    default: 4_000,
  }),
  POSTAL_WEBHOOK_REJECTIONS_PER_SOURCE: variable(integer(1, 1_000_000), {
    doc: 'unsigned or badly signed callbacks recorded and logged per source address per minute; beyond, only answered (401) and counted',
    default: 30,
  }),
  POSTAL_WEBHOOK_REJECTIONS_PER_MINUTE: variable(integer(1, 1_000_000), { doc: 'the same, all sources together', default: 300 }),
  POSTAL_WEBHOOK_REJECTION_BODY_BYTES: variable(size(0, 256 * 1024), {
    doc: "bytes of a refused callback's body kept (its size and SHA-256 are kept too)",
    default: 2_048,
  }),
  POSTAL_WEBHOOK_REJECTION_DAYS: variable(integer(1, 3_650), { doc: 'refused callbacks are kept at most so many days', default: 30 }),
  POSTAL_WEBHOOK_REJECTION_ROWS: variable(integer(1, 100_000_000), {
    doc: 'refused callbacks are kept at most so many rows',
    default: 10_000,
  }),
  POSTAL_WEBHOOK_TRUSTED_FORWARDERS: variable(list(ipAddress(), 'IP addresses'), {
    doc: "addresses whose `X-Forwarded-For` names a callback's source (the console, a reverse proxy)",
    default: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
  }),
  POSTAL_STALE_MS: variable(duration(1, 2_592_000_000), {
    doc: 'a shipment with no news for this long is asked about (`GET /v1/orders/{n}`)',
    default: 1_800_000,
  }),
  POSTAL_POLL_INTERVAL_MS: variable(duration(1, 86_400_000), {
    doc: 'how often stale shipments are looked for',
    defaultText: '`min(60000, POSTAL_STALE_MS / 2)`',
  }),
  HTTP_PORT: BUS_ENV.HTTP_PORT.withDefault(3003, '`3003` (the launcher: `HTTP_PORT`+3)'),
  // Handlers call the operator inside their transaction: one message per transaction unless said otherwise.
  BUS_BATCH_SIZE: BUS_ENV.BUS_BATCH_SIZE.withDefault(1),
});

export const POSTAL_ADAPTER_SCHEMA = new ConfigSchema(
  'postal-adapter',
  'orders deliveries from the postal operator (REST) and receives its tracking webhooks',
  {
    ...BUS_ENV,
    ...SERVICE_AUTH_ENV,
    POSTAL_CLIENT_ID: SHARED_ENV.POSTAL_CLIENT_ID,
    POSTAL_CLIENT_SECRET: SHARED_ENV.POSTAL_CLIENT_SECRET,
    POSTAL_WEBHOOK_SECRET: SHARED_ENV.POSTAL_WEBHOOK_SECRET,
    ...POSTAL_ADAPTER_ENV,
  },
);
