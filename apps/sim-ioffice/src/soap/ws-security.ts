import { timingSafeEqual } from 'crypto';
import { EdocFault } from './edoc.fault';
import { XmlElement } from '@lienthong/runtime/xml/xml.reader';

const PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';

/** Credentials the bus authenticates with (`IOFFICE_SYSTEM_ID`, `IOFFICE_SECRET`). */
export interface Credentials {
  systemId: string;
  secret: string;
}

/** A WS-Security UsernameToken as the request carried it; a part the token lacks is undefined. */
export interface UsernameToken {
  username?: string;
  password?: string;
  /** The Password's `Type` attribute. */
  passwordType?: string;
}

function childNamed(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return parent?.children.find((c) => c.name === name);
}

/** The `Security/UsernameToken` of a SOAP Header element (elements matched by local name), if there is one. */
export function readUsernameToken(header: XmlElement | undefined): UsernameToken | undefined {
  const token = childNamed(childNamed(header, 'Security'), 'UsernameToken');
  if (!token) return undefined;
  const password = childNamed(token, 'Password');
  return { username: childNamed(token, 'Username')?.text, password: password?.text, passwordType: password?.attributes.get('Type') };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks a WS-Security UsernameToken (PasswordText); throws AUTH_FAILED with the reason otherwise. */
export function checkUsernameToken(token: UsernameToken | undefined, expected: Credentials): void {
  if (!token) throw new EdocFault('AUTH_FAILED', 'missing WS-Security UsernameToken');
  if (token.passwordType !== undefined && token.passwordType !== PASSWORD_TEXT)
    throw new EdocFault('AUTH_FAILED', 'only PasswordText UsernameTokens are accepted');
  const { username, password } = token;
  if (username === undefined || password === undefined) throw new EdocFault('AUTH_FAILED', 'UsernameToken needs Username and Password');
  if (username !== expected.systemId || !sameSecret(password, expected.secret))
    throw new EdocFault('AUTH_FAILED', 'unknown systemId or wrong secret');
}
