import type { Migration } from '@lienthong/persistence';

/** The orchestrator's tables: one row per dossier (its lifecycle state) and its trace of transitions. */
export const ORCHESTRATOR_MIGRATIONS: readonly Migration[] = [
  {
    id: 'orchestrator-001-dossiers',
    sql: {
      sqlite: `CREATE TABLE dossiers (
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
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dossier_code TEXT NOT NULL,
        message_id TEXT NOT NULL,
        message_type TEXT NOT NULL,
        from_stage TEXT,
        to_stage TEXT,
        note TEXT,
        at BIGINT NOT NULL
      );
      CREATE INDEX dossier_events_code ON dossier_events (dossier_code, id);`,
      postgres: `CREATE TABLE dossiers (
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
        id BIGSERIAL PRIMARY KEY,
        dossier_code TEXT NOT NULL,
        message_id TEXT NOT NULL,
        message_type TEXT NOT NULL,
        from_stage TEXT,
        to_stage TEXT,
        note TEXT,
        at BIGINT NOT NULL
      );
      CREATE INDEX dossier_events_code ON dossier_events (dossier_code, id);`,
    },
  },
];
