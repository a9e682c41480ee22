import { BUS_ENV, POSTAL_ADAPTER_SCHEMA } from '@lienthong/config';
import { parseDatabaseUrl } from '@lienthong/persistence/database.url';
import { loadServiceConfigOrExit } from '@lienthong/runtime/logging';

/**
 * The postal adapter: `node dist/apps/postal-adapter/src/main.js`, configured by the environment
 * (docs/postal-adapter.md), on HTTP_PORT (default 3003, as under the launcher); the postal operator's webhooks reach
 * it through the console (the bus's public HTTP side).
 */
async function main(): Promise<void> {
  // Checked before the service's modules load: a mistake is one log line naming the variable, and in production every
  // development default (the simulator's URL, credentials and webhook secret) is refused.
  const config = loadServiceConfigOrExit(POSTAL_ADAPTER_SCHEMA, { also: [() => parseDatabaseUrl(BUS_ENV.DATABASE_URL.read())] });
  const { bootstrapService } = await import('@lienthong/runtime');
  const { postalAdapterConfigFromEnv } = await import('./postal-adapter.config');
  const { postalAdapterModule } = await import('./postal-adapter.module');
  const adapter = postalAdapterConfigFromEnv();
  // bodyParser off: the webhook reads the raw bytes its HMAC covers.
  await bootstrapService({
    service: adapter.service,
    module: postalAdapterModule(adapter),
    httpPort: config.HTTP_PORT,
    httpOptions: { bodyParser: false },
  });
}

void main();
