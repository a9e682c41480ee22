import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Database } from '@lienthong/persistence';
import { AmqpConnection } from './amqp/amqp.connection';
import { ConfirmPublisher } from './amqp/confirm.publisher';
import { BusPublisher } from './bus.publisher';
import { BusServer } from './bus.server';
import { DeadLetterStore } from './dead-letter/dead-letter.store';
import { HandlerExplorer } from './handler.explorer';
import { type MessagingOptions, queueNameOf } from './messaging.options';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxWriter } from './outbox/outbox.writer';
import { ConsumePipeline } from './pipeline/consume.pipeline';
import { MessagingRetention } from './retention/messaging.retention';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Wires the transport for one service. The application connects it with
 * `app.connectMicroservice({ strategy: app.get(BusServer) })`; `PersistenceModule.forRoot` must be given
 * `MESSAGING_MIGRATIONS`.
 */
@Module({})
export class MessagingModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(MessagingRetention) private readonly retention: MessagingRetention,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(ConfirmPublisher) private readonly publisher: ConfirmPublisher,
    @Inject(AmqpConnection) private readonly connection: AmqpConnection,
  ) {}

  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        HandlerExplorer,
        {
          provide: AmqpConnection,
          useFactory: () =>
            new AmqpConnection({
              urls: options.urls,
              name: `lienthong-${options.service}`,
              reconnectDelayMs: options.reconnectDelayMs,
              reconnectMaxDelayMs: options.reconnectMaxDelayMs,
            }),
        },
        { provide: ConfirmPublisher, useFactory: (c: AmqpConnection) => new ConfirmPublisher(c), inject: [AmqpConnection] },
        { provide: OutboxWriter, useFactory: () => new OutboxWriter(options.service) },
        {
          provide: OutboxRelay,
          useFactory: (db: Database, p: ConfirmPublisher, w: OutboxWriter) => {
            const relay = new OutboxRelay(db, p, options.service, options.relayIntervalMs);
            w.onWrite(() => relay.noteWritten());
            return relay;
          },
          inject: [Database, ConfirmPublisher, OutboxWriter],
        },
        { provide: MessagingRetention, useFactory: (db: Database) => new MessagingRetention(db, options), inject: [Database] },
        {
          provide: DeadLetterStore,
          useFactory: (db: Database, p: ConfirmPublisher) => new DeadLetterStore(db, p),
          inject: [Database, ConfirmPublisher],
        },
        {
          provide: BusPublisher,
          useFactory: (db: Database, w: OutboxWriter, r: OutboxRelay) => new BusPublisher(db, w, r),
          inject: [Database, OutboxWriter, OutboxRelay],
        },
        {
          provide: BusServer,
          useFactory: (
            db: Database,
            c: AmqpConnection,
            p: ConfirmPublisher,
            w: OutboxWriter,
            dl: DeadLetterStore,
            explorer: HandlerExplorer,
            relay: OutboxRelay,
          ) => {
            let pipeline: ConsumePipeline | undefined;
            // Handlers are discovered lazily: providers are only all instantiated once the module graph is built.
            const make = (): ConsumePipeline =>
              (pipeline ??= new ConsumePipeline(db, w, dl, explorer.handlers(), {
                queue: queueNameOf(options.service),
                maxMessageBytes: options.maxMessageBytes,
                retryLevels: options.retryDelaysMs.length,
              }));
            return new BusServer(options, c, p, make, () => [...explorer.handlers().keys()], relay);
          },
          inject: [Database, AmqpConnection, ConfirmPublisher, OutboxWriter, DeadLetterStore, HandlerExplorer, OutboxRelay],
        },
      ],
      exports: [
        MESSAGING_OPTIONS,
        MessagingRetention,
        AmqpConnection,
        ConfirmPublisher,
        OutboxRelay,
        DeadLetterStore,
        BusPublisher,
        BusServer,
      ],
    };
  }

  /** Inbox and outbox pruning runs in every process on the bus, from start to shutdown. */
  onApplicationBootstrap(): void {
    this.retention.start();
  }

  /** Before the database closes (`PersistenceModule`, in `onApplicationShutdown`). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.retention.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.publisher.close();
    await this.connection.close();
  }
}
