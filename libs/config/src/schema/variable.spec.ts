import { ConfigError } from '../config.error';
import { duration, oneOf, orOff, secret, size, url, urls } from './kinds';
import { ConfigSchema } from './schema';
import { declareReads, isProduction, variable, variables } from './variable';

const V = variables({
  TICK_MS: variable(duration(100, 60_000), { doc: 'a tick', default: 1_000 }),
  MAX_BYTES: variable(size(1, 1_000_000), { doc: 'a limit' }),
  KIND: variable(oneOf(['a', 'b']), { doc: 'a kind', default: 'a' }),
  TOKEN: variable(secret(32), {
    doc: 'a token',
    default: 'development-token-development-token',
    production: { doc: 'required', required: 'the token (openssl rand -hex 32)' },
  }),
  BROKER: variable(urls(['amqp:']), {
    doc: 'a broker',
    default: ['amqp://guest:guest@127.0.0.1'],
    production: { doc: 'not guest', refuse: (u) => (u.some((x) => x.includes('guest')) ? 'uses the guest user' : undefined) },
  }),
  HOOK_URL: variable(orOff(url(), true), { doc: 'a hook', default: 'http://127.0.0.1:3000/hook' }),
});

describe('a variable', () => {
  it('reads its value, or its default when unset, empty or blank', () => {
    expect(V.TICK_MS.read({ TICK_MS: ' 250 ' })).toBe(250);
    for (const env of [{}, { TICK_MS: '' }, { TICK_MS: '   ' }]) expect(V.TICK_MS.read(env)).toBe(1_000);
    expect(V.MAX_BYTES.read({})).toBeUndefined();
    expect(V.MAX_BYTES.given({ MAX_BYTES: '10' })).toBe(10);
    expect(V.TICK_MS.given({})).toBeUndefined();
  });

  it('names itself, the value and the expected form when the value does not fit', () => {
    expect(() => V.TICK_MS.read({ TICK_MS: 'abc' })).toThrow(
      new ConfigError('TICK_MS must be a duration in milliseconds (digits only, no unit) from 100 to 60000, got "abc"'),
    );
    expect(() => V.MAX_BYTES.read({ MAX_BYTES: '1MB' })).toThrow(
      /^MAX_BYTES must be a size in bytes .*, got "1MB": write it in bytes without a unit: 1MB is 1048576 \(powers of 1024\) or 1000000/,
    );
    expect(() => V.KIND.read({ KIND: 'c' })).toThrow('KIND must be "a" or "b", got "c"');
  });

  it('never shows a secret or a password it refuses', () => {
    const error = (() => {
      try {
        V.TOKEN.read({ TOKEN: 'hunter2' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.message).toBe('TOKEN must be at least 32 characters (a secret, e.g. openssl rand -hex 32), got a value of 7 characters');
    expect(() => V.BROKER.read({ BROKER: 'amqp://bus:hunter2@' })).toThrow(/got "amqp:\/\/bus:\*\*\*@"/);
    expect(() => V.BROKER.read({ BROKER: 'amqp://bus:hunter2@' })).not.toThrow(/hunter2/);
  });

  it('reads "off", and empty where the kind says so, as null rather than its default', () => {
    expect(V.HOOK_URL.read({ HOOK_URL: 'off' })).toBeNull();
    expect(V.HOOK_URL.read({ HOOK_URL: '' })).toBeNull();
    expect(V.HOOK_URL.read({})).toBe('http://127.0.0.1:3000/hook');
  });

  it('in production, requires what has a development default and refuses that default even when given', () => {
    const production = { NODE_ENV: 'production', BROKER: 'amqp://bus:pw@mq' };
    expect(() => V.TOKEN.read(production)).toThrow(
      new ConfigError('TOKEN is required when NODE_ENV=production: the token (openssl rand -hex 32)', 'CONFIG.REQUIRED_IN_PRODUCTION'),
    );
    expect(() => V.TOKEN.read({ ...production, TOKEN: 'development-token-development-token' })).toThrow(
      /^TOKEN is the published development default, refused when NODE_ENV=production/,
    );
    expect(V.TOKEN.read({ ...production, TOKEN: 't'.repeat(40) })).toBe('t'.repeat(40));
    expect(() => V.BROKER.read({ NODE_ENV: 'production' })).toThrow('BROKER uses the guest user; refused when NODE_ENV=production');
    expect(V.TOKEN.read({})).toBe('development-token-development-token');
    expect(isProduction({ NODE_ENV: ' production ' })).toBe(true);
    expect(isProduction({ NODE_ENV: 'prod' })).toBe(false);
  });

  it('takes another default for one service without changing the shared definition', () => {
    const own = V.TICK_MS.withDefault(5_000);
    expect([own.read({}), V.TICK_MS.read({}), own.name]).toEqual([5_000, 1_000, 'TICK_MS']);
  });

  it('must be listed under its own name', () => {
    expect(() => variables({ OTHER: V.TICK_MS })).toThrow('variable TICK_MS is listed as OTHER');
  });
});

describe('reads declared by a schema', () => {
  afterEach(() => declareReads(undefined));

  it('once a process declared its schema, a read of its environment outside it is CONFIG.UNDECLARED', () => {
    declareReads(new ConfigSchema('svc', 'a service', { TICK_MS: V.TICK_MS }));
    expect(() => V.TICK_MS.read()).not.toThrow();
    expect(() => V.KIND.read()).toThrow(
      expect.objectContaining({
        code: 'CONFIG.UNDECLARED',
        message: expect.stringMatching(/^KIND is read by svc but is not in its configuration schema/),
      }),
    );
    // A test's own environment object is not the process's: anything may be read from it.
    expect(V.KIND.read({ KIND: 'b' })).toBe('b');
  });
});
