import type { Database, Queryable } from '@lienthong/persistence';

/** How well the audit trail is protected against schema changes in this database. */
export interface AuditGuardState {
  /** True when DROP, ALTER, TRUNCATE and trigger changes on `audit_log` are refused by the database itself. */
  readonly guarded: boolean;
  /** True when more protection is possible than is in place (PostgreSQL without the event triggers): worth a warning. */
  readonly incomplete: boolean;
  /** What protects it, or what is missing and how to add it: for the start-up log and `npm run ops -- audit-guard`. */
  readonly detail: string;
}

/** Bumped whenever the guard's SQL changes, so that a console of a newer version installs its own. */
export const AUDIT_GUARD_VERSION = 'lienthong audit guard 1';

const SQLITE_STATE: AuditGuardState = {
  guarded: false,
  incomplete: false,
  detail:
    'SQLite: triggers refuse UPDATE and DELETE on audit_log (SQLite has no TRUNCATE); DROP TABLE and DROP TRIGGER cannot be refused ' +
    'inside SQLite, so protect the database file (owner, permissions, backups) or use PostgreSQL',
};

// The guard is database-wide, in a schema of its own owned by the superuser who installs it: the console's role,
// even when it owns the schema of the bus's tables, can neither drop nor replace it. It protects every audit_log
// of the database (each `?schema=` has one): a table is an audit table when a trigger named as the console names
// them, or running its append-only function, guards it; two anchors, so renaming either is itself refused.
// Dropping a whole schema stays possible (decommissioning, and what tests do); so does what only adds a guard
// (the console's own migrations). Any other failure inside the guard lets the command through with a warning:
// a bug here must never stop unrelated DDL in a shared database.
const INSTALL: readonly string[] = [
  "SELECT pg_advisory_xact_lock(hashtext('lienthong_audit_guard'))",
  'CREATE SCHEMA IF NOT EXISTS lienthong_audit_guard',
  `CREATE OR REPLACE FUNCTION lienthong_audit_guard.on_ddl() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cmd record;
  target oid;
  refused text;
BEGIN
  FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
    BEGIN
      target := NULL;
      IF cmd.classid = 'pg_class'::regclass THEN
        target := cmd.objid;
      ELSIF cmd.classid = 'pg_trigger'::regclass THEN
        SELECT t.tgrelid INTO target FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
          WHERE t.oid = cmd.objid AND NOT (tg_tag = 'CREATE TRIGGER' AND p.proname = 'audit_log_append_only');
      ELSIF cmd.classid = 'pg_rewrite'::regclass THEN
        SELECT r.ev_class INTO target FROM pg_rewrite r WHERE r.oid = cmd.objid;
      ELSIF cmd.classid = 'pg_proc'::regclass THEN
        SELECT t.tgrelid INTO target FROM pg_trigger t WHERE t.tgfoid = cmd.objid LIMIT 1;
      END IF;
      IF target IS NOT NULL AND EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
          WHERE t.tgrelid = target AND (t.tgname IN ('audit_log_no_change', 'audit_log_no_truncate') OR p.proname = 'audit_log_append_only')) THEN
        refused := cmd.object_identity;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'lienthong audit guard could not check % on %: %', tg_tag, cmd.object_identity, SQLERRM;
    END;
    IF refused IS NOT NULL THEN
      RAISE EXCEPTION 'audit_log is append-only: % on % is refused', tg_tag, refused USING ERRCODE = 'insufficient_privilege';
    END IF;
  END LOOP;
END $$`,
  `CREATE OR REPLACE FUNCTION lienthong_audit_guard.on_drop() RETURNS event_trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  refused text;
BEGIN
  BEGIN
    SELECT o.object_identity INTO refused FROM pg_event_trigger_dropped_objects() o
      WHERE ((o.object_type = 'trigger' AND (o.object_identity LIKE 'audit\\_log\\_no\\_change on %' OR o.object_identity LIKE 'audit\\_log\\_no\\_truncate on %'))
          OR (o.object_type = 'function' AND o.object_identity LIKE '%.audit\\_log\\_append\\_only()'))
        AND NOT EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects() s WHERE s.object_type = 'schema' AND s.object_identity = quote_ident(o.schema_name))
      LIMIT 1;
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'lienthong audit guard could not check %: %', tg_tag, SQLERRM;
  END;
  IF refused IS NOT NULL THEN
    RAISE EXCEPTION 'audit_log is append-only: % is refused (it drops %)', tg_tag, refused USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$`,
  `COMMENT ON FUNCTION lienthong_audit_guard.on_ddl() IS '${AUDIT_GUARD_VERSION}'`,
  `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'lienthong_audit_guard_ddl') THEN
    CREATE EVENT TRIGGER lienthong_audit_guard_ddl ON ddl_command_end
      WHEN TAG IN ('ALTER TABLE', 'CREATE TRIGGER', 'ALTER TRIGGER', 'CREATE RULE', 'CREATE FUNCTION', 'ALTER FUNCTION')
      EXECUTE FUNCTION lienthong_audit_guard.on_ddl();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'lienthong_audit_guard_drop') THEN
    CREATE EVENT TRIGGER lienthong_audit_guard_drop ON sql_drop EXECUTE FUNCTION lienthong_audit_guard.on_drop();
  END IF;
END $$`,
];

