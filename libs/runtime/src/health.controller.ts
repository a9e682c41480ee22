import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { AmqpConnection, BusServer } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { HealthRegistry } from './health.registry';
import { OpenRoute } from './http/service-auth.guard';
import { SERVICE_INFO, type ServiceInfo } from './service-info';

/**
 * `/health/live`: the process answers (for restarts). `/health/ready`: it can do its work: database,
 * broker connection and consumer all up (200), or 503 naming the failing checks. Open to anyone (probes).
 */
@OpenRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: Database,
    private readonly connection: AmqpConnection,
    private readonly server: BusServer,
    private readonly registry: HealthRegistry,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
  ) {}

  @Get('live')
  live(): Record<string, unknown> {
    return { status: 'ok', service: this.info.service, version: this.info.version, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicator.check('database');
        try {
          await this.db.ping();
          return check.up({ dialect: this.db.dialect });
        } catch (error) {
          return check.down({ error: (error as Error).message });
        }
      },
      () => {
        const check = this.indicator.check('broker');
        return this.connection.isConnected ? check.up() : check.down({ error: 'not connected to RabbitMQ; reconnecting' });
      },
      () => {
        const check = this.indicator.check('consumer');
        return this.server.consuming
          ? check.up({ queue: this.server.queue })
          : check.down({ queue: this.server.queue, error: 'not consuming' });
      },
      ...[...this.registry.entries()].map(([name, run]) => async () => {
        const check = this.indicator.check(name);
        try {
          const result = await run();
          return result.up ? check.up(result.details) : check.down(result.details);
        } catch (error) {
          return check.down({ error: (error as Error).message });
        }
      }),
    ]);
  }
}
