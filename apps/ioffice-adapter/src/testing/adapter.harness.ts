import { join } from 'node:path';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusServer, DeadLetterStore, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { IOfficeSoapAdapter } from '../ioffice/ioffice.soap-adapter';
import { AdapterConfig } from '../ioffice-adapter.config';
import { IofficeAdapterModule } from '../ioffice-adapter.module';

/** A running adapter in a test: the real module, real HTTP port, real broker and database. */
export interface RunningAdapter {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly db: Database;
  readonly deadLetters: DeadLetterStore;
  readonly soap: IOfficeSoapAdapter;
  /** Queues it declared (to delete after the test). */
  readonly queues: string[];
  close(): Promise<void>;
}

export { freePort } from '@lienthong/runtime/testing/free-port';

/** The shipped department table (20 departments, Vietnamese abbreviations). */
export const TEST_DEPARTMENTS_FILE = join(__dirname, '../../../../config/departments.yaml');

/**
 * The adapter's configuration in a test: short timers, against `iofficeUrl` (the simulator, or a proxy in front of
 * it), trusting `trustAnchorsFile`, documents under `workDir/blobs`, its own HTTP side on `port`.
 */
export function testAdapterConfig(
  at: { iofficeUrl: string; trustAnchorsFile: string; workDir: string; port?: number },
  overrides: Partial<AdapterConfig> = {},
): AdapterConfig {
  return new AdapterConfig({
    iofficeUrl: at.iofficeUrl,
    systemId: 'lienthong',
    secret: 'lienthong-secret',
    timeoutMs: 1000,
    pollMs: 50,
    pollMaxItems: 50,
    fetchAhead: 4,
    maxEdxmlBytes: 256 * 1024,
    maxDocumentBytes: 25 * 1024 * 1024,
    trustAnchorsFile: at.trustAnchorsFile,
    blobDir: join(at.workDir, 'blobs'),
    publicBaseUrl: `http://127.0.0.1:${at.port ?? 0}`,
    departmentsFile: TEST_DEPARTMENTS_FILE,
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
    breaker: { failureThreshold: 5, openMs: 400 },
    fetchTimeoutMs: 2000,
    confirmTimeoutMs: 5000,
    sentListSlackMs: 3_600_000,
    ...overrides,
  });
}

const RETRY_DELAYS_MS = [100, 200, 400];

/** Starts the adapter as `bootstrapService` does (hybrid app: HTTP and the AMQP transport). Logs with TEST_LOG=1. */
export async function startAdapter(options: {
  service: string;
  databaseUrl: string;
  amqpUrl: string;
  config: AdapterConfig;
  port: number;
}): Promise<RunningAdapter> {
  const logger: LogLevel[] | false = process.env.TEST_LOG ? ['log', 'warn', 'error'] : false;
  const app = await NestFactory.create(
    IofficeAdapterModule.forRoot({
      service: options.service,
      databaseUrl: options.databaseUrl,
      config: options.config,
      messaging: { urls: [options.amqpUrl], retryDelaysMs: RETRY_DELAYS_MS, relayIntervalMs: 200, reconnectDelayMs: 100 },
    }),
    // A start-up error rejects (instead of ending the test process), so tests can show what stops start-up.
    { logger, abortOnError: false },
  );
  app.connectMicroservice({ strategy: app.get(BusServer) });
  await app.startAllMicroservices();
  await app.listen(options.port, '127.0.0.1');
  const queue = queueNameOf(options.service);
  return {
    app,
    baseUrl: `http://127.0.0.1:${options.port}`,
    db: app.get(Database),
    deadLetters: app.get(DeadLetterStore),
    soap: app.get(IOfficeSoapAdapter),
    queues: [queue, ...RETRY_DELAYS_MS.map((d, i) => retryQueueName(queue, i, d))],
    close: () => app.close(),
  };
}
