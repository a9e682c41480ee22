import { resolve } from 'node:path';
import { type EnvSource, IOFFICE_ADAPTER_ENV as IOFFICE, SHARED_ENV as SHARED, isProduction, processEnv } from '@lienthong/config';
import type { RevocationOptions } from './pki/revocation';

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
  /** Largest document (an attachment, decoded) sent or accepted (`MAX_DOCUMENT_BYTES`). */
  readonly maxDocumentBytes!: number;
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
 * `TRUST_REVOCATION` (default `required` in production, `when-published` elsewhere), `TRUST_CRL_URLS`,
 * `TRUST_REVOCATION_TIMEOUT_MS`.
 */
function revocationFromEnv(env: EnvSource): RevocationOptions {
  return {
    mode: IOFFICE.TRUST_REVOCATION.read(env) ?? (isProduction(env) ? 'required' : 'when-published'),
    crlUrls: IOFFICE.TRUST_CRL_URLS.read(env) ?? [],
    timeoutMs: IOFFICE.TRUST_REVOCATION_TIMEOUT_MS.read(env),
  };
}

/** Reads the configuration; a bad value stops start-up with a message naming the variable. */
export function adapterConfigFromEnv(env: EnvSource = processEnv()): AdapterConfig {
  return new AdapterConfig({
    iofficeUrl: IOFFICE.IOFFICE_URL.read(env),
    systemId: SHARED.IOFFICE_SYSTEM_ID.read(env),
    secret: SHARED.IOFFICE_SECRET.read(env),
    timeoutMs: IOFFICE.IOFFICE_TIMEOUT_MS.read(env),
    pollMs: IOFFICE.IOFFICE_POLL_MS.read(env),
    pollMaxItems: IOFFICE.IOFFICE_POLL_MAX_ITEMS.read(env),
    fetchAhead: IOFFICE.IOFFICE_FETCH_AHEAD.read(env),
    maxEdxmlBytes: IOFFICE.IOFFICE_MAX_EDXML_BYTES.read(env),
    maxDocumentBytes: SHARED.MAX_DOCUMENT_BYTES.read(env),
    trustAnchorsFile: resolve(IOFFICE.TRUST_ANCHORS.read(env)),
    blobDir: resolve(SHARED.BLOB_DIR.read(env)),
    publicBaseUrl: SHARED.PUBLIC_BASE_URL.read(env) ?? `http://127.0.0.1:${IOFFICE.HTTP_PORT.read(env)}`,
    orchestratorUrl: SHARED.ORCHESTRATOR_URL.read(env),
    centerOrganId: SHARED.CENTER_ORGAN_ID.read(env),
    departmentsFile: SHARED.DEPARTMENTS_FILE.read(env),
    retry: { attempts: IOFFICE.IOFFICE_RETRY_ATTEMPTS.read(env), baseDelayMs: IOFFICE.IOFFICE_RETRY_BASE_MS.read(env), maxDelayMs: 5_000 },
    breaker: { failureThreshold: IOFFICE.IOFFICE_BREAKER_THRESHOLD.read(env), openMs: IOFFICE.IOFFICE_BREAKER_OPEN_MS.read(env) },
    fetchTimeoutMs: IOFFICE.ATTACHMENT_FETCH_TIMEOUT_MS.read(env),
    confirmTimeoutMs: 30_000,
    sentListSlackMs: 3_600_000,
    revocation: revocationFromEnv(env),
  });
}
