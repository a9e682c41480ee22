import type { Migration } from '@lienthong/persistence';

const id = { sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT', postgres: 'BIGSERIAL PRIMARY KEY' };

/** The audit trail's table; each dialect adds its own way of refusing UPDATE and DELETE. */
const auditLog = (idColumn: string): string => `CREATE TABLE audit_log (
        id ${idColumn},
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        before_body TEXT,
        after_body TEXT,
        detail TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_target ON audit_log (target, id);`;

/**
 * The console's tables: users managed from the UI (besides the configured ones), server-side sessions, and
 * the audit trail. The audit trail is append-only in the database itself (triggers refuse UPDATE, DELETE and, on
 * PostgreSQL, TRUNCATE), not only in the code, so no bug or later feature can rewrite history.
 */
export const CONSOLE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'console-001-users-sessions',
    sql: `CREATE TABLE console_users (
      username TEXT PRIMARY KEY,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      created_by TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE TABLE console_sessions (
      id_hash TEXT PRIMARY KEY,
      username TEXT NOT NULL,
      role TEXT NOT NULL,
      csrf_token TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      last_seen_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE INDEX console_sessions_user ON console_sessions (username);
    CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);`,
  },
  {
    id: 'console-002-audit-log',
    sql: {
      sqlite: `${auditLog(id.sqlite)}
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`,
      postgres: `${auditLog(id.postgres)}
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();`,
    },
  },
  {
    // Bodies an audit entry refers to by digest (audit_log keeps digests and field names, never the bodies, which
    // carry personal data): erasable, kept CONSOLE_AUDIT_BODY_DAYS. On PostgreSQL, TRUNCATE of audit_log is refused
    // too (SQLite has no TRUNCATE); DROP and ALTER are refused by event triggers where the role may create them
    // (audit/audit.guard.ts).
    id: 'console-003-audit-bodies',
    sql: {
      sqlite: `CREATE TABLE audit_bodies (
        sha256 TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        kept_at BIGINT NOT NULL
      );
      CREATE INDEX audit_bodies_kept_at ON audit_bodies (kept_at);`,
      postgres: `CREATE TABLE audit_bodies (
        sha256 TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        kept_at BIGINT NOT NULL
      );
      CREATE INDEX audit_bodies_kept_at ON audit_bodies (kept_at);
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();`,
    },
  },
];
