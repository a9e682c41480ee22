import { TokenCache } from './token.cache';

describe('TokenCache', () => {
  let clock: number;
  let cache: TokenCache;
  let fetched: number;
  const fetch = async () => ({ accessToken: `t${++fetched}`, expiresInSeconds: 300 });

  beforeEach(() => {
    clock = 0;
    fetched = 0;
    cache = new TokenCache(() => clock);
  });

  it('reuses the token until shortly before it expires, then renews it', async () => {
    expect(await cache.get(fetch)).toBe('t1');
    clock = 239_999; // 300 s lifetime, renewed 60 s ahead
    expect(await cache.get(fetch)).toBe('t1');
    clock = 240_000;
    expect(await cache.get(fetch)).toBe('t2');
  });

  it('renews short-lived tokens a fifth of their lifetime ahead', async () => {
    const short = async () => ({ accessToken: `s${++fetched}`, expiresInSeconds: 10 });
    await cache.get(short);
    clock = 7_999;
    expect(await cache.get(short)).toBe('s1');
    clock = 8_000;
    expect(await cache.get(short)).toBe('s2');
  });

  it('shares one renewal among concurrent callers', async () => {
    const tokens = await Promise.all([cache.get(fetch), cache.get(fetch), cache.get(fetch)]);
    expect(tokens).toEqual(['t1', 't1', 't1']);
    expect(fetched).toBe(1);
  });

  it('renews after invalidate, but ignores the invalidation of a token already replaced', async () => {
    await cache.get(fetch);
    cache.invalidate('t1');
    expect(await cache.get(fetch)).toBe('t2');
    cache.invalidate('t1');
    expect(await cache.get(fetch)).toBe('t2');
  });

  it('does not cache a failed renewal', async () => {
    await expect(cache.get(async () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(await cache.get(fetch)).toBe('t1');
  });
});
