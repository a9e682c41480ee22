import { type DynamicModule, type INestApplication, type LoggerService, type NestApplicationOptions, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BUS_ENV, ConfigError } from '@lienthong/config';
import { BusServer, describeError, redact } from '@lienthong/messaging';
import { type ServiceLogger, installServiceLogger } from './logging/service.logger';

export interface BootstrapOptions {
  readonly service: string;
  readonly module: Type<unknown> | DynamicModule;
  /** Port of the service's HTTP side (health, metrics). */
  readonly httpPort: number;
  /**
   * Extra Nest application options, e.g. `{ bodyParser: false }` for a service that must read raw request bodies.
   * A `logger` given as a list of levels narrows the service logger's levels (tests); a LoggerService replaces it.
   */
  readonly httpOptions?: NestApplicationOptions;
}

/**
 * Starts one bus service: the HTTP side (health, metrics) and the AMQP transport as a hybrid Nest
 * application, with shutdown hooks so that SIGINT/SIGTERM drain in-flight work before exit, logging through
 * the service logger (`LOG_FORMAT`, `LOG_LEVEL`). When the module cannot be built (a configuration mistake, an
 * unreachable database) or RabbitMQ cannot be reached, it logs one clear line and exits with 1 instead of a
 * stack trace.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication> {
  const logger = serviceLoggerOrExit(options.service);
  const { logger: requested, ...httpOptions } = options.httpOptions ?? {};
  let nestLogger: LoggerService | false = logger;
  if (Array.isArray(requested)) logger.setLogLevels(requested);
  else if (requested === false) logger.setLogLevels([]);
  else if (requested) nestLogger = requested;
  let app: INestApplication;
  try {
    app = await NestFactory.create(options.module, { bufferLogs: false, ...httpOptions, logger: nestLogger });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // A configuration mistake is said in one line; anything else keeps its stack for whoever must fix it.
    const stack = error instanceof Error && !(error instanceof ConfigError) ? [error.stack] : [];
    logger.fatal(`cannot start: ${describeError(error)}`, typeof code === 'string' ? { code } : {}, ...stack, options.service);
    return process.exit(1);
  }
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
      options.service,
    );
    await app.close().catch(() => undefined);
    process.exit(1);
  }
  // Loopback unless HTTP_HOST says otherwise: a deployment that must receive postal webhooks sets HTTP_HOST=0.0.0.0
  // (or puts a reverse proxy in front).
  const host = BUS_ENV.HTTP_HOST.read();
  try {
    await app.listen(options.httpPort, host);
  } catch (error) {
    // The port is taken (EADDRINUSE) or not ours to bind: stop the consumers already started, then say why.
    await app.close().catch(() => undefined);
    throw error;
  }
  const port = (app.getHttpServer().address() as { port: number }).port;
  logger.log(`${options.service} ready; health on http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/health/ready`, options.service);
  return app;
}

/**
 * Installs the service logger (`installServiceLogger`) for a caller that did not check its configuration first (a
 * test's own module); a wrong `LOG_FORMAT` can only be said in plain text, then start-up stops. A `main.ts` checks
 * its whole schema first (`loadServiceConfigOrExit`), so a wrong value is said there with every other mistake.
 */
export function serviceLoggerOrExit(service: string): ServiceLogger {
  try {
    return installServiceLogger(service);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`[${service}] cannot start: ${error.code}: ${error.message}\n`);
    return process.exit(1);
  }
}