/** True when both event triggers of this version are installed and enabled in this database. */
export async function auditGuardInstalled(q: Queryable): Promise<boolean> {
  const rows = await q.query<{ evtname: string; version: string | null }>(
    `SELECT e.evtname, obj_description(e.evtfoid, 'pg_proc') AS version FROM pg_event_trigger e
      WHERE e.evtname IN ('lienthong_audit_guard_ddl', 'lienthong_audit_guard_drop') AND e.evtenabled <> 'D'`,
  );
  return rows.length === 2 && rows.some((r) => r.evtname === 'lienthong_audit_guard_ddl' && r.version === AUDIT_GUARD_VERSION);
}

/** Installs (or upgrades) the guard in `tx`; needs a superuser (PostgreSQL reserves event triggers to them). */
export async function installAuditGuard(tx: Queryable): Promise<void> {
  for (const statement of INSTALL) await tx.query(statement);
}

/** What to say when installing failed with `error`; rethrows what is not a matter of privilege. */
export function guardStateAfter(error: unknown): AuditGuardState {
  if (driverCodeOf(error) !== '42501') throw error;
  return {
    guarded: false,
    incomplete: true,
    detail:
      'audit_log refuses UPDATE, DELETE and TRUNCATE, but DROP TABLE, ALTER TABLE and DROP TRIGGER on it are not refused: ' +
      'only a PostgreSQL superuser can install the event triggers that refuse them. Run once with a superuser: ' +
      'DATABASE_URL=postgres://<superuser>@<host>/<database>[?schema=…] npm run ops -- audit-guard',
  };
}

/**
 * Makes sure the database refuses changes to the audit trail's table as far as this role can: on PostgreSQL,
 * installs the event triggers when the role may (a superuser) and says what is missing otherwise.
 */
export async function ensureAuditGuard(db: Database): Promise<AuditGuardState> {
  if (db.dialect === 'sqlite') return SQLITE_STATE;
  const installed: AuditGuardState = {
    guarded: true,
    incomplete: false,
    detail:
      'audit_log refuses UPDATE, DELETE and TRUNCATE (triggers) and DROP, ALTER and trigger changes (event triggers lienthong_audit_guard_*)',
  };
  if (await auditGuardInstalled(db)) return installed;
  try {
    await db.transaction((tx) => installAuditGuard(tx));
    return installed;
  } catch (error) {
    return guardStateAfter(error);
  }
}

function driverCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { driverCode?: unknown; code?: unknown }).driverCode ?? (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
