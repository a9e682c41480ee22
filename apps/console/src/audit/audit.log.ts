import type { Database, Queryable } from '@lienthong/persistence';
import { sha256Of } from './audit.diff';

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
  /** What it was before: `role=viewer`, or for a message body its BodyRecord as JSON (digest and size, no values). */
  readonly before: string | null;
  readonly after: string | null;
  /** Free text: the reason given, the error refused with. */
  readonly detail: string | null;
  /** The bodies `before` and `after` record, while `audit_bodies` still keeps them (see `pruneBodies`). */
  readonly beforeBody?: string | null;
  readonly afterBody?: string | null;
}

/** One entry to append. `bodies`: texts whose digests `before`/`after` record, kept apart in `audit_bodies`. */
export type AuditInput = Omit<AuditEntry, 'id' | 'at' | 'before' | 'after' | 'detail' | 'target' | 'beforeBody' | 'afterBody'> & {
  target?: string;
  before?: string | null;
  after?: string | null;
  detail?: string | null;
  bodies?: readonly string[];
};

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
 * them). Every operator action is recorded whether it succeeded, was refused, or failed: a change together with
 * the change, in its transaction (`tx`), so that both commit or neither does. No personal data goes into it: a
 * message body is recorded by digest, size and changed field names; the body itself is kept beside it in
 * `audit_bodies`, which is not append-only and is pruned after `CONSOLE_AUDIT_BODY_DAYS` (or erased on request).
 */
export class AuditLog {
  constructor(private readonly db: Database) {}

  /** Appends one entry (in `tx` when given, so it commits with the change it describes), and keeps its bodies. */
  async record(entry: AuditInput, tx: Queryable = this.db): Promise<void> {
    const now = Date.now();
    for (const body of new Set(entry.bodies ?? [])) {
      await tx.run(
        'INSERT INTO audit_bodies (sha256, body, kept_at) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO UPDATE SET kept_at = excluded.kept_at',
        [sha256Of(body), body, now],
      );
    }
    await tx.run(
      'INSERT INTO audit_log (at, actor, action, target, outcome, before_body, after_body, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [
        now,
        entry.actor,
        entry.action,
        entry.target ?? null,
        entry.outcome,
        entry.before ?? null,
        entry.after ?? null,
        entry.detail?.slice(0, 4000) ?? null,
      ],
    );
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
    const rows = await this.db.query<Row>(
      `SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    const bodies = await this.bodies(
      rows.flatMap((r) => [digestOf(r.before_body), digestOf(r.after_body)]).filter((d): d is string => d !== undefined),
    );
    return { items: rows.map((row) => withBodies(toEntry(row), bodies)), total: Number(n) };
  }

  /** Erases kept bodies older than `olderThanMs` (the entries keep their digests); returns how many went. */
  pruneBodies(olderThanMs: number): Promise<number> {
    return this.db.run('DELETE FROM audit_bodies WHERE kept_at < $1', [olderThanMs]);
  }

  private async bodies(digests: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(digests)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.query<{ sha256: string; body: string }>(
      `SELECT sha256, body FROM audit_bodies WHERE sha256 IN (${unique.map((_, i) => `$${i + 1}`).join(', ')})`,
      unique,
    );
    return new Map(rows.map((r) => [r.sha256, r.body]));
  }
}

/** The digest a `before`/`after` BodyRecord names, if it is one. */
function digestOf(recorded: string | null): string | undefined {
  if (!recorded?.startsWith('{')) return undefined;
  try {
    const sha256 = (JSON.parse(recorded) as { sha256?: unknown }).sha256;
    return typeof sha256 === 'string' ? sha256 : undefined;
  } catch {
    return undefined;
  }
}

function withBodies(entry: AuditEntry, bodies: ReadonlyMap<string, string>): AuditEntry {
  const before = digestOf(entry.before);
  const after = digestOf(entry.after);
  if (before === undefined && after === undefined) return entry;
  return {
    ...entry,
    beforeBody: before === undefined ? null : (bodies.get(before) ?? null),
    afterBody: after === undefined ? null : (bodies.get(after) ?? null),
  };
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
