import { Env } from '@lienthong/config';
import { bootstrapService } from '@lienthong/runtime';
import { OrchestratorModule, SERVICE } from './orchestrator.module';

void bootstrapService({ service: SERVICE, module: OrchestratorModule, httpPort: new Env().int('HTTP_PORT', 3001, 1, 65535) });
