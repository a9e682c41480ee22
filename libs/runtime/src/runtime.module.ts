import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { BlobDiskHealth } from './blobs/blob-disk.check';
import { DatabaseDiskHealth } from './database-disk.health';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { HeartbeatPublisher } from './heartbeat.publisher';
import { ServiceAuth } from './http/service-auth';
import { ServiceAuthGuard } from './http/service-auth.guard';
import { MetricsController } from './metrics.controller';
import { SERVICE_INFO } from './service-info';

/** The project's version, from the nearest package.json above this file (source tree or dist/). */
function projectVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lienthong') return pkg.version ?? '0.0.0';
    } catch {
      // not here; keep climbing
    }
  }
  return '0.0.0';
}
const version = projectVersion();

export interface RuntimeOptions {
  /**
   * `false` for a service that guards its HTTP routes itself (the console: sessions). Otherwise every route but
   * health and `@OpenRoute()` ones needs a bearer token (`ServiceAuthGuard`).
   */
  readonly serviceAuth?: boolean;
}

/** Health and metrics endpoints for one bus service (and the `blobDir` / `databaseDisk` readiness checks when it keeps documents / a SQLite file), and the bearer-token guard on its HTTP side. */
@Module({})
export class RuntimeModule {
  static forService(service: string, options: RuntimeOptions = {}): DynamicModule {
    const auth: Provider[] =
      options.serviceAuth === false
        ? []
        : [
            {
              provide: ServiceAuth,
              useFactory: () => {
                const auth = ServiceAuth.fromEnv();
                if (auth.developmentDefault)
                  new Logger(service).warn(
                    'no SERVICE_TOKEN configured: the development default token is in use. Never use this outside a development machine.',
                  );
                return auth;
              },
            },
            { provide: APP_GUARD, useClass: ServiceAuthGuard },
          ];
    return {
      module: RuntimeModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_INFO, useValue: { service, version, startedAt: Date.now() } },
        HealthRegistry,
        HeartbeatPublisher,
        BlobDiskHealth,
        DatabaseDiskHealth,
        ...auth,
      ],
      exports: [HealthRegistry, ...(options.serviceAuth === false ? [] : [ServiceAuth])],
    };
  }
}
