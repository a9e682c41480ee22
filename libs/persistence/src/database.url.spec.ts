import { createDatabase } from './database.factory';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, redact } from './database.url';

describe('parseDatabaseUrl', () => {
  it('resolves sqlite paths against the working directory', () => {
    expect(parseDatabaseUrl('sqlite:./data/x.db', '/srv/app')).toEqual({ dialect: 'sqlite', file: '/srv/app/data/x.db' });
    expect(parseDatabaseUrl('sqlite:/var/lib/x.db', '/srv/app')).toEqual({ dialect: 'sqlite', file: '/var/lib/x.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/x.db', '/srv/app')).toEqual({ dialect: 'sqlite', file: '/var/lib/x.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', file: ':memory:' });
  });

  it('defaults to an SQLite file under ./data', () => {
    expect(parseDatabaseUrl(DEFAULT_DATABASE_URL, '/srv/app')).toEqual({ dialect: 'sqlite', file: '/srv/app/data/lienthong.db' });
  });

  it('takes schema and pool_size out of postgres URLs and keeps the rest', () => {
    expect(parseDatabaseUrl('postgresql://u:p@db:5432/bus?schema=t_1&pool_size=4&sslmode=require')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://u:p@db:5432/bus?sslmode=require',
      schema: 't_1',
      poolSize: 4,
    });
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/test')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://postgres@127.0.0.1:5432/test',
      schema: undefined,
      poolSize: undefined,
    });
  });

  it.each([
    ['mysql://u:secret@host/db', 'not supported'],
    ['sqlite:', 'path is empty'],
    ['postgres://db/x?schema=bad;drop', 'plain identifier'],
    ['postgres://db/x?pool_size=0', 'positive integer'],
    ['', 'not supported'],
  ])('rejects %j with CONFIG.DATABASE_URL naming the accepted forms', (url, reason) => {
    let error: unknown;
    try {
      parseDatabaseUrl(url);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'CONFIG.DATABASE_URL' });
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain(reason);
    expect(message).toContain('sqlite:<path>');
    expect(message).toContain('postgres://');
    expect(message).not.toContain('secret');
  });

  it('createDatabase refuses an unsupported URL before opening anything', () => {
    expect(() => createDatabase('mongodb://localhost/x')).toThrow(expect.objectContaining({ code: 'CONFIG.DATABASE_URL' }) as Error);
  });
});

describe('redact', () => {
  it('hides the password only', () => {
    expect(redact('postgres://user:pa55@host:5432/db')).toBe('postgres://user:***@host:5432/db');
    expect(redact('postgres://user@host/db')).toBe('postgres://user@host/db');
  });
});
