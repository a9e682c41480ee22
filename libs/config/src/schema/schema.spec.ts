import { ConfigError, ConfigProblems } from '../config.error';
import { duration, integer, secret } from './kinds';
import { ConfigSchema } from './schema';
import { loadConfigOrExit } from './startup';
import { declareReads, variable, variables } from './variable';

const V = variables({
  TICK_MS: variable(duration(100, 60_000), { doc: 'a tick', default: 1_000 }),
  ROWS: variable(integer(1, 100), { doc: 'rows', default: 10 }),
  TOKEN: variable(secret(32), { doc: 'a token', default: 'd'.repeat(32), production: { doc: 'required', required: 'the token' } }),
});
const SCHEMA = new ConfigSchema('svc', 'a service', { TICK_MS: V.TICK_MS, ROWS: V.ROWS, TOKEN: V.TOKEN }, [
  {
    name: 'USERS',
    check: (env) =>
      env.USERS ? undefined : new ConfigError('USERS is required when NODE_ENV=production', 'CONFIG.REQUIRED_IN_PRODUCTION'),
  },
]);

/** Runs the start-up check as a main does, keeping what it prints and whether it exited. */
function start(
  env: Record<string, string>,
  also: Array<() => unknown> = [],
): { values?: unknown; errors: string[]; warnings: string[]; exited?: number } {
  const out = { errors: [] as string[], warnings: [] as string[], exited: undefined as number | undefined };
  try {
    const values = loadConfigOrExit(SCHEMA, {
      env,
      also,
      error: (line) => out.errors.push(line),
      warn: (line) => out.warnings.push(line),
      exit: (code) => {
        out.exited = code;
        throw new Error('exited');
      },
    });
    return { ...out, values };
  } catch {
    return out;
  }
}

describe('a schema at start-up', () => {
  afterEach(() => declareReads(undefined));

  it('gives typed values, and names the development defaults in use in one warning', () => {
    const started = start({ TICK_MS: '500' });
    expect(started.values).toEqual({ TICK_MS: 500, ROWS: 10, TOKEN: 'd'.repeat(32) });
    expect(started.warnings).toEqual(['[svc] development defaults in use, each refused when NODE_ENV=production: TOKEN, USERS']);
    expect(started.exited).toBeUndefined();
  });

  it('reports every mistake at once, one line each, and exits 1', () => {
    const started = start({ TICK_MS: '10s', ROWS: '0' });
    expect(started.exited).toBe(1);
    expect(started.errors).toEqual([
      '[svc] cannot start: CONFIG.INVALID: TICK_MS must be a duration in milliseconds (digits only, no unit) from 100 to 60000, got "10s": write it in milliseconds without a unit: 10s is 10000',
      '[svc] cannot start: CONFIG.INVALID: ROWS must be an integer from 1 to 100, got "0"',
    ]);
  });

  it('in production, refuses each development default and each failed rule', () => {
    const started = start({ NODE_ENV: 'production' });
    expect(started.errors).toEqual([
      '[svc] cannot start: CONFIG.REQUIRED_IN_PRODUCTION: TOKEN is required when NODE_ENV=production: the token',
      '[svc] cannot start: CONFIG.REQUIRED_IN_PRODUCTION: USERS is required when NODE_ENV=production',
    ]);
    expect(start({ NODE_ENV: 'production', TOKEN: 't'.repeat(40), USERS: 'x' }).errors).toEqual([]);
  });

  it('reports the checks of other libraries (a CONFIG.* code) the same way, and lets other errors through', () => {
    const databaseError = Object.assign(new Error('DATABASE_URL "mysql://x" is not usable'), { code: 'CONFIG.DATABASE_URL' });
    expect(
      start({}, [
        () => {
          throw databaseError;
        },
      ]).errors,
    ).toEqual(['[svc] cannot start: CONFIG.DATABASE_URL: DATABASE_URL "mysql://x" is not usable']);
    expect(
      start({}, [
        () => {
          throw new TypeError('a bug');
        },
      ]).exited,
    ).toBeUndefined();
  });

  it('load throws ConfigProblems listing them, for callers that report differently (the ops CLI)', () => {
    expect(() => SCHEMA.load({ ROWS: 'x' })).toThrow(ConfigProblems);
    expect(() => SCHEMA.load({ ROWS: 'x' })).toThrow('CONFIG.INVALID: ROWS must be an integer from 1 to 100, got "x"');
  });

  it('holds each variable under its own name', () => {
    expect(() => new ConfigSchema('svc', 'x', { OTHER: V.ROWS })).toThrow('schema svc: entry OTHER holds variable ROWS');
  });
});
