import { ConfigError, Env } from '@lienthong/config';
import { bootstrapService } from '@lienthong/runtime';
import { type PostalAdapterConfig, SERVICE, postalAdapterConfigFromEnv } from './postal-adapter.config';
import { postalAdapterModule } from './postal-adapter.module';

/** The postal adapter: `node dist/apps/postal-adapter/src/main.js`, the bus's public HTTP side (HTTP_PORT, default 3000). */
let config: PostalAdapterConfig;
let httpPort: number;
try {
  config = postalAdapterConfigFromEnv();
  httpPort = new Env().int('HTTP_PORT', 3000, 1, 65535);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`[${SERVICE}] cannot start: ${error.message}`);
  process.exit(1);
}
// bodyParser off: the webhook reads the raw bytes its HMAC covers.
void bootstrapService({ service: config.service, module: postalAdapterModule(config), httpPort, httpOptions: { bodyParser: false } });
