import { Module } from '@nestjs/common';
import { Departments, loadDepartments } from '@lienthong/config';
import { MESSAGING_MIGRATIONS, MessagingModule, messagingOptionsFromEnv } from '@lienthong/messaging';
import { PersistenceModule } from '@lienthong/persistence';
import { RuntimeModule } from '@lienthong/runtime';
import { DossierRepository } from './dossiers/dossier.repository';
import { DossierReceivedHandler } from './intake/dossier-received.handler';
import { ORCHESTRATOR_MIGRATIONS } from './orchestrator.migrations';

export const SERVICE = 'orchestrator';

/** The orchestrator: keeps each dossier's lifecycle and drives it by the department routing table. */
@Module({
  imports: [
    PersistenceModule.forRoot({ migrations: [...MESSAGING_MIGRATIONS, ...ORCHESTRATOR_MIGRATIONS] }),
    MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE)),
    RuntimeModule.forService(SERVICE),
  ],
  providers: [
    { provide: Departments, useFactory: () => loadDepartments(process.env.DEPARTMENTS_FILE ?? 'config/departments.yaml') },
    DossierRepository,
    DossierReceivedHandler,
  ],
})
export class OrchestratorModule {}
