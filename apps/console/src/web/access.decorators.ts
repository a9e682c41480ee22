import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Session } from '../auth/session.store';
import type { Role } from '../auth/roles';
import type { ConsoleRequest } from './http';

export const PUBLIC_ROUTE = 'console:public';
export const REQUIRED_ROLE = 'console:role';

/** No login needed (the login call itself, the UI shell, the signed postal webhook). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The least role that may call this route; without it, `viewer`. */
export const Requires = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, role);

/** The session of the authenticated caller (set by the access guard). */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): Session => {
  const session = ctx.switchToHttp().getRequest<ConsoleRequest>().consoleSession;
  if (!session) throw new Error('CurrentSession used on a public route');
  return session;
});
