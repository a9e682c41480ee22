import { decimal, duration, flag, host, integer, json, orOff, path, port, text, url } from '../schema/kinds';
import { ConfigSchema } from '../schema/schema';
import { variable, variables } from '../schema/variable';
import { BUS_ENV, SHARED_ENV } from './bus.variables';

const SEED = integer(0, 4_294_967_295);

/** The VNPT-iOffice simulator's own variables (apps/sim-ioffice/README.md). */
export const SIM_IOFFICE_ENV = variables({
  IOFFICE_SIM_PORT: variable(port(true), { doc: 'port of the simulated iOffice', default: 3101 }),
  IOFFICE_SIM_HOST: variable(host(), { doc: 'interface it listens on', default: '127.0.0.1' }),
  IOFFICE_SIM_PUBLIC_URL: variable(url(), { doc: 'base URL written into its WSDL', defaultText: '`http://<host>:<port>`' }),
  IOFFICE_SIM_STEP_DELAY_MS: variable(duration(0, 3_600_000), {
    doc: 'time each department step takes (0: as fast as possible)',
    default: 50,
  }),
  IOFFICE_SIM_PKI_DIR: variable(path('a directory'), {
    doc: 'where the test CA and the department certificates are kept',
    default: 'data/pki',
  }),
  IOFFICE_SIM_FAULTS: variable(json('fault settings, e.g. {"busyProbability":0.1,"operations":["SendEdoc"]}: apps/sim-ioffice/README.md'), {
    doc: 'faults injected from the start (also `PUT /_admin/faults` at run time)',
    defaultText: 'none',
  }),
});

/** The postal simulator's own variables (apps/sim-postal/README.md). */
export const SIM_POSTAL_ENV = variables({
  POSTAL_SIM_PORT: variable(port(true), { doc: 'port of the simulated postal API', default: 3102 }),
  POSTAL_SIM_HOST: variable(host(), { doc: 'interface it listens on', default: '127.0.0.1' }),
  POSTAL_SIM_TOKEN_TTL_S: variable(decimal(0.001, 86_400, 'seconds'), { doc: 'lifetime of the OAuth tokens it issues', default: 300 }),
  POSTAL_WEBHOOK_URL: variable(orOff(url(), true), {
    doc: 'where it sends tracking webhooks; `off` or empty: none',
    default: 'http://127.0.0.1:3000/postal/webhook',
  }),
  POSTAL_SIM_STEP_MS: variable(duration(0, 3_600_000), { doc: 'time between shipment steps (0: as fast as possible)', default: 200 }),
  POSTAL_SIM_AUTO_ADVANCE: variable(flag(), { doc: '`false`: shipments move only through the admin API', default: true }),
  POSTAL_SIM_SEED: variable(SEED, { doc: 'seed of every random decision (replays a run)', defaultText: 'random, printed at start' }),
  POSTAL_SIM_WEBHOOK_RETRY_MS: variable(duration(0, 3_600_000), {
    doc: 'first webhook retry backoff (×2, at most 60 s, no attempt limit)',
    default: 1_000,
  }),
  POSTAL_SIM_FAULTS: variable(json('fault settings: apps/sim-postal/README.md'), {
    doc: 'faults injected from the start (also `/_admin/faults`)',
    defaultText: 'none',
  }),
});

