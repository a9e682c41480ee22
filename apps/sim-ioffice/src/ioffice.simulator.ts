import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { SHARED_ENV, SIM_IOFFICE_ENV } from '@lienthong/config';
import { loadOrganDirectory, OrganDirectory, SimDepartment } from './config/department.directory';
import { DEFAULT_MAX_EDXML_BYTES } from './edxml/edxml.constants';
import { faultsFromEnv, IofficeFaults, mergeFaults, NO_FAULTS } from './faults/fault.config';
import { SeededRandom } from './faults/seeded-random';
import { createHttpFront } from './http/http-front';
import { generateTestPki, TestPki } from './pki/test-pki';
import { EdocOperations } from './soap/edoc.operations';
import { createEdocEndpoint } from './soap/edoc.soap-endpoint';
import { buildEdocWsdl, EDOC_PATH } from './soap/edoc.wsdl';
import { Credentials } from './soap/ws-security';
import { EdocStore, EdocSummary, StoredEdoc, summarize } from './store/edoc.store';
import { DepartmentWorkflow } from './workflow/department.workflow';
import { NumberingLedger } from './workflow/numbering.ledger';
import { Scheduler } from './workflow/scheduler';

/** Options of the simulator; each falls back to its environment variable, then to a working default. */
export interface IofficeSimulatorOptions {
  /** TCP port (`IOFFICE_SIM_PORT`, default 3101); 0 picks a free one. */
  port?: number;
  /** Interface to listen on (`IOFFICE_SIM_HOST`, default 127.0.0.1). */
  host?: string;
  /** Base URL written into the WSDL's soap:address (`IOFFICE_SIM_PUBLIC_URL`, default http://<host>:<port>). */
  publicUrl?: string;
  /** Expected WS-Security credentials (`IOFFICE_SYSTEM_ID` / `IOFFICE_SECRET`, default lienthong / lienthong-secret). */
  credentials?: Partial<Credentials>;
  /** Department table (`DEPARTMENTS_FILE`, default config/departments.yaml); ignored when `directory` is given. */
  departmentsFile?: string;
  directory?: OrganDirectory;
  /** Overrides the Center's organ id from the table (`CENTER_ORGAN_ID`). */
  centerOrganId?: string;
  /** Start-up faults, over "no faults" (`IOFFICE_SIM_FAULTS`, JSON). */
  faults?: Partial<IofficeFaults>;
  /** Pause between workflow steps in ms (`IOFFICE_SIM_STEP_DELAY_MS`, default 50; 0 = as fast as possible). */
  stepDelayMs?: number;
  /** Where the test PKI lives (`IOFFICE_SIM_PKI_DIR`, default data/pki); created on first start, reused after. */
  pkiDir?: string;
  /** Issue organization certificates from an intermediate CA (default true). */
  intermediateCa?: boolean;
  /** `O=` of a new PKI's certificates (default the published test PKI's, which production refuses as trust anchors). */
  pkiOrganization?: string;
  /** Largest edXML package accepted, in bytes (default 20 MiB). */
  maxEdxmlBytes?: number;
  /** Clock (tests); default the system clock. */
  now?: () => Date;
  log?: (line: string) => void;
}

/** A running simulator. */
export interface IofficeSimulator {
  /** The SOAP endpoint (what the bus calls `IOFFICE_URL`). */
  readonly url: string;
  readonly wsdlUrl: string;
  /** Base URL of the admin API (`/_admin`). */
  readonly adminUrl: string;
  readonly port: number;
  readonly credentials: Credentials;
  readonly directory: OrganDirectory;
  /** The test PKI's trust anchor (root CA), to configure the bus's `TRUST_ANCHORS` with. */
  readonly trustAnchorsPem: string;
  readonly trustAnchorsFile: string;
  readonly pkiDir: string;
  faults(): IofficeFaults;
  /** Changes the given fault settings, keeping the others; returns the result. */
  setFaults(patch: Partial<IofficeFaults>): IofficeFaults;
  /** Restores the start-up fault settings. */
  resetFaults(): IofficeFaults;
  /** Every package held, in acceptance order (without bytes). */
  documents(): EdocSummary[];
  /** One package, with its bytes. */
  document(docId: string): StoredEdoc | undefined;
  /** Packages waiting for an organ (unacknowledged), oldest first. */
  pendingFor(organId: string): EdocSummary[];
  /** Last number issued per department organ id and year. */
  numbers(): Record<string, Record<string, number>>;
  /** JSON-safe view of everything (also `GET /_admin/state`). */
  state(): SimulatorState;
  /** Drops all packages, numbers and running workflows, and restores the start-up faults. */
  reset(): void;
  close(): Promise<void>;
}

/** What `state()` and `GET /_admin/state` show. */
export interface SimulatorState {
  url: string;
  stepDelayMs: number;
  faults: IofficeFaults;
  numbers: Record<string, Record<string, number>>;
  pendingTimers: number;
  documents: EdocSummary[];
}

