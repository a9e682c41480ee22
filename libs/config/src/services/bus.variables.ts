import { DEFAULT_MAX_MESSAGE_BYTES } from '@lienthong/contracts';
import { databaseUrl, duration, host, integer, oneOf, path, port, secret, size, text, timeZone, url, urls } from '../schema/kinds';
import { variable, variables } from '../schema/variable';
import { guestUser, loopbackUrl } from './production.rules';

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
export const DEFAULT_DATABASE_URL = 'sqlite:./data/lienthong.db';
/** Outside production only: keeps `npm start` working without configuration. Never accepted in production. */
export const DEVELOPMENT_SERVICE_TOKEN = 'lienthong-development-service-token-not-for-production';
/** Outside production only, so that `npm start` needs no configuration. Never accepted in production. */
export const DEVELOPMENT_VERDICT_SEAL_KEY = 'lienthong-development-verdict-seal-key-not-for-production';

/**
 * What every process on the bus reads (the three bus services and the console, through libs/messaging,
 * libs/persistence and libs/runtime). A variable added here is in each of their schemas.
 */
export const BUS_ENV = variables({
  NODE_ENV: variable(oneOf(['development', 'test', 'production']), {
    doc: "`production` refuses every development default: secrets, the simulators' addresses and test CA, RabbitMQ's guest user, the development console user",
    default: 'development',
  }),
  LOG_LEVEL: variable(oneOf(['error', 'warn', 'log', 'debug', 'verbose']), {
    doc: 'the least severe level logged (the launcher gives its children `warn` unless set; the one-stop simulator then prints only its ERROR, `!!!` and UNROUTED lines)',
    default: 'log',
  }),
  LOG_FORMAT: variable(oneOf(['json', 'pretty']), {
    doc:
      '`json`: one JSON object per line (`time`, `level`, `service`, `pid`, `context`, `message`, and when known `code`, `messageId`, `dossierCode`, `traceparent`, `stack`; secrets redacted); ' +
      '`pretty`: readable lines. The launcher passes its own to the processes it runs',
    defaultText: '`pretty` on a terminal, `json` otherwise',
  }),
  NO_COLOR: variable(text(), {
    doc: 'any value: no colours in `pretty` lines, even on a terminal',
    defaultText: 'none: colours on a terminal only',
  }),
  FORCE_COLOR: variable(text({ maxLength: 16 }), {
    doc: 'colours in `pretty` lines even when not on a terminal (but `0`); the launcher sets it for its children when it prints to one',
    defaultText: 'none: colours on a terminal only',
  }),
  TZ: variable(timeZone(), { doc: 'local time for cutoffs and edXML dates', default: 'Asia/Ho_Chi_Minh' }),
  AMQP_URL: variable(urls(['amqp:', 'amqps:']), {
    doc: 'RabbitMQ; several comma-separated URLs for a cluster (tried in turn)',
    default: [DEFAULT_AMQP_URL],
    defaultText: `\`${DEFAULT_AMQP_URL}\``,
    production: { doc: 'not the guest user', refuse: guestUser },
  }),
  AMQP_QUEUE_TYPE: variable(oneOf(['classic', 'quorum']), {
    doc: 'type of the queues the bus declares (quorum on a RabbitMQ cluster)',
    default: 'classic',
  }),
  AMQP_PREFETCH: variable(integer(1, 65_535), { doc: 'unacked deliveries per consumer', default: 200 }),
  BUS_BATCH_SIZE: variable(integer(1, 10_000), { doc: 'most deliveries handled in one database transaction', default: 100 }),
  INBOX_RETENTION_MS: variable(duration(60_000, 366 * 86_400_000), {
    doc: 'how long an inbox row (a message handled) is kept: the window a duplicate delivery is recognised in, far longer than any redelivery or outbox re-publish; pruned every minute',
    default: 7 * 86_400_000,
    defaultText: '`604800000` (7 days)',
  }),
  OUTBOX_RETENTION_MS: variable(duration(1_000, 366 * 86_400_000), {
    doc: 'how long a published outbox row is kept after it was written (pending and unroutable rows stay until sent or looked at); pruned every minute',
    default: 86_400_000,
    defaultText: '`86400000` (1 day)',
  }),
  MAX_MESSAGE_BYTES: variable(size(1_024, 1_073_741_824), { doc: 'largest message body accepted', default: DEFAULT_MAX_MESSAGE_BYTES }),
  DATABASE_URL: variable(databaseUrl(), { doc: 'the database: an embedded SQLite file, or PostgreSQL', default: DEFAULT_DATABASE_URL }),
  DATABASE_MIN_FREE_MB: variable(integer(0, 1024 * 1024 * 1024, 'MB'), {
    doc: 'with SQLite, the service is not ready (`databaseDisk` in `/health/ready`) while the file system of the database file has less free space than this (PostgreSQL watches its own disk)',
    default: 64,
  }),
  HTTP_PORT: variable(port(true), { doc: "port of the service's HTTP side (health, metrics, its routes)", default: 3000 }),
  HTTP_HOST: variable(host(), {
    doc: 'interface the HTTP side listens on (`0.0.0.0` to receive postal webhooks directly)',
    default: '127.0.0.1',
  }),
  HEARTBEAT_INTERVAL_MS: variable(duration(100, 60_000), { doc: 'how often each service announces itself to the console', default: 2_000 }),
  METRICS_TOKEN: variable(secret(16), {
    doc: 'bearer token accepted on `/metrics` only (Prometheus)',
    defaultText: 'none: `SERVICE_TOKEN` (services) or a session (console) only',
  }),
});

