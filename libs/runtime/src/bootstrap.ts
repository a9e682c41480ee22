import { type DynamicModule, type INestApplication, type LogLevel, Logger, type NestApplicationOptions, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BUS_ENV } from '@lienthong/config';
import { BusServer, redact } from '@lienthong/messaging';

export interface BootstrapOptions {
  readonly service: string;
  readonly module: Type<unknown> | DynamicModule;
  /** Port of the service's HTTP side (health, metrics). */
  readonly httpPort: number;
  /** Extra Nest application options, e.g. `{ bodyParser: false }` for a service that must read raw request bodies. */
  readonly httpOptions?: NestApplicationOptions;
}

/**
 * Starts one bus service: the HTTP side (health, metrics) and the AMQP transport as a hybrid Nest
 * application, with shutdown hooks so that SIGINT/SIGTERM drain in-flight work before exit. When
 * RabbitMQ cannot be reached it prints one clear message and exits instead of a stack trace.
 */
const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** `LOG_LEVEL` (error, warn, log, debug, verbose; default log) as the list of levels Nest prints. */
export function logLevels(level = 'log'): LogLevel[] {
  const index = LEVELS.indexOf(level.trim().toLowerCase() as LogLevel);
  return LEVELS.slice(0, index < 0 ? LEVELS.indexOf('log') + 1 : index + 1);
}

export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication> {
  const logger = new Logger(options.service);
  const app = await NestFactory.create(options.module, { bufferLogs: false, logger: logLevels(BUS_ENV.LOG_LEVEL.read()), ...options.httpOptions });
  app.enableShutdownHooks();
  app.connectMicroservice({ strategy: app.get(BusServer) }, { inheritAppConfig: true });
  try {
    await app.startAllMicroservices();
  } catch (error) {
    const url = BUS_ENV.AMQP_URL.read().map(redact).join(', ');
    logger.error(
      `cannot start: ${(error as Error).message}\n` +
        `  Liên thông needs a running RabbitMQ at ${url} (set AMQP_URL to use another).\n` +
        '  On Debian/Ubuntu: apt-get install rabbitmq-server, then rabbitmq-server -detached',
    );
    await app.close().catch(() => undefined);
    process.exit(1);
  }
  // Loopback unless HTTP_HOST says otherwise: a deployment that must receive postal webhooks sets HTTP_HOST=0.0.0.0
  // (or puts a reverse proxy in front).
  const host = BUS_ENV.HTTP_HOST.read();
  await app.listen(options.httpPort, host);
  const port = (app.getHttpServer().address() as { port: number }).port;
  logger.log(`${options.service} ready; health on http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/health/ready`);
  return app;
}
