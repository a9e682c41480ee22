import { existsSync } from 'node:fs';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ConfigError, Departments, IOFFICE_ADAPTER_ENV, loadDepartments } from '@lienthong/config';
import { MESSAGING_MIGRATIONS, type MessagingOptions, MessagingModule, messagingOptionsFromEnv } from '@lienthong/messaging';
import { PersistenceModule } from '@lienthong/persistence';
import { RuntimeModule } from '@lienthong/runtime';
import { AdapterMetrics } from './adapter.metrics';
import { BlobController } from '@lienthong/runtime';
import { BlobStore, ServiceAuth } from '@lienthong/runtime';
import { DmsPort } from './dms/dms.port';
import { SignatureVerifier } from './edxml/signature.verifier';
import { TrustAnchors } from './edxml/trust-anchors';
import { IofficeHealth } from './ioffice/ioffice.health';
import { IOfficeSoapAdapter } from './ioffice/ioffice.soap-adapter';
import { AdapterConfig, DEFAULT_REVOCATION, adapterConfigFromEnv } from './ioffice-adapter.config';
import { IOFFICE_ADAPTER_MIGRATIONS } from './ioffice-adapter.migrations';
import { OrganDirectory } from './organ.directory';
import { RevocationChecker } from './pki/revocation.checker';
import { RevocationHealth } from './pki/revocation.health';
import { IofficePoller } from './receiving/ioffice.poller';
import { ReceivedPackageProcessor } from './receiving/received-package.processor';
import { ReceivedPackageRepository } from './receiving/received-package.repository';
import { AttachmentFetcher } from './sending/attachment.fetcher';
import { DmsSendRequestedHandler } from './sending/dms-send-requested.handler';
import { SentPackageRepository } from './sending/sent-package.repository';

export const SERVICE = 'ioffice-adapter';

/**
 * The trust anchors, checked once at start-up: a file that exists but is refused (not PEM, a certificate that is not
 * a CA) stops start-up naming `TRUST_ANCHORS`; a missing one is a warning (the simulator may write it later), and
 * decisions are announced unverified until it appears.
 */
function checkedAnchors(file: string): TrustAnchors {
  const anchors = new TrustAnchors(file);
  const loaded = anchors.load();
  if (!loaded.ok) {
    if (existsSync(file)) throw new ConfigError(loaded.reason);
    new Logger('TrustAnchors').warn(
      `${loaded.reason}; until it exists, every numbered decision is announced with signature.verified=false`,
    );
  }
  return anchors;
}

/** This service is the one that checks signers: it says at start-up which departments name none. */
function withWarningsLogged(departments: Departments): Departments {
  const logger = new Logger('Departments');
  for (const warning of departments.warnings) logger.warn(warning);
  return departments;
}

/** Overrides for tests; a deployment configures everything through the environment. */
export interface IofficeAdapterOptions {
  readonly service?: string;
  readonly databaseUrl?: string;
  readonly messaging?: Partial<MessagingOptions>;
  readonly config?: AdapterConfig;
}

/**
 * The VNPT-iOffice adapter: sends the orchestrator's packages to department iOffice (`dms.send-requested`)
 * and polls iOffice for status packages and numbered decisions (`dms.status-received`,
 * `dms.decision-received`), behind the `DmsPort`.
 */
@Module({})
export class IofficeAdapterModule {
  static forRoot(options: IofficeAdapterOptions = {}): DynamicModule {
    const service = options.service ?? SERVICE;
    return {
      module: IofficeAdapterModule,
      imports: [
        PersistenceModule.forRoot({ url: options.databaseUrl, migrations: [...MESSAGING_MIGRATIONS, ...IOFFICE_ADAPTER_MIGRATIONS] }),
        // Handlers call iOffice inside their transaction: one message per transaction, so that a slow SendEdoc holds
        // only its own message and a failure never makes the transport run other messages' sends again.
        MessagingModule.forRoot({
          ...messagingOptionsFromEnv(service, undefined, { batchSize: IOFFICE_ADAPTER_ENV.BUS_BATCH_SIZE.read() }),
          ...options.messaging,
          service,
        }),
        RuntimeModule.forService(service),
      ],
      controllers: [BlobController],
      providers: [
        { provide: AdapterConfig, useFactory: () => options.config ?? adapterConfigFromEnv() },
        {
          provide: Departments,
          useFactory: (config: AdapterConfig) => withWarningsLogged(loadDepartments(config.departmentsFile)),
          inject: [AdapterConfig],
        },
        {
          provide: OrganDirectory,
          useFactory: (d: Departments, config: AdapterConfig) => new OrganDirectory(d, config.centerOrganId),
          inject: [Departments, AdapterConfig],
        },
        { provide: IOfficeSoapAdapter, useFactory: (config: AdapterConfig) => new IOfficeSoapAdapter(config), inject: [AdapterConfig] },
        { provide: DmsPort, useExisting: IOfficeSoapAdapter },
        { provide: BlobStore, useFactory: (config: AdapterConfig) => new BlobStore(config.blobDir), inject: [AdapterConfig] },
        {
          provide: RevocationChecker,
          useFactory: (config: AdapterConfig) => new RevocationChecker(config.revocation ?? DEFAULT_REVOCATION),
          inject: [AdapterConfig],
        },
        {
          provide: SignatureVerifier,
          useFactory: (config: AdapterConfig, revocation: RevocationChecker) =>
            new SignatureVerifier(checkedAnchors(config.trustAnchorsFile), revocation),
          inject: [AdapterConfig, RevocationChecker],
        },
        {
          provide: AttachmentFetcher,
          useFactory: (config: AdapterConfig, auth: ServiceAuth) =>
            new AttachmentFetcher(config.fetchTimeoutMs, config.maxDocumentBytes, auth, [
              config.publicBaseUrl,
              ...(config.orchestratorUrl ? [config.orchestratorUrl] : []),
            ]),
          inject: [AdapterConfig, ServiceAuth],
        },
        AdapterMetrics,
        SentPackageRepository,
        ReceivedPackageRepository,
        DmsSendRequestedHandler,
        ReceivedPackageProcessor,
        IofficePoller,
        IofficeHealth,
        RevocationHealth,
      ],
    };
  }
}