/** The bearer tokens of the bus services' HTTP routes (the console guards its routes with sessions instead). */
export const SERVICE_AUTH_ENV = variables({
  SERVICE_TOKEN: variable(secret(32), {
    doc: "bearer token of the bus services' HTTP routes (all but health and the postal webhook), sent by the bus's own callers; the same in every service",
    default: DEVELOPMENT_SERVICE_TOKEN,
    defaultText: 'a development token',
    production: {
      doc: 'required',
      required:
        'the token the bus services accept from each other on their HTTP routes, the same in every service (at least 32 characters, e.g. openssl rand -hex 32)',
    },
  }),
  BLOB_TOKEN: variable(secret(16), {
    doc: 'bearer token accepted on `GET /blobs/:sha256` only: give it to the one-stop system, which downloads the decisions it prints',
    defaultText: 'none (`SERVICE_TOKEN` only)',
  }),
});

/** Variables several processes read, each defined once; a schema takes the ones its service reads. */
export const SHARED_ENV = variables({
  DEPARTMENTS_FILE: variable(path(), { doc: 'the department routing table (YAML or JSON), below', default: 'config/departments.yaml' }),
  CENTER_ORGAN_ID: variable(text({ maxLength: 64, pattern: /^[A-Za-z0-9.-]+$/, patternForm: 'an organ id (A-Z a-z 0-9 . -)' }), {
    doc: "the Center's organ id (edXML `From`); overrides `center.organId` of the department table",
    defaultText: '`center.organId` of `DEPARTMENTS_FILE`',
  }),
  BLOB_DIR: variable(path('a directory'), {
    doc: 'where documents the bus holds or produces are kept, by sha256',
    default: './data/blobs',
  }),
  MAX_DOCUMENT_BYTES: variable(size(1, 2 ** 40), {
    doc:
      'largest document (bytes) the bus takes: a one-stop document reference (`sizeBytes`) over it is refused naming the field and the limit, ' +
      'a download stops as soon as it passes it, and a decision from iOffice whose attachment is larger is a dead letter (`EDXML.DOCUMENT_TOO_LARGE`); ' +
      "the iOffice adapter's `IOFFICE_MAX_EDXML_BYTES` must leave room for it in base64 (4/3 of it, and the rest of the package)",
    default: 25 * 1024 * 1024,
  }),
  BLOB_DIR_MIN_FREE_MB: variable(integer(0, 1024 * 1024 * 1024, 'MB'), {
    doc: 'the service is not ready (`blobDir` in `/health/ready`) while `BLOB_DIR` is not writable or its file system has less free space than this',
    default: 1024,
  }),
  PUBLIC_BASE_URL: variable(url(), {
    doc: "how other systems reach this service's `/blobs`: written into the document URLs it hands out (`<PUBLIC_BASE_URL>/blobs/<sha256>`)",
    defaultText: '`http://127.0.0.1:<HTTP_PORT>`',
    production: {
      doc: 'required; not loopback',
      required:
        "the URL the other systems (the one-stop system, the bus services on other machines) reach this service's /blobs at, e.g. http://lienthong-bus.langson.gov.vn:3002 (and HTTP_HOST an address they reach)",
      refuse: loopbackUrl,
    },
  }),
  VERDICT_SEAL_KEY: variable(secret(32), {
    doc: "HMAC key of the iOffice adapter's seal on signature verdicts; the same in the adapter and the orchestrator, nowhere else",
    default: DEVELOPMENT_VERDICT_SEAL_KEY,
    defaultText: 'a development key',
    production: {
      doc: 'required',
      required:
        'the key the iOffice adapter seals its signature verdicts with and the orchestrator checks them with, the same in both and nowhere else (at least 32 characters, e.g. openssl rand -hex 32)',
    },
  }),
  ORCHESTRATOR_URL: variable(url(), {
    doc: "where the orchestrator's `/blobs` are; `SERVICE_TOKEN` is sent there (and to the service's own `PUBLIC_BASE_URL`) only",
    default: 'http://127.0.0.1:3001',
    defaultText: '`http://127.0.0.1:3001` (the launcher: `HTTP_PORT`+1)',
  }),
  POSTAL_ADAPTER_URL: variable(url(), {
    doc: 'where the console forwards `POST /postal/webhook`',
    default: 'http://127.0.0.1:3003',
    defaultText: '`http://127.0.0.1:3003` (the launcher: `HTTP_PORT`+3)',
  }),
  IOFFICE_SYSTEM_ID: variable(text({ maxLength: 255 }), {
    doc: "the bus's system id at iOffice (WS-Security UsernameToken); the simulator accepts it",
    default: 'lienthong',
  }),
  IOFFICE_SECRET: variable(secret(), {
    doc: 'the password of `IOFFICE_SYSTEM_ID` (WS-Security PasswordText); the simulator accepts it',
    default: 'lienthong-secret',
    defaultText: "the simulator's",
    production: { doc: 'required', required: 'the password iOffice issued for IOFFICE_SYSTEM_ID' },
  }),
  POSTAL_CLIENT_ID: variable(text({ maxLength: 255 }), {
    doc: 'OAuth client id at the postal operator (HTTP Basic on `/oauth/token`); the simulator accepts it',
    default: 'lienthong',
    production: { doc: 'required', required: 'the OAuth client id the postal operator issued' },
  }),
  POSTAL_CLIENT_SECRET: variable(secret(), {
    doc: 'OAuth client secret of `POSTAL_CLIENT_ID`',
    default: 'lienthong-secret',
    defaultText: "the simulator's",
    production: { doc: 'required', required: 'the OAuth client secret the postal operator issued' },
  }),
  POSTAL_WEBHOOK_SECRET: variable(secret(), {
    doc: 'shared secret of the HMAC in `X-Postal-Signature` on tracking webhooks (the simulator signs with it)',
    default: 'lienthong-webhook-secret',
    defaultText: "the simulator's",
    production: { doc: 'required', required: 'the webhook secret agreed with the postal operator' },
  }),
  ONESTOP_SIM_PORT: variable(port(true), {
    doc: "the one-stop simulator's document and admin port (the demo submits dossiers there)",
    default: 3103,
  }),
});
