import type { Migration } from '@lienthong/persistence';

/** The orchestrator's tables: one row per dossier (its lifecycle state) and its trace of transitions. */
export const ORCHESTRATOR_MIGRATIONS: readonly Migration[] = [
  {
    id: 'orchestrator-001-dossiers',
    sql: { sqlite: dossiers('INTEGER PRIMARY KEY AUTOINCREMENT'), postgres: dossiers('BIGSERIAL PRIMARY KEY') },
  },
  {
    id: 'orchestrator-002-lifecycle',
    sql: { sqlite: lifecycle('INTEGER PRIMARY KEY AUTOINCREMENT'), postgres: lifecycle('BIGSERIAL PRIMARY KEY') },
  },
];

/** One row per dossier and its trace of transitions. */
function dossiers(id: string): string {
  return `CREATE TABLE dossiers (
        dossier_code TEXT PRIMARY KEY,
        agency_code TEXT NOT NULL,
        procedure_code TEXT NOT NULL,
        stage TEXT NOT NULL,
        previous_stage TEXT,
        return_method TEXT NOT NULL,
        received_at TEXT NOT NULL,
        due_at TEXT NOT NULL,
        due_at_ms BIGINT NOT NULL,
        data TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX dossiers_agency_stage ON dossiers (agency_code, stage);
      CREATE INDEX dossiers_due ON dossiers (due_at_ms);
      CREATE TABLE dossier_events (
        id ${id},
        dossier_code TEXT NOT NULL,
        message_id TEXT NOT NULL,
        message_type TEXT NOT NULL,
        from_stage TEXT,
        to_stage TEXT,
        note TEXT,
        at BIGINT NOT NULL
      );
      CREATE INDEX dossier_events_code ON dossier_events (dossier_code, id);`;
}

/** Facts, closing reason, held (out-of-order) events, archive-handover batches. */
function lifecycle(id: string): string {
  return `ALTER TABLE dossiers ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE dossiers ADD COLUMN closed_reason TEXT;
      CREATE TABLE held_events (
        id ${id},
        dossier_code TEXT NOT NULL,
        message_id TEXT NOT NULL UNIQUE,
        message_type TEXT NOT NULL,
        producer TEXT NOT NULL,
        body TEXT NOT NULL,
        reason TEXT NOT NULL,
        held_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX held_events_dossier ON held_events (dossier_code, id);
      CREATE INDEX held_events_expiry ON held_events (expires_at);
      CREATE TABLE archive_batches (
        batch_id TEXT PRIMARY KEY,
        agency_code TEXT NOT NULL,
        state TEXT NOT NULL,
        dossier_count INTEGER NOT NULL,
        delivered INTEGER NOT NULL DEFAULT 0,
        acknowledged INTEGER NOT NULL DEFAULT 0,
        order_number TEXT,
        tracking_code TEXT,
        manifest_sha256 TEXT,
        created_at BIGINT NOT NULL,
        dispatched_at BIGINT,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX archive_batches_agency_state ON archive_batches (agency_code, state);
      CREATE TABLE archive_batch_items (
        batch_id TEXT NOT NULL,
        dossier_code TEXT NOT NULL PRIMARY KEY,
        added_at BIGINT NOT NULL
      );
      CREATE INDEX archive_batch_items_batch ON archive_batch_items (batch_id);`;
}
