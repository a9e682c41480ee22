import { Body, Controller, Get, HttpCode, HttpException, Inject, Logger, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { logValue } from '@lienthong/messaging';
import { Database } from '@lienthong/persistence';
import { AuditLog } from '../audit/audit.log';
import { CONSOLE_CONFIG } from '../console.tokens';
import type { ConsoleConfig } from '../console.config';
import { CurrentSession, Public } from '../web/access.decorators';
import { checkOrigin } from '../web/access.guard';
import { type ConsoleRequest, type ConsoleResponse, SESSION_COOKIE, cookiesOf, sessionCookie } from '../web/http';
import { type LoginLimitScope, LoginRateLimiter } from './login.rate-limiter';
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
    private readonly db: Database,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /**
   * Public, so it has no session CSRF token to check; it is protected instead by requiring a JSON body (a
   * cross-site form cannot send one without a CORS preflight, which the console never grants) and a same-site
   * Origin. Rate-limited per address and username, and failures per address and per username (LoginRateLimiter).
   */
  @Post('login')
  @Public()
  @HttpCode(200)
  async login(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: ConsoleResponse,
    @Body() body: unknown,
  ): Promise<Record<string, unknown>> {
    checkOrigin(req);
    const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
    // 200 characters, not the 72 bytes new passwords are held to: a password set before that limit must still log in.
    if (typeof username !== 'string' || typeof password !== 'string' || username.length > 64 || password.length > 200) {
      throw new HttpException({ code: 'AUTH.BAD_REQUEST', message: 'send JSON { "username": "…", "password": "…" }' }, 400);
    }
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const limit = this.limiter.attempt(ip, username);
    if (!limit.allowed) {
      const seconds = Math.ceil(limit.retryAfterMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      this.logger.warn(`login for ${logValue(username)} from ${logValue(ip)} refused: over the ${limit.scope} limit for ${seconds} s`);
      throw new HttpException({ code: 'AUTH.RATE_LIMITED', message: `${LIMIT_MESSAGES[limit.scope]}; try again in ${seconds} s` }, 429);
    }
    const user = await this.users.find(username);
    if (!(await verifyPassword(password, user?.passwordHash)) || !user) {
      this.limiter.failed(ip, username);
      // Only a username that exists is written down: people type their password into the username field.
      await this.audit.record({ actor: user?.username ?? UNKNOWN_USER, action: 'login', outcome: 'refused', detail: `from ${ip}` });
      throw new UnauthorizedException({ code: 'AUTH.BAD_CREDENTIALS', message: 'wrong username or password' });
    }
    const { cookieValue, session } = await this.db.transaction(async (tx) => {
      const opened = await this.sessions.create(user.username, user.role, Date.now(), tx);
      await this.audit.record({ actor: user.username, action: 'login', outcome: 'ok', detail: `from ${ip}` }, tx);
      return opened;
    });
    res.setHeader('Set-Cookie', sessionCookie(cookieValue, { secure: this.config.secureCookies }));
    void this.sessions.purgeExpired().catch(() => undefined);
    return view(session);
  }

  @Post('logout')
  @HttpCode(200)
  async logout(
    @Req() req: ConsoleRequest,
    @Res({ passthrough: true }) res: ConsoleResponse,
    @CurrentSession() session: Session,
  ): Promise<Record<string, unknown>> {
    await this.db.transaction(async (tx) => {
      await this.sessions.destroy(cookiesOf(req)[SESSION_COOKIE], tx);
      await this.audit.record({ actor: session.username, action: 'logout', outcome: 'ok' }, tx);
    });
    res.setHeader('Set-Cookie', sessionCookie('', { secure: this.config.secureCookies, maxAgeSeconds: 0 }));
    return { ok: true };
  }

  @Get('session')
  session(@CurrentSession() session: Session): Record<string, unknown> {
    return view(session);
  }
}

/** The actor of a refused login whose username does not exist. */
export const UNKNOWN_USER = '(unknown user)';

const LIMIT_MESSAGES: Record<LoginLimitScope, string> = {
  'address+user': 'too many login attempts for this user from your address',
  address: 'too many failed logins from your address',
  user: 'too many failed logins for this user',
};

function view(session: Session): Record<string, unknown> {
  return { username: session.username, role: session.role, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}
