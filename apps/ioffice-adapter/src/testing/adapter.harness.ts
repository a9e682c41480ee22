import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusServer, DeadLetterStore, queueNameOf, retryQueueName } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { IOfficeSoapAdapter } from '../ioffice/ioffice.soap-adapter';
import type { AdapterConfig } from '../ioffice-adapter.config';
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

/** A TCP port free right now (for a `PUBLIC_BASE_URL` that must be known before the app starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const RETRY_DELAYS_MS = [100, 200, 400];

/** Starts the adapter as `bootstrapService` does (hybrid app: HTTP and the AMQP transport). Logs with TEST_LOG=1. */
export async function startAdapter(options: { service: string; databaseUrl: string; amqpUrl: string; config: AdapterConfig; port: number }): Promise<RunningAdapter> {
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
