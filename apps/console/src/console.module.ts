import { Logger, type MiddlewareConsumer, Module, type NestModule, type OnModuleInit, RequestMethod, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import {
  AmqpConnection,
  ConfirmPublisher,
  DeadLetterStore,
  MESSAGING_MIGRATIONS,
  MessagingModule,
  describeError,
  messagingOptionsFromEnv,
} from '@lienthong/messaging';
import { Database, PersistenceModule } from '@lienthong/persistence';
import { HealthRegistry, RuntimeModule } from '@lienthong/runtime';
import { ArchiveBatchesQuery } from './archive/archive-batches.query';
import { ArchiveController } from './archive/archive.controller';
import { AuditController } from './audit/audit.controller';
import { ensureAuditGuard } from './audit/audit.guard';
import { AuditLog } from './audit/audit.log';
import { AuthController } from './auth/auth.controller';
import { LOGIN_FAILURE_WINDOW_MS, LoginRateLimiter } from './auth/login.rate-limiter';
import { SessionStore } from './auth/session.store';
import { UserDirectory } from './auth/user.directory';
import type { ConsoleConfig } from './console.config';
import { CONSOLE_MIGRATIONS } from './console.migrations';
import { CONSOLE_CONFIG } from './console.tokens';
import { DeadLetterOperations } from './dead-letters/dead-letter.operations';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { DeadlinesQuery } from './deadlines/deadlines.query';
import { OverviewController } from './health/overview.controller';
import { HeartbeatTracker } from './heartbeats/heartbeat.tracker';
import { ServiceBoard } from './heartbeats/service-board';
import { registerConsoleMetrics } from './metrics/console.metrics';
import { QueueMonitor, knownQueues } from './queues/queue.monitor';
import { QueuesController } from './queues/queues.controller';
import { RetentionTask } from './retention/retention.task';
import { DossierTracer } from './trace/dossier.trace';
import { TraceController } from './trace/trace.controller';
import { UsersController } from './users/users.controller';
import { AccessGuard } from './web/access.guard';
import { JsonBodyMiddleware } from './web/body.middleware';
import { ErrorsFilter } from './web/errors.filter';
import { securityHeaders } from './web/security.middleware';
import { UiController } from './web/ui.controller';
import { PostalWebhookForwarder } from './webhook/postal-webhook.forwarder';

/** The console's service name on the bus: its heartbeat, its (binding-less) queue `lienthong.console`. */
export const SERVICE = 'console';

/**
 * The admin console as a Nest module, for a given configuration (checked before, in `main.ts`, so that a
 * configuration mistake stops start-up with one message). It is a bus service like the others (transport,
 * health, metrics, heartbeat) with no message handlers, plus the dashboard's API and UI.
 */
export function createConsoleModule(config: ConsoleConfig): Type<unknown> {
  @Module({
    imports: [
      PersistenceModule.forRoot({ url: config.databaseUrl, migrations: [...MESSAGING_MIGRATIONS, ...CONSOLE_MIGRATIONS] }),
      MessagingModule.forRoot({ ...messagingOptionsFromEnv(SERVICE), urls: config.amqpUrl.split(',') }),
      // The console guards its own routes (AccessGuard: sessions, METRICS_TOKEN), not with the services' token.
      RuntimeModule.forService(SERVICE, { serviceAuth: false }),
    ],
    controllers: [
      AuthController,
      OverviewController,
      QueuesController,
      DeadLettersController,
      TraceController,
      DeadlinesController,
      ArchiveController,
      AuditController,
      UsersController,
      PostalWebhookForwarder,
      UiController,
    ],
    providers: [
      { provide: CONSOLE_CONFIG, useValue: config },
      { provide: APP_GUARD, useClass: AccessGuard },
      { provide: APP_FILTER, useClass: ErrorsFilter },
      { provide: ServiceBoard, useFactory: () => new ServiceBoard(config.heartbeatTimeoutMs, config.expectedServices) },
      {
        provide: HeartbeatTracker,
        useFactory: (c: AmqpConnection, b: ServiceBoard) => new HeartbeatTracker(c, b),
        inject: [AmqpConnection, ServiceBoard],
      },
      {
        provide: QueueMonitor,
        useFactory: (c: AmqpConnection, b: ServiceBoard) =>
          new QueueMonitor(c, { managementUrl: config.managementUrl, amqpUrl: config.amqpUrl }, () =>
            knownQueues(
              b.services(Date.now()).map((s) => s.service),
              b.announcedQueues(),
            ),
          ),
        inject: [AmqpConnection, ServiceBoard],
      },
      { provide: AuditLog, useFactory: (db: Database) => new AuditLog(db), inject: [Database] },
      {
        provide: SessionStore,
        useFactory: (db: Database) => new SessionStore(db, config.sessionSecret, config.sessionIdleMs, config.sessionMaxMs),
        inject: [Database],
      },
      { provide: UserDirectory, useFactory: (db: Database) => new UserDirectory(db, config.users), inject: [Database] },
      {
        provide: LoginRateLimiter,
        useFactory: () =>
          new LoginRateLimiter({
            perAddressAndUser: config.loginAttemptsPerMinute,
            windowMs: 60_000,
            failuresPerAddress: config.loginFailuresPerAddress,
            failuresPerUser: config.loginFailuresPerUser,
            failureWindowMs: LOGIN_FAILURE_WINDOW_MS,
          }),
      },
      {
        provide: DeadLetterOperations,
        useFactory: (db: Database, p: ConfirmPublisher, a: AuditLog) => new DeadLetterOperations(db, p, a),
        inject: [Database, ConfirmPublisher, AuditLog],
      },
      {
        provide: RetentionTask,
        useFactory: (a: AuditLog, s: DeadLetterStore) =>
          new RetentionTask(a, s, { auditBodyDays: config.auditBodyDays, resolvedDeadLetterDays: config.resolvedDeadLetterDays }),
        inject: [AuditLog, DeadLetterStore],
      },
      {
        provide: DossierTracer,
        useFactory: (db: Database, s: DeadLetterStore) => new DossierTracer(db, s),
        inject: [Database, DeadLetterStore],
      },
      { provide: DeadlinesQuery, useFactory: (db: Database) => new DeadlinesQuery(db), inject: [Database] },
      { provide: ArchiveBatchesQuery, useFactory: (db: Database) => new ArchiveBatchesQuery(db), inject: [Database] },
    ],
  })
  class ConsoleModule implements NestModule, OnModuleInit {
    constructor(
      private readonly health: HealthRegistry,
      private readonly board: ServiceBoard,
      private readonly queues: QueueMonitor,
      private readonly db: Database,
      private readonly http: HttpAdapterHost,
    ) {}

    configure(consumer: MiddlewareConsumer): void {
      consumer.apply(securityHeaders(config.secureCookies)).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
      consumer
        .apply(JsonBodyMiddleware)
        .exclude({ path: 'postal/webhook', method: RequestMethod.POST })
        .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
    }

    async onModuleInit(): Promise<void> {
      // Express's req.ip (the login limiter, the audit trail) then comes from X-Forwarded-For of trusted proxies only.
      (this.http.httpAdapter.getInstance() as { set(name: string, value: unknown): void }).set('trust proxy', config.trustProxy ?? false);
      registerConsoleMetrics(this.health.metrics, { board: this.board, queues: this.queues, db: this.db });
      await reportAuditGuard(this.db);
    }
  }
  return ConsoleModule;
}

/** Protects the audit trail as far as the database role allows, and says at start-up what is missing. */
async function reportAuditGuard(db: Database): Promise<void> {
  const logger = new Logger('AuditTrail');
  try {
    const state = await ensureAuditGuard(db);
    if (state.incomplete) logger.warn(state.detail);
    else logger.log(state.detail);
  } catch (error) {
    logger.warn(`could not check or install the audit trail's guard: ${describeError(error)}`);
  }
}
