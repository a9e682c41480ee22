import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { TEST_AMQP_URL, TestBroker } from '@lienthong/messaging/testing/test-broker';
import { retryQueueName, messagingOptionsFromEnv } from '@lienthong/messaging';
import { bootstrapService } from '@lienthong/runtime';
import { startIofficeSimulator } from '../../../apps/sim-ioffice/src';
import { startOnestopSimulator, type OnestopSimulator } from '../../../apps/sim-onestop/src';
import { startPostalSimulator } from '../../../apps/sim-postal/src';
import { ConformanceMonitor } from './conformance';
import type { SystemDepartment } from './departments';
import { freePort } from './free-port';

type IofficeSim = Awaited<ReturnType<typeof startIofficeSimulator>>;
type PostalSim = Awaited<ReturnType<typeof startPostalSimulator>>;

/** The whole bus (orchestrator, iOffice adapter, postal adapter) with the three simulators, in one process. */
export interface WholeSystem {
  readonly dir: string;
  /** The department table the system runs with: the shipped one (config/departments.yaml), batches of `maxBatch`. */
  readonly departments: readonly SystemDepartment[];
  readonly ioffice: IofficeSim;
  readonly postal: PostalSim;
  readonly onestop: OnestopSimulator;
  readonly orchestratorUrl: string;
  /** Where the postal adapter's HTTP side (its webhook) listens. */
  readonly postalAdapterUrl: string;
  readonly departmentsFile: string;
  /** Each service's `DATABASE_URL` (all the same one with `sharedDatabase`). */
  readonly databaseUrls: Readonly<Record<BusService, string>>;
  /**
   * Bound to `#` on `lienthong.events` from before anything starts: checks every message against
   * `docs/asyncapi.yaml` (`conformance.assertConforming()` fails listing those that do not conform).
   */
  readonly conformance: ConformanceMonitor;
  apps(): Record<BusService, INestApplication>;
  /** Stops one bus service and starts it again on the same database and port (a restart mid-flow). */
  restartService(name: BusService): Promise<void>;
  /** Stops one service cleanly, as an operator stopping its process (its last heartbeat says so); `close()` then skips it. */
  stopService(name: BusService): Promise<void>;
  close(): Promise<void>;
}

const SERVICES = ['orchestrator', 'ioffice-adapter', 'postal-adapter'] as const;
export type BusService = (typeof SERVICES)[number];

export interface WholeSystemOptions {
  /** Archive batch size of every department. */
  readonly maxBatch: number;
  /**
   * One SQLite file for every service, as `npm start` shares one: the console reads the others' tables
   * (dossiers, SOAP packages, postal orders, dead letters) from it. Default: one file per service.
   */
  readonly sharedDatabase?: boolean;
}

/**
 * Starts everything on fresh databases (one SQLite file per service, or one for all) and loopback ports, with
 * the department table's batches shrunk to `maxBatch` so that archive handovers happen within a test.
 */
