import { ConfigError } from '@lienthong/config';
import { loadConsoleConfig } from '../console.config';
import { parseTrustProxy } from './http';

describe('TRUST_PROXY', () => {
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
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each(['yes', 'localhost', '10.0.0.5/33', '300.1.1.1', 'loopback;10.0.0.1', '10.0.0.0/8/1'])('refuses %j, naming the variable', (raw) => {
    expect(() => parseTrustProxy(raw)).toThrow(ConfigError);
    expect(() => parseTrustProxy(raw)).toThrow(/^TRUST_PROXY: ".*" is not loopback, linklocal, uniquelocal, an IP address or a CIDR range/);
  });

  it('is part of the console configuration, off unless set', () => {
    expect(loadConsoleConfig({}).config.trustProxy).toBe(false);
    expect(loadConsoleConfig({ TRUST_PROXY: 'loopback' }).config.trustProxy).toEqual(['loopback']);
    expect(() => loadConsoleConfig({ TRUST_PROXY: 'proxy.example' })).toThrow('TRUST_PROXY: "proxy.example"');
  });
});
