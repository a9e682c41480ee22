import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_ENV } from '@lienthong/config';
import { Database, type Migration } from './database';
import { createDatabase } from './database.factory';

/** Options of {@link PersistenceModule.forRoot}. */
export interface PersistenceModuleOptions {
  /** Defaults to `DATABASE_URL` (an empty value counts as unset), then `sqlite:./data/lienthong.db`. */
  readonly url?: string;
  /** Every library's migrations, concatenated; applied in id order before the app starts. */
  readonly migrations?: readonly Migration[];
}

/**
 * Provides `Database` (the abstract class is the injection token) to the whole application.
 * The database is migrated before anything can inject it, and closed in `onApplicationShutdown`,
 * the last shutdown phase, so consumers can still drain work in `onModuleDestroy` /
 * `beforeApplicationShutdown`.
 */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}

  /** Registers the database once, in the root module. */
  static forRoot(options: PersistenceModuleOptions = {}): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: Database,
          useFactory: async (): Promise<Database> => {
            const database = createDatabase(options.url ?? BUS_ENV.DATABASE_URL.read());
            try {
              await database.migrate(options.migrations ?? []);
            } catch (err) {
              await database.close();
              throw err;
            }
            return database;
          },
        },
      ],
      exports: [Database],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
