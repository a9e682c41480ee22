import type { Database } from './database';
import { parseDatabaseUrl } from './database.url';
import { PostgresDatabase } from './postgres.database';
import { SqliteDatabase } from './sqlite.database';

/** Opens the database a URL names (`sqlite:<path>`, `sqlite::memory:`, `postgres://…`); throws `CONFIG.DATABASE_URL` otherwise. */
export function createDatabase(url: string): Database {
  const config = parseDatabaseUrl(url);
  return config.dialect === 'sqlite' ? new SqliteDatabase(config.file) : new PostgresDatabase(url);
}
