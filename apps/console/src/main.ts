import { BUS_ENV, CONSOLE_SCHEMA } from '@lienthong/config';
import { parseDatabaseUrl } from '@lienthong/persistence/database.url';
import { loadServiceConfigOrExit } from '@lienthong/runtime/logging';
import { type LoadedConfig, loadConsoleConfig } from './console.config';

const SERVICE = CONSOLE_SCHEMA.service;

/** The admin console: `HTTP_PORT` (default 3000) is the bus's public HTTP side (dashboard, postal webhook). */
async function main(): Promise<void> {
  // Checked before the service's modules load: a mistake is one log line naming the variable, and in production every
  // development default (the admin/admin user, guest credentials) is refused.
  let loaded: LoadedConfig | undefined;
  loadServiceConfigOrExit(CONSOLE_SCHEMA, {
    also: [() => parseDatabaseUrl(BUS_ENV.DATABASE_URL.read()), () => (loaded = loadConsoleConfig())],
  });
  const { config, warnings } = loaded!;
  const { Logger } = await import('@nestjs/common');
  const { bootstrapService } = await import('@lienthong/runtime');
  const { createConsoleModule } = await import('./console.module');
  const logger = new Logger(SERVICE);
  for (const warning of warnings) logger.warn(warning);
  // Nest's body parser stays off: the postal webhook is forwarded with its raw bytes (JsonBodyMiddleware parses the API's JSON).
  await bootstrapService({
    service: SERVICE,
    module: createConsoleModule(config),
    httpPort: config.httpPort,
    httpOptions: { bodyParser: false },
  });
  logger.log(`dashboard: http://127.0.0.1:${config.httpPort}/`);
}

void main();
