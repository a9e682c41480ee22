import { dirname } from 'node:path';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { BUS_ENV } from '@lienthong/config';
import { Database, SqliteDatabase } from '@lienthong/persistence';
import { diskCheck } from './blobs/blob-disk.check';
import { HealthRegistry } from './health.registry';

/**
 * Adds the `databaseDisk` readiness check when the service's database is a SQLite file: its file system must have
 * `DATABASE_MIN_FREE_MB` free. A full disk makes every write fail with "database or disk is full", which the bus
 * retries; readiness says which disk and which file, so that an operator frees it before retries run out.
 */
@Injectable()
export class DatabaseDiskHealth implements OnApplicationBootstrap {
  constructor(
    private readonly db: Database,
    private readonly registry: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const db = this.db;
    if (!(db instanceof SqliteDatabase) || db.file === ':memory:') return;
    const minFreeMb = BUS_ENV.DATABASE_MIN_FREE_MB.read();
    const names = {
      what: `the SQLite database ${db.file}`,
      minVariable: 'DATABASE_MIN_FREE_MB',
      remedy: 'free space on that disk or move DATABASE_URL',
    };
    this.registry.register('databaseDisk', () => diskCheck(dirname(db.file), minFreeMb, names));
  }
}
