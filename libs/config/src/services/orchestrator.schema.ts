import { duration, list, text } from '../schema/kinds';
import { ConfigSchema } from '../schema/schema';
import { variable, variables } from '../schema/variable';
import { BUS_ENV, SERVICE_AUTH_ENV, SHARED_ENV } from './bus.variables';

/** Outside production only: loopback by name and address, any port, where the simulators serve their documents. */
export const DEVELOPMENT_DOCUMENT_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** The orchestrator's own variables. */
export const ORCHESTRATOR_ENV = variables({
  HOLD_MS: variable(duration(1_000, 604_800_000), {
    doc: 'how long an out-of-order event waits for its dossier to reach a stage where it applies, before it is rejected',
    default: 600_000,
  }),
  LIFECYCLE_TICK_MS: variable(duration(100, 3_600_000), {
    doc: 'how often the orchestrator checks archive cutoffs and expired held events',
    default: 30_000,
  }),
  DOCUMENT_HOSTS: variable(list(text({ maxLength: 255 }), 'hosts (`host`, `host:port`, `[ipv6]:port`, `*.domain`, `*`)'), {
    doc: 'the hosts one-stop documents may be fetched from; a host allowed only by a wildcard must resolve to public addresses (`docs/security.md`)',
    default: [...DEVELOPMENT_DOCUMENT_HOSTS],
    defaultText: '`localhost,127.0.0.1,[::1]` (the simulators)',
    production: {
      doc: 'required',
      required:
        'the hosts the one-stop system serves documents from, comma-separated (host, host:port, *.domain), e.g. DOCUMENT_HOSTS=motcua.langson.gov.vn,10.20.0.15:9000',
    },
  }),
  DOCUMENT_FETCH_TIMEOUT_MS: variable(duration(100, 600_000), {
    doc: 'timeout of fetching one document from the one-stop system',
    default: 15_000,
  }),
  MAX_DOCUMENT_BYTES: SHARED_ENV.MAX_DOCUMENT_BYTES,
  HTTP_PORT: BUS_ENV.HTTP_PORT.withDefault(3001, '`3001` (the launcher: `HTTP_PORT`+1)'),
});

export const ORCHESTRATOR_SCHEMA = new ConfigSchema(
  'orchestrator',
  "keeps each dossier's lifecycle and drives it by the department routing table",
  {
    ...BUS_ENV,
    ...SERVICE_AUTH_ENV,
    DEPARTMENTS_FILE: SHARED_ENV.DEPARTMENTS_FILE,
    BLOB_DIR: SHARED_ENV.BLOB_DIR,
    BLOB_DIR_MIN_FREE_MB: SHARED_ENV.BLOB_DIR_MIN_FREE_MB,
    PUBLIC_BASE_URL: SHARED_ENV.PUBLIC_BASE_URL,
    VERDICT_SEAL_KEY: SHARED_ENV.VERDICT_SEAL_KEY,
    ...ORCHESTRATOR_ENV,
  },
);
