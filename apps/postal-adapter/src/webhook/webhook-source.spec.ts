import { DEFAULT_TRUSTED_FORWARDERS, sourceOf } from './webhook-source';

describe('sourceOf (who sent a callback)', () => {
  const trusted = new Set([...DEFAULT_TRUSTED_FORWARDERS, '10.0.0.5']);

  it('is the socket peer when the peer is not a trusted forwarder, whatever X-Forwarded-For says', () => {
    expect(sourceOf('203.0.113.7', '198.51.100.1', trusted)).toBe('203.0.113.7');
  });

  it('is the address the console (or a proxy) saw, read from the right of X-Forwarded-For', () => {
    expect(sourceOf('127.0.0.1', '203.0.113.7', trusted)).toBe('203.0.113.7');
    // A sender cannot choose its source by sending X-Forwarded-For itself: the console appends what it saw.
    expect(sourceOf('127.0.0.1', '1.2.3.4, 203.0.113.7', trusted)).toBe('203.0.113.7');
    // Behind a trusted reverse proxy as well.
    expect(sourceOf('::1', ['1.2.3.4, 203.0.113.7', '10.0.0.5'], trusted)).toBe('203.0.113.7');
  });

  it('stops at an entry that is not an address, and falls back to the peer', () => {
    expect(sourceOf('127.0.0.1', 'Đà Lạt\n, 203.0.113.7', trusted)).toBe('203.0.113.7');
    expect(sourceOf('127.0.0.1', '203.0.113.7, not-an-address', trusted)).toBe('127.0.0.1');
    expect(sourceOf('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
    expect(sourceOf(undefined, '203.0.113.7', trusted)).toBe('unknown');
  });
});
