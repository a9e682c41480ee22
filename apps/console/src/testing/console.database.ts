import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema } from '@lienthong/persistence/testing';
import { CONSOLE_MIGRATIONS } from '../console.migrations';

/**
 * For a `describe` block: a fresh database with the console's tables, opened before its tests and dropped after
 * them. `makeUrl` is one of `testDatabaseUrls()`; read the database through the returned getter inside tests.
 */
export function useConsoleDatabase(makeUrl: () => string): () => Database {
  let url: string;
  let db: Database;
  beforeAll(async () => {
    url = makeUrl();
    db = createDatabase(url);
    await db.migrate(CONSOLE_MIGRATIONS);
  });
  afterAll(async () => {
    await db.close();
    await dropTestSchema(url);
  });
  return () => db;
}
