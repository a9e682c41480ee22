import { CONSOLE_ENV, ConfigError } from '@lienthong/config';
import { loadConsoleConfig } from '../console.config';

describe('TRUST_PROXY', () => {
  const trustProxy = (raw: string | undefined): unknown => CONSOLE_ENV.TRUST_PROXY.read({ TRUST_PROXY: raw });

  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.5, 192.168.10.0/24, fd00::/8', ['loopback', '10.0.0.5', '192.168.10.0/24', 'fd00::/8']],
    ['uniquelocal', ['uniquelocal']],
  ])('%j → %j', (raw, expected) => {
    expect(trustProxy(raw)).toEqual(expected);
  });

  it.each([
    ['yes', 'yes'],
    ['localhost', 'localhost'],
    ['10.0.0.5/33', '10.0.0.5/33'],
    ['300.1.1.1', '300.1.1.1'],
    ['loopback;10.0.0.1', 'loopback;10.0.0.1'],
    ['10.0.0.0/8/1', '10.0.0.0/8/1'],
    ['loopback, Đà Lạt', 'Đà Lạt'],
  ])('refuses %j, naming the variable and the entry', (raw, entry) => {
    expect(() => trustProxy(raw)).toThrow(ConfigError);
    expect(() => trustProxy(raw)).toThrow(`TRUST_PROXY must be "false", "true" (any sender), a number of proxy hops, or loopback`);
    expect(() => trustProxy(raw)).toThrow(`: "${entry}" is not loopback, linklocal, uniquelocal, an IP address or a CIDR range`);
  });

  it('is part of the console configuration, off unless set', () => {
    expect(loadConsoleConfig({}).config.trustProxy).toBe(false);
    expect(loadConsoleConfig({ TRUST_PROXY: 'loopback' }).config.trustProxy).toEqual(['loopback']);
    expect(() => loadConsoleConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(
      /^TRUST_PROXY must be .*, got "proxy\.example": "proxy\.example" is not loopback/,
    );
  });
});
