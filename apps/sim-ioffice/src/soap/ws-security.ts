import { timingSafeEqual } from 'crypto';
import { EdocFault } from './edoc.fault';

const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';

/** Credentials the bus authenticates with (`IOFFICE_SYSTEM_ID`, `IOFFICE_SECRET`). */
export interface Credentials {
  systemId: string;
  secret: string;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { $value?: unknown }).$value === 'string')
    return (value as { $value: string }).$value;
  return undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks the WS-Security UsernameToken (PasswordText) in the SOAP headers as parsed by the `soap`
 * package; throws AUTH_FAILED with the reason otherwise.
 */
export function checkUsernameToken(headers: unknown, expected: Credentials): void {
  const security = (headers as { Security?: { UsernameToken?: Record<string, unknown> } } | undefined)?.Security;
  const token = security?.UsernameToken;
  if (!token) throw new EdocFault('AUTH_FAILED', 'missing WS-Security UsernameToken');
  const password = token.Password;
  const type = (password as { attributes?: { Type?: string } } | undefined)?.attributes?.Type;
  if (type !== undefined && type !== PASSWORD_TEXT) throw new EdocFault('AUTH_FAILED', 'only PasswordText UsernameTokens are accepted');
  const username = textOf(token.Username);
  const secret = textOf(password);
  if (username === undefined || secret === undefined) throw new EdocFault('AUTH_FAILED', 'UsernameToken needs Username and Password');
  if (username !== expected.systemId || !sameSecret(secret, expected.secret))
    throw new EdocFault('AUTH_FAILED', 'unknown systemId or wrong secret');
}
