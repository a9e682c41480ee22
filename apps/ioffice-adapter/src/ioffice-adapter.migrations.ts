import type { Migration } from '@lienthong/persistence';

/**
 * The adapter's tables. `ioffice_sent_packages`: every package iOffice accepted from the bus, by DocumentId
 * (unique), so that a command handled again never sends the same DocumentId twice, and so that answers
 * (ResponseFor) map back to their dossier or batch. `ioffice_received_packages`: every iOffice docId the bus
 * consumed, written in the same transaction as the outbox row (or dead letter) it caused, so that the same
 * docId delivered twice has its effect once.
 */
export const IOFFICE_ADAPTER_MIGRATIONS: readonly Migration[] = [
  {
    id: 'ioffice-adapter-001-packages',
    sql: `CREATE TABLE ioffice_sent_packages (
      document_id TEXT PRIMARY KEY,
      doc_id TEXT NOT NULL,
      agency_code TEXT NOT NULL,
      to_organ_id TEXT NOT NULL,
      purpose TEXT NOT NULL,
      dossier_code TEXT,
      batch_id TEXT,
      sent_at TEXT NOT NULL,
      recorded_at BIGINT NOT NULL
    );
    CREATE TABLE ioffice_received_packages (
      doc_id TEXT PRIMARY KEY,
      from_organ_id TEXT NOT NULL,
      message_type TEXT NOT NULL,
      outcome TEXT NOT NULL,
      published_type TEXT,
      message_id TEXT,
      note TEXT,
      processed_at BIGINT NOT NULL,
      acknowledged_at BIGINT
    );`,
  },
];
