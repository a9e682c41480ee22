import { BUS_ENV, ORCHESTRATOR_SCHEMA, loadConfigOrExit } from '@lienthong/config';
import { parseDatabaseUrl } from '@lienthong/persistence/database.url';
import { DocumentHosts } from '@lienthong/runtime/blobs/document-hosts';

/** The orchestrator: `node dist/apps/orchestrator/src/main.js`, configured by the environment (docs/configuration.md). */
async function main(): Promise<void> {
  // Checked before the service's modules load (their decorators read the environment): a mistake is one line
  // naming the variable, and in production every development default is refused.
  const config = loadConfigOrExit(ORCHESTRATOR_SCHEMA, { also: [() => parseDatabaseUrl(BUS_ENV.DATABASE_URL.read()), () => DocumentHosts.fromEnv()] });
  const { bootstrapService } = await import('@lienthong/runtime');
  const { OrchestratorModule, SERVICE } = await import('./orchestrator.module');
  await bootstrapService({ service: SERVICE, module: OrchestratorModule, httpPort: config.HTTP_PORT });
}

void main();
