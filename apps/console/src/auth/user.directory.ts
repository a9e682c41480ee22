import { BusError } from '@lienthong/messaging';
import type { Database, Queryable } from '@lienthong/persistence';
import type { ConfiguredUser } from '../console.config';
import { USERNAME } from '../console.config';
import { hashPassword, passwordProblem } from './password';
import { ROLES, type Role } from './roles';

/** A console user as the admin page shows it (never the hash). */
export interface UserView {
  readonly username: string;
  readonly role: Role;
  /** `config`: from CONSOLE_USERS / CONSOLE_USERS_FILE, read-only here; `database`: managed from the console. */
  readonly source: 'config' | 'database';
  readonly createdAt?: number;
  readonly createdBy?: string;
}

/** Work the caller adds to the transaction of a change (its audit entry, ending sessions), so that both commit or neither. */
export type AlsoInTransaction<T> = (tx: Queryable, change: T) => Promise<void>;

const nothing = async (): Promise<void> => undefined;

/**
 * Users from configuration and from the `console_users` table. A configured user wins over a database
 * user of the same name and cannot be changed from the console (change the configuration instead).
 */
export class UserDirectory {
  private readonly configured: ReadonlyMap<string, ConfiguredUser>;

  constructor(
    private readonly db: Database,
    configured: readonly ConfiguredUser[],
  ) {
    this.configured = new Map(configured.map((u) => [u.username, u]));
  }

  async find(username: string): Promise<{ username: string; role: Role; passwordHash: string } | undefined> {
    const fromConfig = this.configured.get(username);
    if (fromConfig) return fromConfig;
    const [row] = await this.db.query<{ username: string; role: Role; password_hash: string }>(
      'SELECT username, role, password_hash FROM console_users WHERE username = $1',
      [username],
    );
    return row ? { username: row.username, role: row.role, passwordHash: row.password_hash } : undefined;
  }

  async list(): Promise<UserView[]> {
    const rows = await this.db.query<{ username: string; role: Role; created_at: number; created_by: string }>(
      'SELECT username, role, created_at, created_by FROM console_users ORDER BY username',
    );
    return [
      ...[...this.configured.values()].map((u) => ({ username: u.username, role: u.role, source: 'config' as const })),
      ...rows
        .filter((r) => !this.configured.has(r.username))
        .map((r) => ({
          username: r.username,
          role: r.role,
          source: 'database' as const,
          createdAt: Number(r.created_at),
          createdBy: r.created_by,
        })),
    ];
  }

  /**
   * Adds a database user. The password is hashed before the transaction (bcrypt takes a tenth of a second, which
   * must not hold SQLite's write lock); `also` runs in the transaction of the insert.
   */
  async create(
    input: { username: string; password: string; role: Role },
    actor: string,
    also: AlsoInTransaction<UserView> = nothing,
  ): Promise<UserView> {
    checkUsername(input.username);
    checkRole(input.role);
    checkPassword(input.password);
    if (this.configured.has(input.username))
      throw new BusError('USER.EXISTS', `user "${input.username}" already exists (in the configuration)`);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      const now = Date.now();
      const inserted = await tx.run(
        'INSERT INTO console_users (username, password_hash, role, created_at, created_by, updated_at) VALUES ($1, $2, $3, $4, $5, $4) ON CONFLICT DO NOTHING',
        [input.username, passwordHash, input.role, now, actor],
      );
      if (inserted === 0) throw new BusError('USER.EXISTS', `user "${input.username}" already exists`);
      const user: UserView = { username: input.username, role: input.role, source: 'database', createdAt: now, createdBy: actor };
      await also(tx, user);
      return user;
    });
  }

  /** Changes the role and/or password of a database user; returns the previous role. `also` runs in the transaction of the change. */
  async update(
    username: string,
    change: { role?: Role; password?: string },
    also: AlsoInTransaction<{ before: Role; after: Role }> = nothing,
  ): Promise<{ before: Role; after: Role }> {
    this.refuseConfigured(username);
    if (change.role !== undefined) checkRole(change.role);
    if (change.password !== undefined) checkPassword(change.password);
    const newHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
    return this.db.transaction(async (tx) => {
      const [current] = await tx.query<{ role: Role; password_hash: string }>(
        'SELECT role, password_hash FROM console_users WHERE username = $1',
        [username],
      );
      if (!current) throw new BusError('USER.NOT_FOUND', `there is no user "${username}"`);
      const role = change.role ?? current.role;
      await tx.run('UPDATE console_users SET role = $2, password_hash = $3, updated_at = $4 WHERE username = $1', [
        username,
        role,
        newHash ?? current.password_hash,
        Date.now(),
      ]);
      const result = { before: current.role, after: role };
      await also(tx, result);
      return result;
    });
  }

  /** Removes a database user; returns its role. `also` runs in the transaction of the removal. */
  async remove(username: string, also: AlsoInTransaction<Role> = nothing): Promise<Role> {
    this.refuseConfigured(username);
    return this.db.transaction(async (tx) => {
      const [current] = await tx.query<{ role: Role }>('DELETE FROM console_users WHERE username = $1 RETURNING role', [username]);
      if (!current) throw new BusError('USER.NOT_FOUND', `there is no user "${username}"`);
      await also(tx, current.role);
      return current.role;
    });
  }

  private refuseConfigured(username: string): void {
    if (this.configured.has(username))
      throw new BusError(
        'USER.CONFIGURED',
        `user "${username}" comes from the configuration (CONSOLE_USERS / CONSOLE_USERS_FILE); change it there`,
      );
  }
}

function checkUsername(username: unknown): void {
  if (typeof username !== 'string' || !USERNAME.test(username))
    throw new BusError('USER.INVALID', 'username must be 1-64 letters, digits, . _ @ or -');
}

function checkRole(role: unknown): void {
  if (!ROLES.includes(role as Role)) throw new BusError('USER.INVALID', `role must be one of ${ROLES.join(', ')}`);
}

function checkPassword(password: unknown): void {
  const problem = passwordProblem(password);
  if (problem) throw new BusError('USER.INVALID', problem);
}
