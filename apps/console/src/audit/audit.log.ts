import type { Database, Queryable } from '@lienthong/persistence';

/** What happened to the thing acted on. */
export type AuditOutcome = 'ok' | 'refused' | 'failed';

/** One operator action, as recorded. */
export interface AuditEntry {
  readonly id: number;
  readonly at: number;
  /** Who: a console username, or `cli:<os user>` for the command line. */
  readonly actor: string;
  /** What, e.g. `dead-letter.replay`, `user.create`, `login.failed`. */
  readonly action: string;
  /** On what, e.g. `dead-letter:42`, `user:an`. */
  readonly target: string | null;
  readonly outcome: AuditOutcome;
  readonly before: string | null;
  readonly after: string | null;
  /** Free text: the reason given, the error refused with. */
  readonly detail: string | null;
}

export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly limit?: number;
  readonly offset?: number;
}

interface Row {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  before_body: string | null;
  after_body: string | null;
  detail: string | null;
}

/**
 * The audit trail: append-only (this class has no update or delete, and triggers in the database refuse
 * them). Every operator action is recorded whether it succeeded, was refused, or failed.
 */
export class AuditLog {
  constructor(private readonly db: Database) {}

  /** Appends one entry (in `tx` when given, so it commits with the change it describes). */
  async record(entry: Omit<AuditEntry, 'id' | 'at' | 'before' | 'after' | 'detail' | 'target'> & { target?: string; before?: string | null; after?: string | null; detail?: string | null }, tx: Queryable = this.db): Promise<void> {
    await tx.run('INSERT INTO audit_log (at, actor, action, target, outcome, before_body, after_body, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      Date.now(),
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.outcome,
      entry.before ?? null,
      entry.after ?? null,
      entry.detail?.slice(0, 4000) ?? null,
    ]);
  }

  /** Newest first, with the total for paging. */
  async list(filter: AuditFilter = {}): Promise<{ items: AuditEntry[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (column: string, value: string | undefined): void => {
      if (!value) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    add('actor', filter.actor);
    add('action', filter.action);
    add('target', filter.target);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = await this.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log ${clause}`, params);
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
    const offset = Math.max(filter.offset ?? 0, 0);
    const rows = await this.db.query<Row>(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, limit, offset]);
    return { items: rows.map(toEntry), total: Number(n) };
  }
}

function toEntry(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    at: Number(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    before: row.before_body,
    after: row.after_body,
    detail: row.detail,
  };
}
