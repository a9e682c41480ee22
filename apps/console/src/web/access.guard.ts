import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasRole, type Role } from '../auth/roles';
import { SessionStore, sameSecret } from '../auth/session.store';
import { UserDirectory } from '../auth/user.directory';
import { CONSOLE_CONFIG } from '../console.tokens';
import type { ConsoleConfig } from '../console.config';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './access.decorators';
import { type ConsoleRequest, SESSION_COOKIE, cookiesOf } from './http';

/** The only routes anyone may call without logging in (health probes of orchestrators and load balancers). */
const ANONYMOUS_PATHS = new Set(['/health/live', '/health/ready']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every HTTP route of the console passes here (a global guard, so it also covers the health and metrics
 * controllers of the runtime library): anonymous only for the two health probes and routes marked `@Public()`;
 * `/metrics` also accepts `Authorization: Bearer <METRICS_TOKEN>`; everything else needs a session with at
 * least the route's role, and state-changing requests need the session's CSRF token in `X-CSRF-Token` and,
 * when the browser sends one, an `Origin` of this very host.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly users: UserDirectory,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // bus handlers: not HTTP, not ours to guard
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    if (ANONYMOUS_PATHS.has(req.path)) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    if (req.path === '/metrics' && this.config.metricsToken && sameSecret(bearerOf(req), this.config.metricsToken)) return true;

    const found = await this.sessions.resolve(cookiesOf(req)[SESSION_COOKIE]);
    // The user's current role, not the one at login: a user removed from the configuration (or demoted there)
    // loses access at the next request, without waiting for the session to expire.
    const user = found && (await this.users.find(found.username));
    if (!found || !user)
      throw new UnauthorizedException({ code: 'AUTH.REQUIRED', message: 'log in first (your session may have expired)' });
    const session = { ...found, role: user.role };
    req.consoleSession = session;
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ?? 'viewer';
    if (!hasRole(session.role, required)) {
      throw new ForbiddenException({
        code: 'AUTH.FORBIDDEN',
        message: `this needs the ${required} role; you are ${session.username} (${session.role})`,
      });
    }
    if (!SAFE_METHODS.has(req.method ?? 'GET')) checkStateChange(req, session.csrfToken);
    return true;
  }
}

/** CSRF defence for a state-changing request of a logged-in user. */
function checkStateChange(req: ConsoleRequest, csrfToken: string): void {
  const given = req.headers['x-csrf-token'];
  if (!sameSecret(typeof given === 'string' ? given : undefined, csrfToken)) {
    throw new ForbiddenException({ code: 'AUTH.CSRF', message: 'missing or wrong X-CSRF-Token; reload the page' });
  }
  checkOrigin(req);
}

/** Refuses a request whose browser-sent `Origin` is another site (the login has no session token to check). */
export function checkOrigin(req: ConsoleRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.headers.host) throw new ForbiddenException({ code: 'AUTH.ORIGIN', message: `requests from ${origin} are not accepted` });
}

function bearerOf(req: ConsoleRequest): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}
