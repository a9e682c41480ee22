import { Body, Controller, Get, HttpCode, HttpException, Inject, Logger, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { AuditLog } from '../audit/audit.log';
import { CONSOLE_CONFIG } from '../console.tokens';
import type { ConsoleConfig } from '../console.config';
import { CurrentSession, Public } from '../web/access.decorators';
import { checkOrigin } from '../web/access.guard';
import { type ConsoleRequest, type ConsoleResponse, SESSION_COOKIE, cookiesOf, sessionCookie } from '../web/http';
import { LoginRateLimiter } from './login.rate-limiter';
import { verifyPassword } from './password';
import { type Session, SessionStore } from './session.store';
import { UserDirectory } from './user.directory';

/** Login, logout and "who am I" (which also hands the page its CSRF token). */
@Controller('api')
export class AuthController {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionStore,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditLog,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /**
   * Public, so it has no session CSRF token to check; it is protected instead by requiring a JSON body (a
   * cross-site form cannot send one without a CORS preflight, which the console never grants) and a same-site
   * Origin. Rate-limited per IP address and username.
   */
  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: ConsoleResponse, @Body() body: unknown): Promise<Record<string, unknown>> {
    checkOrigin(req);
    const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || typeof password !== 'string' || username.length > 64 || password.length > 200) {
      throw new HttpException({ code: 'AUTH.BAD_REQUEST', message: 'send JSON { "username": "…", "password": "…" }' }, 400);
    }
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const limit = this.limiter.hit(`${ip}|${username.toLowerCase()}`);
    if (!limit.allowed) {
      const seconds = Math.ceil(limit.retryAfterMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      this.logger.warn(`login attempts for "${username}" from ${ip} over the limit`);
      throw new HttpException({ code: 'AUTH.RATE_LIMITED', message: `too many login attempts; try again in ${seconds} s` }, 429);
    }
    const user = await this.users.find(username);
    if (!(await verifyPassword(password, user?.passwordHash)) || !user) {
      await this.audit.record({ actor: username.replace(/[^\w.@-]/g, '?'), action: 'login', outcome: 'refused', detail: `from ${ip}` });
      throw new UnauthorizedException({ code: 'AUTH.BAD_CREDENTIALS', message: 'wrong username or password' });
    }
    const { cookieValue, session } = await this.sessions.create(user.username, user.role);
    res.setHeader('Set-Cookie', sessionCookie(cookieValue, { secure: this.config.secureCookies }));
    await this.audit.record({ actor: user.username, action: 'login', outcome: 'ok', detail: `from ${ip}` });
    void this.sessions.purgeExpired().catch(() => undefined);
    return view(session);
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: ConsoleResponse, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    await this.sessions.destroy(cookiesOf(req)[SESSION_COOKIE]);
    res.setHeader('Set-Cookie', sessionCookie('', { secure: this.config.secureCookies, maxAgeSeconds: 0 }));
    await this.audit.record({ actor: session.username, action: 'logout', outcome: 'ok' });
    return { ok: true };
  }

  @Get('session')
  session(@CurrentSession() session: Session): Record<string, unknown> {
    return view(session);
  }
}

function view(session: Session): Record<string, unknown> {
  return { username: session.username, role: session.role, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}
