import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '@lienthong/persistence';
import { DatabaseDiskHealth } from './database-disk.health';
import { HealthRegistry } from './health.registry';

describe('DatabaseDiskHealth', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-dbdisk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a databaseDisk readiness check naming the SQLite file, for a SQLite file only', async () => {
    const db = new SqliteDatabase(join(dir, 'bus.db'));
    const registry = new HealthRegistry();
    new DatabaseDiskHealth(db, registry).onApplicationBootstrap();
    const check = registry.entries().get('databaseDisk');
    expect(check).toBeDefined();
    const result = await check!();
    expect(result.up).toBe(true);
    expect(result.details).toMatchObject({ dir, minFreeMb: 64 });
    await db.close();

    const memory = new SqliteDatabase(':memory:');
    const none = new HealthRegistry();
    new DatabaseDiskHealth(memory, none).onApplicationBootstrap();
    expect(none.entries().has('databaseDisk')).toBe(false);
    await memory.close();
  });
});
