import { Logger } from '@nestjs/common';
import { ConfigError } from '@lienthong/config';
import { bootstrapService, serviceLoggerOrExit } from '@lienthong/runtime';
import { type LoadedConfig, loadConsoleConfig } from './console.config';
import { SERVICE, createConsoleModule } from './console.module';

/** The admin console: `HTTP_PORT` (default 3000) is the bus's public HTTP side (dashboard, postal webhook). */
async function main(): Promise<void> {
  serviceLoggerOrExit(SERVICE); // before the configuration is read: its errors are log lines like any other
  const logger = new Logger(SERVICE);
  let loaded: LoadedConfig;
  try {
    loaded = loadConsoleConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.fatal(`cannot start: ${error.message}`, { code: error.code });
    process.exit(1);
  }
  for (const warning of loaded.warnings) logger.warn(warning);
  // Nest's body parser stays off: the postal webhook is forwarded with its raw bytes (JsonBodyMiddleware parses the API's JSON).
  await bootstrapService({ service: SERVICE, module: createConsoleModule(loaded.config), httpPort: loaded.config.httpPort, httpOptions: { bodyParser: false } });
  logger.log(`dashboard: http://127.0.0.1:${loaded.config.httpPort}/`);
}

void main();
