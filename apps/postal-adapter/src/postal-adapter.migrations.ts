import type { Migration } from '@lienthong/persistence';

const id = { sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT', postgres: 'BIGSERIAL PRIMARY KEY' };
const both = (sql: (d: 'sqlite' | 'postgres') => string) => ({ sqlite: sql('sqlite'), postgres: sql('postgres') });

/**
 * The postal adapter's tables, prefixed `postal_` because services may share one database (the default
 * SQLite file): the orders it placed with their current position, every tracking event it took (the
 * deduplication key is the operator's transaction id), and every webhook call it refused.
 */
export const POSTAL_ADAPTER_MIGRATIONS: readonly Migration[] = [
  {
    id: 'postal-adapter-001-orders',
    sql: both(
      (d) => `CREATE TABLE postal_orders (
      order_number TEXT PRIMARY KEY,
      tracking_code TEXT NOT NULL,
      purpose TEXT NOT NULL,
      dossier_code TEXT,
      batch_id TEXT,
      service_code TEXT NOT NULL,
      status_code INTEGER,
      status_name TEXT,
      occurred_at TEXT,
      occurred_at_ms BIGINT,
      settled INTEGER NOT NULL DEFAULT 0,
      last_news_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE INDEX postal_orders_stale ON postal_orders (settled, last_news_at);
    CREATE TABLE postal_tracking_events (
      transaction_id TEXT PRIMARY KEY,
      order_number TEXT NOT NULL,
      status_code INTEGER NOT NULL,
      occurred_at TEXT NOT NULL,
      occurred_at_ms BIGINT NOT NULL,
      source TEXT NOT NULL,
      outcome TEXT NOT NULL,
      message_id TEXT,
      body TEXT NOT NULL,
      received_at BIGINT NOT NULL
    );
    CREATE INDEX postal_tracking_events_order ON postal_tracking_events (order_number, occurred_at_ms);
    CREATE TABLE postal_webhook_rejections (
      id ${id[d]},
      http_status INTEGER NOT NULL,
      reason_code TEXT NOT NULL,
      detail TEXT NOT NULL,
      transaction_id TEXT,
      order_number TEXT,
      remote_address TEXT,
      headers TEXT NOT NULL,
      body TEXT NOT NULL,
      received_at BIGINT NOT NULL
    );
    CREATE INDEX postal_webhook_rejections_at ON postal_webhook_rejections (received_at);`,
    ),
  },
  {
    // Refused callbacks keep the start of their body only: its full size and digest say what the rest was.
    id: 'postal-adapter-002-webhook-rejection-bounds',
    sql: `ALTER TABLE postal_webhook_rejections ADD COLUMN body_bytes BIGINT;
    ALTER TABLE postal_webhook_rejections ADD COLUMN body_sha256 TEXT;`,
  },
];
