import { ConfigError, Env } from '@lienthong/config';
import { DocumentHosts, ServiceAuth, VerdictSeal, bootstrapService } from '@lienthong/runtime';
import { OrchestratorModule, SERVICE } from './orchestrator.module';

let httpPort: number;
try {
  // The secrets and host list production requires, checked before anything starts: a mistake is one line naming the variable.
  ServiceAuth.fromEnv();
  VerdictSeal.fromEnv();
  DocumentHosts.fromEnv();
  httpPort = new Env().int('HTTP_PORT', 3001, 1, 65535);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`[${SERVICE}] cannot start: ${error.message}`);
  process.exit(1);
}
void bootstrapService({ service: SERVICE, module: OrchestratorModule, httpPort });
