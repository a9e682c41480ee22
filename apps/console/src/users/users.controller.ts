import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { AuditLog } from '../audit/audit.log';
import type { Role } from '../auth/roles';
import type { Session } from '../auth/session.store';
import { SessionStore } from '../auth/session.store';
import { UserDirectory, type UserView } from '../auth/user.directory';
import { CurrentSession, Requires } from '../web/access.decorators';

/** User administration (admin only): database users; configured users are listed read-only. Every change is audited. */
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
      const user = await this.users.create({ username: username as string, password: password as string, role: role as Role }, session.username);
      await this.audit.record({ actor: session.username, action: 'user.create', target: `user:${user.username}`, outcome: 'ok', after: `role=${user.role}` });
      return user;
    } catch (error) {
      await this.audit.record({ actor: session.username, action: 'user.create', target: `user:${String(username).slice(0, 64)}`, outcome: 'refused', detail: (error as Error).message });
      throw error;
    }
  }

  /** Changes role and/or password; the user's sessions end, so the change applies at once. */
  @Put(':username')
  async update(@Param('username') username: string, @Body() body: unknown, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    const { role, password } = (body ?? {}) as { role?: Role; password?: string };
    try {
      const change = await this.users.update(username, { ...(role !== undefined ? { role } : {}), ...(password !== undefined ? { password } : {}) });
      await this.sessions.destroyUser(username);
      await this.audit.record({
        actor: session.username,
        action: 'user.update',
        target: `user:${username}`,
        outcome: 'ok',
        before: `role=${change.before}`,
        after: `role=${change.after}`,
        detail: password !== undefined ? 'password changed' : null,
      });
      return { username, role: change.after };
    } catch (error) {
      await this.audit.record({ actor: session.username, action: 'user.update', target: `user:${username}`, outcome: 'refused', detail: (error as Error).message });
      throw error;
    }
  }

  @Delete(':username')
  async remove(@Param('username') username: string, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    try {
      const role = await this.users.remove(username);
      await this.sessions.destroyUser(username);
      await this.audit.record({ actor: session.username, action: 'user.delete', target: `user:${username}`, outcome: 'ok', before: `role=${role}` });
      return { ok: true };
    } catch (error) {
      await this.audit.record({ actor: session.username, action: 'user.delete', target: `user:${username}`, outcome: 'refused', detail: (error as Error).message });
      throw error;
    }
  }
}
