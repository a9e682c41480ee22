import { Logger } from '@nestjs/common';
import { ConfigError, Env } from '@lienthong/config';
import { bootstrapService, serviceLoggerOrExit } from '@lienthong/runtime';
import { type PostalAdapterConfig, SERVICE, postalAdapterConfigFromEnv } from './postal-adapter.config';
import { postalAdapterModule } from './postal-adapter.module';

/**
 * The postal adapter: `node dist/apps/postal-adapter/src/main.js`, on HTTP_PORT (default 3003, as under the
 * launcher); the postal operator's webhooks reach it through the console (the bus's public HTTP side).
 */
serviceLoggerOrExit(SERVICE); // before the configuration is read: its errors are log lines like any other
let config: PostalAdapterConfig;
let httpPort: number;
try {
  config = postalAdapterConfigFromEnv();
  httpPort = new Env().int('HTTP_PORT', 3003, 1, 65535);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  new Logger(SERVICE).fatal(`cannot start: ${error.message}`, { code: error.code });
  process.exit(1);
}
// bodyParser off: the webhook reads the raw bytes its HMAC covers.
void bootstrapService({ service: config.service, module: postalAdapterModule(config), httpPort, httpOptions: { bodyParser: false } });