/** The one-stop simulator's own variables (apps/sim-onestop/README.md). */
export const SIM_ONESTOP_ENV = variables({
  ONESTOP_SIM_HOST: variable(host(), { doc: 'interface its document and admin server listens on', default: '127.0.0.1' }),
  ONESTOP_SIM_PUBLIC_URL: variable(url(), {
    doc: 'base URL written into document references (what the bus fetches)',
    defaultText: '`http://<host>:<port>`',
  }),
  ONESTOP_SIM_QUEUE: variable(text({ maxBytes: 255, patternForm: 'a queue name', pattern: /^\S/ }), {
    doc: "the one-stop system's inbox queue",
    default: 'onestop.inbox',
  }),
  ONESTOP_SIM_PREFETCH: variable(integer(1, 1_000), { doc: 'unacked messages at most', default: 20 }),
  ONESTOP_SIM_RATE: variable(decimal(0, 6_000), { doc: 'dossiers generated per minute (0: none)', default: 6 }),
  ONESTOP_SIM_APPRAISAL_MS: variable(duration(0, 3_600_000), { doc: 'from RECEIVED to the appraisal', default: 300 }),
  ONESTOP_SIM_STEP_MS: variable(duration(0, 3_600_000), {
    doc: 'every other step of the Center (approval on paper, release, return)',
    default: 300,
  }),
  ONESTOP_SIM_SUPPLEMENT_MS: variable(duration(0, 3_600_000), { doc: 'until the applicant brings a supplement', default: 1_000 }),
  ONESTOP_SIM_SUPPLEMENT_P: variable(decimal(0, 1), {
    doc: 'probability an appraisal asks for a supplement (once per dossier)',
    default: 0.1,
  }),
  ONESTOP_SIM_REJECT_P: variable(decimal(0, 1), { doc: 'probability an appraisal refuses', default: 0.05 }),
  ONESTOP_SIM_WITHDRAW_P: variable(decimal(0, 1), { doc: 'probability the applicant withdraws early', default: 0.02 }),
  ONESTOP_SIM_NFD_P: variable(decimal(0, 1), {
    doc: 'share of messages whose text is sent decomposed (NFD); the bus normalizes it to NFC',
    default: 0.1,
  }),
  ONESTOP_SIM_SEED: variable(SEED, { doc: 'seed of every random draw', defaultText: 'random, printed at start' }),
  ONESTOP_SIM_SCRIPT: variable(path(), { doc: 'a script replayed once connected (as `--script <file>`)', defaultText: 'none' }),
});

export const SIM_IOFFICE_SCHEMA = new ConfigSchema('sim-ioffice', 'the VNPT-iOffice simulator (development and tests only)', {
  NODE_ENV: BUS_ENV.NODE_ENV,
  DEPARTMENTS_FILE: SHARED_ENV.DEPARTMENTS_FILE,
  CENTER_ORGAN_ID: SHARED_ENV.CENTER_ORGAN_ID,
  IOFFICE_SYSTEM_ID: SHARED_ENV.IOFFICE_SYSTEM_ID,
  IOFFICE_SECRET: SHARED_ENV.IOFFICE_SECRET,
  ...SIM_IOFFICE_ENV,
});

export const SIM_POSTAL_SCHEMA = new ConfigSchema('sim-postal', "the postal operator's simulator (development and tests only)", {
  NODE_ENV: BUS_ENV.NODE_ENV,
  POSTAL_CLIENT_ID: SHARED_ENV.POSTAL_CLIENT_ID,
  POSTAL_CLIENT_SECRET: SHARED_ENV.POSTAL_CLIENT_SECRET,
  POSTAL_WEBHOOK_SECRET: SHARED_ENV.POSTAL_WEBHOOK_SECRET,
  ...SIM_POSTAL_ENV,
});

export const SIM_ONESTOP_SCHEMA = new ConfigSchema('sim-onestop', "the one-stop system's simulator (development and tests only)", {
  NODE_ENV: BUS_ENV.NODE_ENV,
  LOG_LEVEL: BUS_ENV.LOG_LEVEL,
  AMQP_URL: BUS_ENV.AMQP_URL,
  AMQP_QUEUE_TYPE: BUS_ENV.AMQP_QUEUE_TYPE,
  DEPARTMENTS_FILE: SHARED_ENV.DEPARTMENTS_FILE,
  ONESTOP_SIM_PORT: SHARED_ENV.ONESTOP_SIM_PORT,
  ...SIM_ONESTOP_ENV,
});
