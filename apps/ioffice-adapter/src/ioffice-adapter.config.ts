import { resolve } from 'node:path';
import { ConfigError, Env } from '@lienthong/config';
import { DEFAULT_MAX_EDXML_BYTES } from './edxml/edxml.constants';
import { REVOCATION_MODES, type RevocationMode, type RevocationOptions } from './pki/revocation';

/**
 * The adapter's settings (README "Configuration"), read once from the environment. Every value has a
 * working local default: the iOffice simulator's endpoint, credentials and test CA.
 */
export class AdapterConfig {
  /** The SOAP endpoint; the WSDL is at `<iofficeUrl>?wsdl`. */
  readonly iofficeUrl!: string;
  readonly systemId!: string;
  readonly secret!: string;
  /** Timeout of every SOAP call and of the WSDL download. */
  readonly timeoutMs!: number;
  readonly pollMs!: number;
  /** `maxItems` of each `GetReceivedEdocList`. */
  readonly pollMaxItems!: number;
  /** How many packages of one department the poller asks GetEdoc for ahead of the one it is taking. */
  readonly fetchAhead!: number;
  readonly maxEdxmlBytes!: number;
  readonly trustAnchorsFile!: string;
  readonly blobDir!: string;
  /** Base of the URLs this service hands out for stored blobs (`<publicBaseUrl>/blobs/<sha256>`). */
  readonly publicBaseUrl!: string;
  /** Where the orchestrator's `/blobs` are: the service token is sent there (and to `publicBaseUrl`) only. */
  readonly orchestratorUrl?: string;
  /** Overrides `center.organId` of the department table. */
  readonly centerOrganId?: string;
  readonly departmentsFile!: string;
  /** Attempts per SOAP call for transient faults, and the backoff between them. */
  readonly retry!: { readonly attempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly breaker!: { readonly failureThreshold: number; readonly openMs: number };
  /** Timeout of fetching one attachment from its `file.url`. */
  readonly fetchTimeoutMs!: number;
  /** How long the poller waits for the broker to confirm a publish before leaving the package for the next poll. */
  readonly confirmTimeoutMs!: number;
  /** How far before `requestedAt` `GetSentEdocList` looks (clock differences between the bus and iOffice). */
  readonly sentListSlackMs!: number;
  /** Revocation checking of signer certificates; absent: `when-published`, no configured CRL, 10 s per request. */
  readonly revocation?: RevocationOptions;

  constructor(values: AdapterConfig) {
    Object.assign(this, values);
  }
}

/** Revocation checking when the configuration does not say (tests that build an `AdapterConfig` themselves). */
export const DEFAULT_REVOCATION: RevocationOptions = { mode: 'when-published', crlUrls: [], timeoutMs: 10_000 };

/**
 * `TRUST_REVOCATION` (default `required` in production, `when-published` elsewhere), `TRUST_CRL_URLS` (comma-separated
 * http(s) URLs), `TRUST_REVOCATION_TIMEOUT_MS`.
 */
function revocationFromEnv(e: Env, production: boolean): RevocationOptions {
  const mode = e.string('TRUST_REVOCATION', production ? 'required' : 'when-published');
  if (!REVOCATION_MODES.includes(mode as RevocationMode)) throw new ConfigError(`TRUST_REVOCATION must be one of ${REVOCATION_MODES.join(', ')}, got "${mode}"`);
  const crlUrls = (e.optional('TRUST_CRL_URLS') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of crlUrls) {
    if (!/^https?:\/\/[^/\s]+/i.test(url)) throw new ConfigError(`TRUST_CRL_URLS must be comma-separated http(s) URLs of CRLs, got "${url}"`);
  }
  return { mode: mode as RevocationMode, crlUrls, timeoutMs: e.int('TRUST_REVOCATION_TIMEOUT_MS', 10_000, 100, 600_000) };
}

/** Reads the configuration; a bad value stops start-up with a message naming the variable. */
export function adapterConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  const e = new Env(env);
  const httpPort = e.int('HTTP_PORT', 3002, 1, 65535);
  return new AdapterConfig({
    iofficeUrl: e.url('IOFFICE_URL', 'http://127.0.0.1:3101/EdocService'),
    systemId: e.string('IOFFICE_SYSTEM_ID', 'lienthong'),
    secret: e.string('IOFFICE_SECRET', 'lienthong-secret'),
    timeoutMs: e.int('IOFFICE_TIMEOUT_MS', 10_000, 100, 600_000),
    pollMs: e.int('IOFFICE_POLL_MS', 2_000, 50, 3_600_000),
    pollMaxItems: e.int('IOFFICE_POLL_MAX_ITEMS', 50, 1, 1000),
    fetchAhead: e.int('IOFFICE_FETCH_AHEAD', 4, 0, 50),
    maxEdxmlBytes: e.int('IOFFICE_MAX_EDXML_BYTES', DEFAULT_MAX_EDXML_BYTES, 1024, 1024 * 1024 * 1024),
    trustAnchorsFile: resolve(e.string('TRUST_ANCHORS', 'data/pki/ca.pem')),
    blobDir: resolve(e.string('BLOB_DIR', './data/blobs')),
    publicBaseUrl: e.url('PUBLIC_BASE_URL', `http://127.0.0.1:${httpPort}`).replace(/\/+$/, ''),
    orchestratorUrl: e.url('ORCHESTRATOR_URL', 'http://127.0.0.1:3001').replace(/\/+$/, ''),
    centerOrganId: e.optional('CENTER_ORGAN_ID'),
    departmentsFile: e.string('DEPARTMENTS_FILE', 'config/departments.yaml'),
    retry: { attempts: e.int('IOFFICE_RETRY_ATTEMPTS', 3, 1, 20), baseDelayMs: e.int('IOFFICE_RETRY_BASE_MS', 500, 0, 60_000), maxDelayMs: 5_000 },
    breaker: { failureThreshold: e.int('IOFFICE_BREAKER_THRESHOLD', 5, 1, 1000), openMs: e.int('IOFFICE_BREAKER_OPEN_MS', 30_000, 100, 3_600_000) },
    fetchTimeoutMs: e.int('ATTACHMENT_FETCH_TIMEOUT_MS', 30_000, 100, 600_000),
    confirmTimeoutMs: 30_000,
    sentListSlackMs: 3_600_000,
    revocation: revocationFromEnv(e, env.NODE_ENV === 'production'),
  });
}