/** Starts the VNPT-iOffice simulator (SOAP 1.1 per ioffice-soap.md) and resolves once it accepts requests. */
export async function startIofficeSimulator(options: IofficeSimulatorOptions = {}): Promise<IofficeSimulator> {
  const log = options.log ?? ((line: string) => console.log(`[sim-ioffice] ${line}`));
  const now = options.now ?? (() => new Date());
  const directory =
    options.directory ??
    loadOrganDirectory(
      options.departmentsFile ?? SHARED_ENV.DEPARTMENTS_FILE.read(),
      options.centerOrganId ?? SHARED_ENV.CENTER_ORGAN_ID.read(),
    );
  const credentials: Credentials = {
    systemId: options.credentials?.systemId ?? SHARED_ENV.IOFFICE_SYSTEM_ID.read(),
    secret: options.credentials?.secret ?? SHARED_ENV.IOFFICE_SECRET.read(),
  };
  const initialFaults = options.faults ? mergeFaults(NO_FAULTS, options.faults, 'options.faults') : faultsFromEnv();
  const stepDelayMs = options.stepDelayMs ?? SIM_IOFFICE_ENV.IOFFICE_SIM_STEP_DELAY_MS.read();
  const maxEdxmlBytes = options.maxEdxmlBytes ?? DEFAULT_MAX_EDXML_BYTES;
  const pki: TestPki = generateTestPki(options.pkiDir ?? SIM_IOFFICE_ENV.IOFFICE_SIM_PKI_DIR.read(), {
    organs: directory.departments.map((d) => ({ organId: d.organId, name: d.name })),
    intermediate: options.intermediateCa,
    organization: options.pkiOrganization,
  });

  let faults = initialFaults;
  /** The SOAP endpoint's URL, set once the server listens: before any request can reach it. */
  let url = '';
  let random = new SeededRandom(faults.seed);
  let store = new EdocStore();
  let ledger = new NumberingLedger();
  const scheduler = new Scheduler();

  const workflow = new DepartmentWorkflow({
    directory,
    scheduler,
    ledger: () => ledger,
    faults: () => faults,
    random: () => random,
    stepDelayMs: () => stepDelayMs,
    now,
    identity: (organId, trusted) => (trusted ? pki.identity(organId) : pki.untrustedIdentity(organId)),
    deliver: (from: SimDepartment, messageType, edxml, meta) =>
      store.add({
        fromOrganId: from.organId,
        toOrganId: directory.center.organId,
        messageType,
        edxml: Buffer.from(edxml, 'utf8'),
        meta,
        at: now(),
      }),
    log,
  });
  const operations = new EdocOperations({
    directory,
    store: () => store,
    workflow,
    scheduler,
    faults: () => faults,
    random: () => random,
    maxEdxmlBytes,
    now,
  });

  const applyFaults = (next: IofficeFaults, reseed: boolean): IofficeFaults => {
    faults = next;
    if (reseed) random = new SeededRandom(next.seed);
    return { ...faults };
  };
  const hasSeed = (patch: unknown) => typeof patch === 'object' && patch !== null && 'seed' in patch;
  const state = (): SimulatorState => ({
    url,
    stepDelayMs,
    faults: { ...faults },
    numbers: ledger.snapshot(),
    pendingTimers: scheduler.size,
    documents: store.all().map(summarize),
  });
  const reset = (): void => {
    scheduler.cancelAll();
    store = new EdocStore();
    ledger = new NumberingLedger();
    applyFaults(initialFaults, true);
  };

  const server: Server = createServer();
  server.on(
    'request',
    createHttpFront({
      soap: createEdocEndpoint({
        operations,
        credentials,
        faults: () => faults,
        random: () => random,
        wsdl: () => buildEdocWsdl(url),
      }),
      admin: {
        faults: () => ({ ...faults }),
        replaceFaults: (patch) => applyFaults(mergeFaults(NO_FAULTS, patch, 'PUT /_admin/faults'), true),
        patchFaults: (patch) => applyFaults(mergeFaults(faults, patch, 'PATCH /_admin/faults'), hasSeed(patch)),
        state,
        reset,
      },
      faults: () => faults,
      random: () => random,
      scheduler,
      // base64 grows the package by 4/3; allow 1 MiB more for the envelope and headers.
      maxSoapBytes: Math.ceil((maxEdxmlBytes * 4) / 3) + 1024 * 1024,
      log,
    }),
  );
  const host = options.host ?? SIM_IOFFICE_ENV.IOFFICE_SIM_HOST.read();
  const requestedPort = options.port ?? SIM_IOFFICE_ENV.IOFFICE_SIM_PORT.read();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const base = (
    options.publicUrl ??
    SIM_IOFFICE_ENV.IOFFICE_SIM_PUBLIC_URL.read() ??
    `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`
  ).replace(/\/$/, '');
  url = `${base}${EDOC_PATH}`;

  return {
    url,
    wsdlUrl: `${url}?wsdl`,
    adminUrl: `${base}/_admin`,
    port,
    credentials,
    directory,
    trustAnchorsPem: pki.trustAnchorPem,
    trustAnchorsFile: pki.trustAnchorFile,
    pkiDir: pki.dir,
    faults: () => ({ ...faults }),
    setFaults: (patch) => applyFaults(mergeFaults(faults, patch, 'setFaults'), hasSeed(patch)),
    resetFaults: () => applyFaults(initialFaults, true),
    documents: () => store.all().map(summarize),
    document: (docId) => store.get(docId),
    pendingFor: (organId) => store.pendingFor(organId).map(summarize),
    numbers: () => ledger.snapshot(),
    state,
    reset,
    close: async () => {
      scheduler.cancelAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
