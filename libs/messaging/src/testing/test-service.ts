import type { INestApplication, Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Database, type Migration, PersistenceModule } from '@lienthong/persistence';
import { BusServer } from '../bus.server';
import { DeadLetterStore } from '../dead-letter/dead-letter.store';
import { MESSAGING_MIGRATIONS } from '../messaging.migrations';
import { MessagingModule } from '../messaging.module';
import { type MessagingOptions, messagingOptionsFromEnv, queueNameOf } from '../messaging.options';
import { retryQueueName } from '../amqp/topology';
import { TEST_AMQP_URL } from './test-broker';

export interface TestService {
  readonly app: INestApplication;
  readonly server: BusServer;
  readonly db: Database;
  readonly deadLetters: DeadLetterStore;
  /** Every queue the service declared (to delete after the test). */
  readonly queues: string[];
  close(): Promise<void>;
}

/**
 * Starts a bus service the way `bootstrapService` does (hybrid app, transport connected as a microservice)
 * with the given handler providers, against the test broker and the given database.
 */
export async function startTestService(options: {
  service: string;
  databaseUrl: string;
  providers: Provider[];
  controllers?: Type<unknown>[];
  migrations?: readonly Migration[];
  overrides?: Partial<MessagingOptions>;
}): Promise<TestService> {
  const messaging = messagingOptionsFromEnv(
    options.service,
    { AMQP_URL: TEST_AMQP_URL },
    { retryDelaysMs: [100, 200, 400], relayIntervalMs: 200, reconnectDelayMs: 100, ...options.overrides },
  );
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRoot({ url: options.databaseUrl, migrations: [...MESSAGING_MIGRATIONS, ...(options.migrations ?? [])] }),
      MessagingModule.forRoot(messaging),
    ],
    providers: options.providers,
    controllers: options.controllers ?? [],
  }).compile();
  moduleRef.useLogger(['error']);
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  const server = app.get(BusServer);
  app.connectMicroservice({ strategy: server });
  await app.startAllMicroservices();
  await app.init();
  const queue = queueNameOf(options.service);
  return {
    app,
    server,
    db: app.get(Database),
    deadLetters: app.get(DeadLetterStore),
    queues: [queue, ...messaging.retryDelaysMs.map((d, i) => retryQueueName(queue, i, d))],
    close: () => app.close(),
  };
}
