import { BUS_ENV, ORCHESTRATOR_SCHEMA } from '@lienthong/config';
import { parseDatabaseUrl } from '@lienthong/persistence/database.url';
import { DocumentHosts } from '@lienthong/runtime/blobs/document-hosts';
import { loadServiceConfigOrExit } from '@lienthong/runtime/logging';

/** The orchestrator: `node dist/apps/orchestrator/src/main.js`, configured by the environment (docs/configuration.md). */
async function main(): Promise<void> {
  // Checked before the service's modules load (their decorators read the environment): a mistake is one log line
  // naming the variable, and in production every development default is refused.
  const config = loadServiceConfigOrExit(ORCHESTRATOR_SCHEMA, {
    also: [() => parseDatabaseUrl(BUS_ENV.DATABASE_URL.read()), () => DocumentHosts.fromEnv()],
  });
  const { bootstrapService } = await import('@lienthong/runtime');
  const { OrchestratorModule, SERVICE } = await import('./orchestrator.module');
  await bootstrapService({ service: SERVICE, module: OrchestratorModule, httpPort: config.HTTP_PORT });
}

void main();
