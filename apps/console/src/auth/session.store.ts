import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database, Queryable } from '@lienthong/persistence';
import type { Role } from './roles';

/** A logged-in user, as the server keeps it (the cookie carries only a signed random id). */
export interface Session {
  readonly username: string;
  readonly role: Role;
  /** Sent back by the browser in `X-CSRF-Token` on every state-changing request. */
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Touch `last_seen_at` at most this often: one write per minute per session, not per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Server-side sessions in `console_sessions`. The cookie value is `<id>.<HMAC(id)>`; the table keeps only
 * SHA-256(id), so reading the database does not hand out live sessions. A session ends after `idleMs`
 * without requests or `maxMs` after login, whichever comes first, or at logout.
 */
export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly secret: string,
    private readonly idleMs: number,
    private readonly maxMs: number,
  ) {}

  /** Opens a session (in `q` when given, so that it exists exactly when the caller's transaction commits). */
  async create(username: string, role: Role, now = Date.now(), q: Queryable = this.db): Promise<{ cookieValue: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const session: Session = {
      username,
      role,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      expiresAt: Math.min(now + this.idleMs, now + this.maxMs),
    };
    await q.run(
      'INSERT INTO console_sessions (id_hash, username, role, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)',
      [hashOf(id), username, role, session.csrfToken, now, session.expiresAt],
    );
    return { cookieValue: `${id}.${this.sign(id)}`, session };
  }

  /** The live session a cookie value names, or undefined (bad signature, unknown, expired). */
  async resolve(cookieValue: string | undefined, now = Date.now()): Promise<Session | undefined> {
    const id = this.verify(cookieValue);
    if (!id) return undefined;
    const [row] = await this.db.query<{
      username: string;
      role: Role;
      csrf_token: string;
      created_at: number;
      last_seen_at: number;
      expires_at: number;
    }>('SELECT username, role, csrf_token, created_at, last_seen_at, expires_at FROM console_sessions WHERE id_hash = $1', [hashOf(id)]);
    if (!row || Number(row.expires_at) <= now) return undefined;
    let expiresAt = Number(row.expires_at);
    if (now - Number(row.last_seen_at) > TOUCH_EVERY_MS) {
      expiresAt = Math.min(now + this.idleMs, Number(row.created_at) + this.maxMs);
      await this.db.run('UPDATE console_sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1', [hashOf(id), now, expiresAt]);
    }
    return { username: row.username, role: row.role, csrfToken: row.csrf_token, createdAt: Number(row.created_at), expiresAt };
  }

  async destroy(cookieValue: string | undefined, q: Queryable = this.db): Promise<void> {
    const id = this.verify(cookieValue);
    if (id) await q.run('DELETE FROM console_sessions WHERE id_hash = $1', [hashOf(id)]);
  }

  /** Ends every session of a user (role changed, password reset, user removed), in `q` when given. */
  async destroyUser(username: string, q: Queryable = this.db): Promise<void> {
    await q.run('DELETE FROM console_sessions WHERE username = $1', [username]);
  }

  async purgeExpired(now = Date.now()): Promise<number> {
    return this.db.run('DELETE FROM console_sessions WHERE expires_at <= $1', [now]);
  }

  private sign(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url');
  }

  private verify(cookieValue: string | undefined): string | undefined {
    if (!cookieValue) return undefined;
    const dot = cookieValue.indexOf('.');
    if (dot <= 0) return undefined;
    const id = cookieValue.slice(0, dot);
    const given = Buffer.from(cookieValue.slice(dot + 1));
    const expected = Buffer.from(this.sign(id));
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Compares two secrets in constant time (for CSRF and bearer tokens). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