export async function startWholeSystem(options: WholeSystemOptions): Promise<WholeSystem> {
  const conformance = await ConformanceMonitor.start(TEST_AMQP_URL);
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-system-'));
  // The shipped table: the province's departments, every appraisal × approval × delegation combination among them.
  const table = parse(readFileSync(join(__dirname, '../../../config/departments.yaml'), 'utf8')) as {
    departments: Array<SystemDepartment & { archive: { maxBatch: number } }>;
  };
  for (const d of table.departments) d.archive.maxBatch = options.maxBatch;
  const departmentsFile = join(dir, 'departments.yaml');
  writeFileSync(departmentsFile, stringify(table));

  const [orchestratorPort, iofficeAdapterPort, postalAdapterPort] = [await freePort(), await freePort(), await freePort()];
  const databaseUrl = (service: BusService): string => `sqlite:${join(dir, options.sharedDatabase ? 'lienthong.db' : `${service}.db`)}`;
  const databaseUrls = Object.fromEntries(SERVICES.map((service) => [service, databaseUrl(service)])) as Record<BusService, string>;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AMQP_URL: TEST_AMQP_URL,
    DEPARTMENTS_FILE: departmentsFile,
    BLOB_DIR: join(dir, 'blobs'),
    HOLD_MS: '60000',
  };
  Object.assign(process.env, { AMQP_URL: TEST_AMQP_URL, DEPARTMENTS_FILE: departmentsFile, BLOB_DIR: env.BLOB_DIR, HOLD_MS: env.HOLD_MS });

  const ioffice = await startIofficeSimulator({ port: 0, departmentsFile, stepDelayMs: 5, pkiDir: join(dir, 'pki') });
  const postal = await startPostalSimulator({
    port: 0,
    webhookUrl: `http://127.0.0.1:${postalAdapterPort}/postal/webhook`,
    stepIntervalMs: 20,
    seed: 7,
    webhookRetry: { initialDelayMs: 100 } as never,
  });
  const onestop = await startOnestopSimulator({
    amqpUrl: TEST_AMQP_URL,
    port: 0,
    departmentsFile,
    seed: 11,
    log: () => undefined, // the test reads the bus; the simulator's one line per message would drown the output
    // Some of the one-stop's messages go out in NFD, as the contract allows; the bus normalizes them.
    behaviour: {
      ratePerMinute: 0,
      appraisalMs: 20,
      stepMs: 20,
      supplementDelayMs: 50,
      supplementP: 0,
      rejectP: 0,
      withdrawP: 0,
      nfdP: 0.2,
    },
  } as never);

  const { OrchestratorModule } = await import('../../../apps/orchestrator/src/orchestrator.module');
  const { IofficeAdapterModule } = await import('../../../apps/ioffice-adapter/src/ioffice-adapter.module');
  const { adapterConfigFromEnv } = await import('../../../apps/ioffice-adapter/src/ioffice-adapter.config');
  const { postalAdapterModule } = await import('../../../apps/postal-adapter/src/postal-adapter.module');
  const { postalAdapterConfigFromEnv } = await import('../../../apps/postal-adapter/src/postal-adapter.config');

  const startOrchestrator = async (): Promise<INestApplication> => {
    process.env.DATABASE_URL = databaseUrls.orchestrator;
    process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${orchestratorPort}`;
    return bootstrapService({ service: 'orchestrator', module: OrchestratorModule, httpPort: orchestratorPort });
  };
  const apps: Record<string, INestApplication> = {};
  /** Everything started, stopped, and the queues of this system deleted (also when a service failed to start, so that
   *  its simulators' consumers do not linger and take the messages of the suites that follow). */
  const closeAll = async (): Promise<void> => {
    for (const name of [...SERVICES].reverse()) await apps[name]?.close().catch(() => undefined);
    await onestop.close().catch(() => undefined);
    await postal.close().catch(() => undefined);
    await ioffice.close().catch(() => undefined);
    const broker = await TestBroker.connect();
    for (const service of SERVICES) {
      const queue = `lienthong.${service}`;
      await broker.deleteQueues([queue, ...messagingOptionsFromEnv(service).retryDelaysMs.map((d, i) => retryQueueName(queue, i, d))]);
    }
    await broker.deleteQueues([onestop.queue]);
    await broker.close();
    await conformance.close();
  };
  const iofficeEnv = {
    ...env,
    DATABASE_URL: databaseUrls['ioffice-adapter'],
    IOFFICE_URL: ioffice.url,
    IOFFICE_POLL_MS: '50',
    TRUST_ANCHORS: ioffice.trustAnchorsFile,
    PUBLIC_BASE_URL: `http://127.0.0.1:${iofficeAdapterPort}`,
    ORCHESTRATOR_URL: `http://127.0.0.1:${orchestratorPort}`,
  };
  const startIofficeAdapter = (): Promise<INestApplication> =>
    bootstrapService({
      service: 'ioffice-adapter',
      module: IofficeAdapterModule.forRoot({ databaseUrl: iofficeEnv.DATABASE_URL, config: adapterConfigFromEnv(iofficeEnv) }),
      httpPort: iofficeAdapterPort,
    });
  const postalEnv = { ...env, DATABASE_URL: databaseUrls['postal-adapter'], POSTAL_URL: postal.url, POSTAL_STALE_MS: '5000' };
  const startPostalAdapter = (): Promise<INestApplication> =>
    bootstrapService({
      service: 'postal-adapter',
      module: postalAdapterModule(postalAdapterConfigFromEnv(postalEnv)),
      httpPort: postalAdapterPort,
      httpOptions: { bodyParser: false },
    });
  try {
    apps.orchestrator = await startOrchestrator();
    apps['ioffice-adapter'] = await startIofficeAdapter();
    apps['postal-adapter'] = await startPostalAdapter();
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
  const starters: Record<BusService, () => Promise<INestApplication>> = {
    orchestrator: startOrchestrator,
    'ioffice-adapter': startIofficeAdapter,
    'postal-adapter': startPostalAdapter,
  };
  const restartService = async (name: BusService): Promise<void> => {
    await apps[name]?.close();
    apps[name] = await starters[name]();
  };

  return {
    dir,
    departments: table.departments,
    ioffice,
    postal,
    onestop,
    orchestratorUrl: `http://127.0.0.1:${orchestratorPort}`,
    postalAdapterUrl: `http://127.0.0.1:${postalAdapterPort}`,
    departmentsFile,
    databaseUrls,
    conformance,
    apps: () => apps as ReturnType<WholeSystem['apps']>,
    restartService,
    async stopService(name) {
      const app = apps[name];
      delete apps[name];
      await app?.close();
    },
    close: closeAll,
  };
}
