import type { Migration } from '@lienthong/persistence';

const id = { sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT', postgres: 'BIGSERIAL PRIMARY KEY' };
const both = (sql: (d: 'sqlite' | 'postgres') => string) => ({ sqlite: sql('sqlite'), postgres: sql('postgres') });

/** Tables of the messaging library: inbox (dedupe), outbox (publish after commit), dead-letter store. */
export const MESSAGING_MIGRATIONS: readonly Migration[] = [
  {
    id: 'messaging-001-inbox',
    // WITHOUT ROWID on SQLite: the primary key is the table, one B-tree fewer to write per message.
    sql: both(
      (d) => `CREATE TABLE inbox (
      message_id TEXT NOT NULL,
      consumer TEXT NOT NULL,
      received_at BIGINT NOT NULL,
      PRIMARY KEY (message_id, consumer)
    )${d === 'sqlite' ? ' WITHOUT ROWID' : ''};
    CREATE INDEX inbox_received_at ON inbox (received_at);`,
    ),
  },
  {
    id: 'messaging-002-outbox',
    sql: both(
      (d) => `CREATE TABLE outbox (
      id ${id[d]},
      producer TEXT NOT NULL,
      message_id TEXT NOT NULL UNIQUE,
      exchange TEXT NOT NULL,
      routing_key TEXT NOT NULL,
      body TEXT NOT NULL,
      properties TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      sent_at BIGINT,
      unroutable INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    );
    CREATE INDEX outbox_pending ON outbox (producer, id) WHERE sent_at IS NULL;`,
    ),
  },
  {
    id: 'messaging-003-dead-letters',
    sql: both(
      (d) => `CREATE TABLE dead_letters (
      id ${id[d]},
      message_id TEXT NOT NULL,
      queue TEXT NOT NULL,
      routing_key TEXT NOT NULL,
      correlation_id TEXT,
      body TEXT NOT NULL,
      body_encoding TEXT NOT NULL,
      properties TEXT NOT NULL,
      error_code TEXT NOT NULL,
      reasons TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      first_failed_at BIGINT NOT NULL,
      last_failed_at BIGINT NOT NULL,
      status TEXT NOT NULL,
      resolved_at BIGINT,
      resolved_by TEXT,
      UNIQUE (message_id, queue)
    );
    CREATE INDEX dead_letters_status ON dead_letters (status, last_failed_at);
    CREATE INDEX dead_letters_correlation ON dead_letters (correlation_id);`,
    ),
  },
  {
    // Size and digest of every dead-lettered body, and whether only its start is kept (a body over MAX_MESSAGE_BYTES).
    id: 'messaging-004-dead-letter-body-facts',
    sql: `ALTER TABLE dead_letters ADD COLUMN body_bytes BIGINT;
    ALTER TABLE dead_letters ADD COLUMN body_sha256 TEXT;
    ALTER TABLE dead_letters ADD COLUMN body_truncated INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX dead_letters_resolved ON dead_letters (resolved_at) WHERE status IN ('replayed', 'discarded');`,
  },
];
