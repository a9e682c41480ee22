import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BlobDiskHealth } from './blobs/blob-disk.check';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { HeartbeatPublisher } from './heartbeat.publisher';
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

/** Health and metrics endpoints for one bus service (and the `blobDir` readiness check when it keeps documents). */
@Module({})
export class RuntimeModule {
  static forService(service: string): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: SERVICE_INFO, useValue: { service, version, startedAt: Date.now() } }, HealthRegistry, HeartbeatPublisher, BlobDiskHealth],
      exports: [HealthRegistry],
    };
  }
}
