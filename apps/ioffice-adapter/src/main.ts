import { BUS_ENV, IOFFICE_ADAPTER_SCHEMA } from '@lienthong/config';
import { parseDatabaseUrl } from '@lienthong/persistence/database.url';
import { loadServiceConfigOrExit } from '@lienthong/runtime/logging';

/** The iOffice adapter: `node dist/apps/ioffice-adapter/src/main.js`, configured by the environment (docs/ioffice-adapter.md). */
async function main(): Promise<void> {
  // Checked before the service's modules load: a mistake is one log line naming the variable, and in production every
  // development default (the simulator's endpoint, secret and test CA) is refused.
  const config = loadServiceConfigOrExit(IOFFICE_ADAPTER_SCHEMA, { also: [() => parseDatabaseUrl(BUS_ENV.DATABASE_URL.read())] });
  const { Module } = await import('@nestjs/common');
  const { bootstrapService } = await import('@lienthong/runtime');
  const { IofficeAdapterModule, SERVICE } = await import('./ioffice-adapter.module');

  @Module({ imports: [IofficeAdapterModule.forRoot()] })
  class IofficeAdapterMain {}

  await bootstrapService({ service: SERVICE, module: IofficeAdapterMain, httpPort: config.HTTP_PORT });
}

void main();
