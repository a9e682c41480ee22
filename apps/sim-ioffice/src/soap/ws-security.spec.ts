import { EdocFault } from './edoc.fault';
import { checkUsernameToken } from './ws-security';

const expected = { systemId: 'lienthong', secret: 'lienthong-secret' };
const TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const headers = (password: unknown, username: unknown = 'lienthong') => ({
  Security: { UsernameToken: { Username: username, Password: password } },
});

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof EdocFault ? `${error.code}: ${error.text}` : String(error);
  }
}

describe('WS-Security UsernameToken check', () => {
  it('accepts PasswordText with or without the Type attribute', () => {
    expect(codeOf(() => checkUsernameToken(headers({ attributes: { Type: TEXT }, $value: 'lienthong-secret' }), expected))).toBeUndefined();
    expect(codeOf(() => checkUsernameToken(headers('lienthong-secret'), expected))).toBeUndefined();
  });

  it.each([
    ['no header', undefined, 'missing WS-Security UsernameToken'],
    ['a wrong secret', headers('nope'), 'unknown systemId or wrong secret'],
    ['a wrong systemId', headers('lienthong-secret', 'other'), 'unknown systemId or wrong secret'],
    ['a digest password', headers({ attributes: { Type: DIGEST }, $value: 'x' }), 'only PasswordText'],
  ])('refuses %s with AUTH_FAILED', (_what, given, reason) => {
    expect(codeOf(() => checkUsernameToken(given, expected))).toContain(`AUTH_FAILED: ${reason}`);
  });
});
