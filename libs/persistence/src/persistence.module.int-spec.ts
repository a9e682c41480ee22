import { Test } from '@nestjs/testing';
import { Database, type Migration } from './database';
import { PersistenceModule } from './persistence.module';
import { dropTestSchema, testDatabaseUrls } from './testing';

const fromMessaging: Migration = { id: 'messaging-001-inbox', sql: 'CREATE TABLE inbox (id TEXT PRIMARY KEY);' };
const fromProcess: Migration = {
  id: 'process-001-dossier',
  sql: 'CREATE TABLE dossier (id TEXT PRIMARY KEY, inbox_id TEXT REFERENCES inbox (id));',
};

describe.each(testDatabaseUrls())('PersistenceModule on $name', ({ name, url }) => {
  let dbUrl: string;

  beforeEach(() => {
    dbUrl = url();
  });

  afterEach(async () => {
    await dropTestSchema(dbUrl);
  });

  it('provides a migrated Database under the abstract class and closes it on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ url: dbUrl, migrations: [fromProcess, fromMessaging] })],
    }).compile();
    const app = await moduleRef.init();
    const db = app.get(Database);
    expect(db.dialect).toBe(name);
    expect(await db.query('SELECT id FROM schema_migrations ORDER BY id')).toEqual([{ id: fromMessaging.id }, { id: fromProcess.id }]);
    await app.close();
    await expect(db.ping()).rejects.toMatchObject({ code: 'DB.CLOSED' });
  });

  it('falls back to DATABASE_URL', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = dbUrl;
    try {
      const app = await (await Test.createTestingModule({ imports: [PersistenceModule.forRoot()] }).compile()).init();
      await app.get(Database).query('SELECT COUNT(*) AS c FROM schema_migrations');
      await app.close();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('fails startup with the migration error when a migration is broken', async () => {
    const broken: Migration = { id: 'zz-999-broken', sql: 'CREATE TABLE oops (' };
    await expect(
      Test.createTestingModule({ imports: [PersistenceModule.forRoot({ url: dbUrl, migrations: [broken] })] }).compile(),
    ).rejects.toMatchObject({
      code: 'DB.MIGRATION_FAILED',
    });
  });
});
