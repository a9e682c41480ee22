import type { Database } from '@lienthong/persistence';

/**
 * Whether a table exists in the shared database. The console reads tables other services own (`dossiers`,
 * `archive_batches`…), which exist only once those services have migrated this database.
 */
export async function tableExists(db: Database, table: string): Promise<boolean> {
  if (db.dialect === 'sqlite') {
    return (await db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = $1", [table])).length > 0;
  }
  // to_regclass follows search_path, so a `?schema=` database finds its own tables.
  const [row] = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
  return row?.t != null;
}

/** Column names of a table (empty when it does not exist). */
export async function columnsOf(db: Database, table: string): Promise<string[]> {
  if (db.dialect === 'sqlite') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) return [];
    return (await db.query<{ name: string }>(`PRAGMA table_info(${table})`)).map((r) => r.name);
  }
  const rows = await db.query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = ANY (current_schemas(false)) ORDER BY ordinal_position',
    [table],
  );
  return rows.map((r) => r.column_name);
}
