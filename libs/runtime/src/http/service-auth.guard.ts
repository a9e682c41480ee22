import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ServiceAuth, type TokenScope } from './service-auth';

const OPEN_ROUTE = 'lienthong:open-route';
const TOKEN_SCOPE = 'lienthong:token-scope';

/**
 * A route anyone may call: health probes, and the postal webhook (it carries its own HMAC signature). Every other
 * route of a bus service needs a bearer token.
 */
export const OpenRoute = (): MethodDecorator & ClassDecorator => SetMetadata(OPEN_ROUTE, true);

/** Besides `SERVICE_TOKEN`, the scoped token that may call this route (`METRICS_TOKEN`, `BLOB_TOKEN`). */
export const AcceptsToken = (scope: TokenScope): MethodDecorator & ClassDecorator => SetMetadata(TOKEN_SCOPE, scope);

interface Request {
  readonly headers: Record<string, string | string[] | undefined>;
}
interface Response {
  setHeader(name: string, value: string): void;
}

/**
 * Every HTTP route of a bus service passes here (a global guard, so routes added later are closed until marked
 * `@OpenRoute()`): `Authorization: Bearer <token>` with `SERVICE_TOKEN`, or the route's scoped token; otherwise 401.
 * A browser cannot add that header to a cross-site form or link, so another site cannot make a logged-in
 * operator's browser dispatch a batch or read a document.
 */
@Injectable()
export class ServiceAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: ServiceAuth,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true; // bus handlers: not HTTP
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OPEN_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const scope = this.reflector.getAllAndOverride<TokenScope | undefined>(TOKEN_SCOPE, targets);
    if (this.auth.allows(bearerOf(http.getRequest<Request>()), scope)) return true;
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="lienthong"');
    throw new UnauthorizedException({
      code: 'AUTH.REQUIRED',
      message: `this route needs Authorization: Bearer <SERVICE_TOKEN>${scope ? ` (or <${scope === 'metrics' ? 'METRICS_TOKEN' : 'BLOB_TOKEN'}>)` : ''}`,
    });
  }
}

function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer[ ]+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}
