import { EdocFault } from './edoc.fault';
import { checkUsernameToken, readUsernameToken, UsernameToken } from './ws-security';
import { readXml } from '@lienthong/runtime/xml/xml.reader';

const expected = { systemId: 'lienthong', secret: 'lienthong-secret' };
const TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const token = (password: string, passwordType?: string, username = 'lienthong'): UsernameToken => ({ username, password, passwordType });

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
    expect(codeOf(() => checkUsernameToken(token('lienthong-secret', TEXT), expected))).toBeUndefined();
    expect(codeOf(() => checkUsernameToken(token('lienthong-secret'), expected))).toBeUndefined();
  });

  it.each([
    ['no header', undefined, 'missing WS-Security UsernameToken'],
    ['a wrong secret', token('nope'), 'unknown systemId or wrong secret'],
    ['a wrong systemId', token('lienthong-secret', undefined, 'other'), 'unknown systemId or wrong secret'],
    ['a digest password', token('x', DIGEST), 'only PasswordText'],
    ['a token without a password', { username: 'lienthong' }, 'UsernameToken needs Username and Password'],
  ])('refuses %s with AUTH_FAILED', (_what, given, reason) => {
    expect(codeOf(() => checkUsernameToken(given, expected))).toContain(`AUTH_FAILED: ${reason}`);
  });

  it('reads the token from a SOAP header', () => {
    const header = readXml(
      `<s:Header xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><o:Security xmlns:o="${WSSE}" s:mustUnderstand="1"><o:UsernameToken>` +
        `<o:Username>lienthong</o:Username><o:Password Type="${TEXT}">a&amp;b</o:Password></o:UsernameToken></o:Security></s:Header>`,
    );
    expect(readUsernameToken(header)).toEqual({ username: 'lienthong', password: 'a&b', passwordType: TEXT });
    expect(readUsernameToken(readXml('<Header/>'))).toBeUndefined();
    expect(readUsernameToken(undefined)).toBeUndefined();
  });
});
