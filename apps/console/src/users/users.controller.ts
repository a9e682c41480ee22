import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { BusError, describeError } from '@lienthong/messaging';
import { AuditLog } from '../audit/audit.log';
import type { Role } from '../auth/roles';
import type { Session } from '../auth/session.store';
import { SessionStore } from '../auth/session.store';
import { UserDirectory, type UserView } from '../auth/user.directory';
import { CurrentSession, Requires } from '../web/access.decorators';

/** User administration (admin only): database users; configured users are listed read-only. Every change is audited in its own transaction. */
@Controller('api/users')
@Requires('admin')
export class UsersController {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  async list(): Promise<{ users: UserView[] }> {
    return { users: await this.users.list() };
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @CurrentSession() session: Session): Promise<UserView> {
    const { username, password, role } = (body ?? {}) as { username?: string; password?: string; role?: Role };
    try {
      return await this.users.create(
        { username: username as string, password: password as string, role: role as Role },
        session.username,
        (tx, user) =>
          this.audit.record(
            { actor: session.username, action: 'user.create', target: `user:${user.username}`, outcome: 'ok', after: `role=${user.role}` },
            tx,
          ),
      );
    } catch (error) {
      await this.refused('user.create', session, `user:${String(username).slice(0, 64)}`, error);
      throw error;
    }
  }

  /** Changes role and/or password; the user's sessions end in the same transaction, so the change applies at once. */
  @Put(':username')
  async update(
    @Param('username') username: string,
    @Body() body: unknown,
    @CurrentSession() session: Session,
  ): Promise<Record<string, unknown>> {
    const { role, password } = (body ?? {}) as { role?: Role; password?: string };
    try {
      const change = await this.users.update(
        username,
        { ...(role !== undefined ? { role } : {}), ...(password !== undefined ? { password } : {}) },
        async (tx, c) => {
          await this.sessions.destroyUser(username, tx);
          await this.audit.record(
            {
              actor: session.username,
              action: 'user.update',
              target: `user:${username}`,
              outcome: 'ok',
              before: `role=${c.before}`,
              after: `role=${c.after}`,
              detail: password !== undefined ? 'password changed' : null,
            },
            tx,
          );
        },
      );
      return { username, role: change.after };
    } catch (error) {
      await this.refused('user.update', session, `user:${username}`, error);
      throw error;
    }
  }

  @Delete(':username')
  async remove(@Param('username') username: string, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    try {
      await this.users.remove(username, async (tx, role) => {
        await this.sessions.destroyUser(username, tx);
        await this.audit.record(
          { actor: session.username, action: 'user.delete', target: `user:${username}`, outcome: 'ok', before: `role=${role}` },
          tx,
        );
      });
      return { ok: true };
    } catch (error) {
      await this.refused('user.delete', session, `user:${username}`, error);
      throw error;
    }
  }

  /** A change that did not happen (refused, or its transaction failed) is recorded on its own: there is no change to commit with. */
  private async refused(action: string, session: Session, target: string, error: unknown): Promise<void> {
    const outcome = error instanceof BusError ? 'refused' : 'failed';
    await this.audit.record({ actor: session.username, action, target, outcome, detail: describeError(error) }).catch(() => undefined);
  }
}
