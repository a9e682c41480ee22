import { DatabaseError } from './database.errors';
import type { Dialect, Migration } from './database';

/** Bookkeeping table; portable DDL so both dialects share it. */
export const MIGRATIONS_TABLE_SQL = 'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)';

export const RECORD_MIGRATION_SQL = 'INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)';

/** A migration resolved for one dialect. */
export interface PlannedMigration {
  readonly id: string;
  readonly sql: string;
}

/** Validates the migrations (ids non-empty and unique, SQL present) and returns them in id order with this dialect's SQL. */
export function planMigrations(migrations: readonly Migration[], dialect: Dialect): PlannedMigration[] {
  const seen = new Set<string>();
  const planned = migrations.map((migration) => {
    if (typeof migration.id !== 'string' || migration.id.trim() === '') {
      throw new DatabaseError(
        'DB.MIGRATION_INVALID',
        'A migration has an empty id; give every migration a unique, sortable id such as "messaging-001-inbox".',
      );
    }
    if (seen.has(migration.id)) {
      throw new DatabaseError(
        'DB.MIGRATION_INVALID',
        `Migration id "${migration.id}" is used twice; every migration passed to migrate() needs its own id.`,
      );
    }
    seen.add(migration.id);
    const sql = typeof migration.sql === 'string' ? migration.sql : migration.sql[dialect];
    if (typeof sql !== 'string' || sql.trim() === '') {
      throw new DatabaseError('DB.MIGRATION_INVALID', `Migration "${migration.id}" has no SQL for ${dialect}.`);
    }
    return { id: migration.id, sql };
  });
  // Plain code-unit order, not locale order: the same on every machine.
  return planned.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Wraps the failure of one migration, naming it and keeping the driver's error. */
export function migrationFailed(id: string, err: unknown): DatabaseError {
  const text = err instanceof Error ? err.message : String(err);
  const driverCode = err instanceof DatabaseError ? err.driverCode : undefined;
  return new DatabaseError('DB.MIGRATION_FAILED', `Migration "${id}" failed and was rolled back: ${text}`, { cause: err, driverCode });
}
