import { duration, integer, list, oneOf, path, size, url } from '../schema/kinds';
import { ConfigSchema } from '../schema/schema';
import { variable, variables } from '../schema/variable';
import { BUS_ENV, SERVICE_AUTH_ENV, SHARED_ENV } from './bus.variables';
import { simulatorAddress, testCertificates } from './production.rules';

/** The iOffice adapter's own variables (docs/ioffice-adapter.md). */
export const IOFFICE_ADAPTER_ENV = variables({
  IOFFICE_URL: variable(url(), {
    doc: 'the SOAP endpoint; the WSDL is read from `<IOFFICE_URL>?wsdl` and calls always go to `IOFFICE_URL`',
    default: 'http://127.0.0.1:3101/EdocService',
    defaultText: '`http://127.0.0.1:3101/EdocService` (the simulator)',
    production: {
      doc: 'required; not the simulator',
      required: "the SOAP endpoint of the province's VNPT-iOffice",
      refuse: simulatorAddress('iOffice'),
    },
  }),
  IOFFICE_TIMEOUT_MS: variable(duration(100, 600_000), { doc: 'timeout of every SOAP call and of the WSDL download', default: 10_000 }),
  IOFFICE_POLL_MS: variable(duration(50, 3_600_000), {
    doc: 'poll interval (the next poll starts at once after a poll that listed a full page and took all of it)',
    default: 2_000,
  }),
  IOFFICE_POLL_MAX_ITEMS: variable(integer(1, 1_000), { doc: '`maxItems` of each `GetReceivedEdocList`', default: 50 }),
  IOFFICE_FETCH_AHEAD: variable(integer(0, 50), {
    doc: 'per sending department, how many `GetEdoc` calls the poller makes ahead of the package it is taking (0: none)',
    default: 4,
  }),
  IOFFICE_MAX_EDXML_BYTES: variable(size(1_024, 1_073_741_824), {
    doc: 'largest edXML package sent or accepted (the default leaves room for a `MAX_DOCUMENT_BYTES` document of 25 MiB in base64)',
    default: 36 * 1024 * 1024,
  }),
  TRUST_ANCHORS: variable(path(), {
    doc: 'PEM file of the CA certificates trusted for decision signatures; re-read when it changes',
    default: 'data/pki/ca.pem',
    defaultText: "`data/pki/ca.pem` (the simulator's test CA, written on its first start)",
    production: {
      doc: "required; not the simulator's test CA",
      required: "the PEM file of the CA certificates that sign the departments' decisions",
      refuse: testCertificates,
    },
  }),
  TRUST_REVOCATION: variable(oneOf(['required', 'when-published', 'off']), {
    doc:
      'revocation checking of decision signers: `required` (every certificate of the path but the anchor must have a known status, from a CRL or OCSP), ' +
      '`when-published` (checked where the certificate or `TRUST_CRL_URLS` gives a source), `off` (not checked; warned at start-up)',
    defaultText: '`required` when `NODE_ENV=production`, else `when-published`',
  }),
  TRUST_CRL_URLS: variable(list(url(), 'http(s) URLs of CRLs'), {
    doc: "CRLs to use first (a mirror of the CAs' CRLs inside the province's network), each for the certificates of the CA that signed it, before the certificate's own OCSP responder and CRL Distribution Points",
    defaultText: 'none',
  }),
  TRUST_REVOCATION_TIMEOUT_MS: variable(duration(100, 600_000), { doc: 'deadline of one CRL download or OCSP request', default: 10_000 }),
  IOFFICE_RETRY_ATTEMPTS: variable(integer(1, 20), { doc: 'attempts per SOAP call for transient faults', default: 3 }),
  IOFFICE_RETRY_BASE_MS: variable(duration(0, 60_000), {
    doc: 'first backoff between attempts (doubles, at most 5 s, ±25 % jitter)',
    default: 500,
  }),
  IOFFICE_BREAKER_THRESHOLD: variable(integer(1, 1_000), { doc: 'consecutive failures that open the circuit', default: 5 }),
  IOFFICE_BREAKER_OPEN_MS: variable(duration(100, 3_600_000), {
    doc: 'how long the circuit stays open before one trial call',
    default: 30_000,
  }),
  ATTACHMENT_FETCH_TIMEOUT_MS: variable(duration(100, 600_000), { doc: 'timeout of fetching one file of a command', default: 30_000 }),
  HTTP_PORT: BUS_ENV.HTTP_PORT.withDefault(3002, '`3002` (the launcher: `HTTP_PORT`+2)'),
  // Handlers call iOffice inside their transaction: one message per transaction unless said otherwise.
  BUS_BATCH_SIZE: BUS_ENV.BUS_BATCH_SIZE.withDefault(1),
});

export const IOFFICE_ADAPTER_SCHEMA = new ConfigSchema(
  'ioffice-adapter',
  'sends packages to department VNPT-iOffice (SOAP, edXML) and polls it for the numbered, signed decisions',
  {
    ...BUS_ENV,
    ...SERVICE_AUTH_ENV,
    DEPARTMENTS_FILE: SHARED_ENV.DEPARTMENTS_FILE,
    CENTER_ORGAN_ID: SHARED_ENV.CENTER_ORGAN_ID,
    BLOB_DIR: SHARED_ENV.BLOB_DIR,
    BLOB_DIR_MIN_FREE_MB: SHARED_ENV.BLOB_DIR_MIN_FREE_MB,
    MAX_DOCUMENT_BYTES: SHARED_ENV.MAX_DOCUMENT_BYTES,
    PUBLIC_BASE_URL: SHARED_ENV.PUBLIC_BASE_URL,
    ORCHESTRATOR_URL: SHARED_ENV.ORCHESTRATOR_URL,
    VERDICT_SEAL_KEY: SHARED_ENV.VERDICT_SEAL_KEY,
    IOFFICE_SYSTEM_ID: SHARED_ENV.IOFFICE_SYSTEM_ID,
    IOFFICE_SECRET: SHARED_ENV.IOFFICE_SECRET,
    ...IOFFICE_ADAPTER_ENV,
  },
);
