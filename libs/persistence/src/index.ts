/**
 * The small data-access layer: one `Database` per process, chosen by `DATABASE_URL`
 * (SQLite by default, PostgreSQL for deployments), portable SQL with `$n` parameters,
 * async transactions with savepoints, and id-ordered migrations.
 * Test helpers live in `@lienthong/persistence/testing` so production code never loads them.
 */
export { Database, type Dialect, type Migration, type Queryable, type Row, type Transaction } from './database';
export { DatabaseError, isTransientDbError, isUniqueViolation, type DatabaseErrorCode } from './database.errors';
export { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseConfig } from './database.url';
export { createDatabase } from './database.factory';
export { SqliteDatabase } from './sqlite.database';
export { PostgresDatabase, type PostgresOptions } from './postgres.database';
export { PersistenceModule, type PersistenceModuleOptions } from './persistence.module';
export { rewritePlaceholders, type RewrittenSql } from './placeholders';
