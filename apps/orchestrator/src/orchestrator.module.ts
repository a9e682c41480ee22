import { Module } from '@nestjs/common';
import { Departments, SHARED_ENV, loadDepartments } from '@lienthong/config';
import { MESSAGING_MIGRATIONS, MessagingModule, messagingOptionsFromEnv } from '@lienthong/messaging';
import { PersistenceModule } from '@lienthong/persistence';
import { RuntimeModule } from '@lienthong/runtime';
import { ArchiveBatches } from './archive/archive.batches';
import { ArchiveController } from './archive/archive.controller';
import { BatchStepHandler } from './archive/batch-step.handler';
import { BlobController, BlobStore } from '@lienthong/runtime';
import { OrchestratorBlobs } from './blobs/blob.store';
import { ClaimCheck } from './blobs/claim-check';
import { DossierRepository } from './dossiers/dossier.repository';
import { OnestopHealth } from './health/onestop.health';
import { LifecycleHandlers } from './handlers/lifecycle.handlers';
import { DossierReceivedHandler } from './intake/dossier-received.handler';
import { DossierStepHandler } from './lifecycle/dossier-step.handler';
import { DossierFlow } from './lifecycle/dossier.flow';
import { HeldEvents } from './lifecycle/held.events';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { LifecycleTimers } from './lifecycle/lifecycle.timers';
import { StageEffects } from './lifecycle/stage.effects';
import { ORCHESTRATOR_MIGRATIONS } from './orchestrator.migrations';
import { DmsTrust } from './trust/dms-trust';

export const SERVICE = 'orchestrator';

/** Everything the orchestrator is made of, besides the department table (tests bring their own). */
export const ORCHESTRATOR_PROVIDERS = [
  DossierRepository,
  OrchestratorBlobs,
  ClaimCheck,
  { provide: BlobStore, useExisting: OrchestratorBlobs },
  ArchiveBatches,
  StageEffects,
  LifecycleService,
  HeldEvents,
  DmsTrust,
  DossierFlow,
  LifecycleTimers,
  DossierReceivedHandler,
  LifecycleHandlers,
  DossierStepHandler,
  BatchStepHandler,
];

/** The orchestrator: keeps each dossier's lifecycle and drives it by the department routing table. */
@Module({
  imports: [
    PersistenceModule.forRoot({ migrations: [...MESSAGING_MIGRATIONS, ...ORCHESTRATOR_MIGRATIONS] }),
    MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE)),
    RuntimeModule.forService(SERVICE),
  ],
  controllers: [BlobController, ArchiveController],
  // OnestopHealth needs the runtime's HealthRegistry, which tests running ORCHESTRATOR_PROVIDERS alone do not have.
  providers: [
    { provide: Departments, useFactory: () => loadDepartments(SHARED_ENV.DEPARTMENTS_FILE.read()) },
    ...ORCHESTRATOR_PROVIDERS,
    OnestopHealth,
  ],
})
export class OrchestratorModule {}
