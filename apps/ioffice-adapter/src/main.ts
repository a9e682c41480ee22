import { BUS_ENV, IOFFICE_ADAPTER_SCHEMA, loadConfigOrExit } from '@lienthong/config';
import { parseDatabaseUrl } from '@lienthong/persistence/database.url';

/** The iOffice adapter: `node dist/apps/ioffice-adapter/src/main.js`, configured by the environment (docs/ioffice-adapter.md). */
async function main(): Promise<void> {
  // Checked before the service's modules load: a mistake is one line naming the variable, and in production every
  // development default (the simulator's endpoint, secret and test CA) is refused.
  const config = loadConfigOrExit(IOFFICE_ADAPTER_SCHEMA, { also: [() => parseDatabaseUrl(BUS_ENV.DATABASE_URL.read())] });
  const { Module } = await import('@nestjs/common');
  const { bootstrapService } = await import('@lienthong/runtime');
  const { IofficeAdapterModule, SERVICE } = await import('./ioffice-adapter.module');

  @Module({ imports: [IofficeAdapterModule.forRoot()] })
  class IofficeAdapterMain {}

  await bootstrapService({ service: SERVICE, module: IofficeAdapterMain, httpPort: config.HTTP_PORT });
}

void main();
