import { resolve } from 'node:path';
import { DEFAULT_DATABASE_URL } from '@lienthong/config';
import { DatabaseError } from './database.errors';

/** Where the data lives when `DATABASE_URL` is not set: an embedded SQLite file. */
export { DEFAULT_DATABASE_URL };

/** A parsed `DATABASE_URL`. */
export type DatabaseConfig =
  | {
      readonly dialect: 'sqlite';
      /** Absolute path, or `:memory:`. */
      readonly file: string;
    }
  | {
      readonly dialect: 'postgres';
      /** The URL for node-postgres, without our own `schema` and `pool_size` parameters. */
      readonly connectionString: string;
      /** Schema to create if missing and put on `search_path` (query parameter `schema`). */
      readonly schema?: string;
      /** Pool size (query parameter `pool_size`). */
      readonly poolSize?: number;
    };

const ACCEPTED_FORMS =
  'Use sqlite:<path> (relative to the working directory, e.g. sqlite:./data/lienthong.db), sqlite::memory:, ' +
  'or postgres://user:password@host:5432/database (postgresql:// too; optional ?schema=name&pool_size=10).';

/**
 * Parses a database URL: `sqlite:<path>`, `sqlite::memory:`, `postgres://…` or `postgresql://…`.
 * Throws `CONFIG.DATABASE_URL` for anything else.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseConfig {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) {
    // `sqlite:///abs/path` and `sqlite://./rel` are common spellings of the same thing.
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') throw configError(url, 'the SQLite path is empty');
    return { dialect: 'sqlite', file: path === ':memory:' ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(trimmed)) return parsePostgres(url, trimmed);
  throw configError(url, 'the scheme is not supported');
}

function parsePostgres(original: string, url: string): DatabaseConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw configError(original, 'it is not a valid URL');
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw configError(original, `schema "${schema}" must be a plain identifier (letters, digits, _; at most 63)`);
  }
  const poolSizeText = parsed.searchParams.get('pool_size') ?? undefined;
  const poolSize = poolSizeText === undefined ? undefined : Number(poolSizeText);
  if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize > 0)) {
    throw configError(original, `pool_size "${poolSizeText}" must be a positive integer`);
  }
  // These are ours, not node-postgres's: it must never see them.
  parsed.searchParams.delete('schema');
  parsed.searchParams.delete('pool_size');
  return { dialect: 'postgres', connectionString: parsed.toString(), schema, poolSize };
}

function configError(url: string, reason: string): DatabaseError {
  return new DatabaseError('CONFIG.DATABASE_URL', `DATABASE_URL "${redact(url)}" is not usable: ${reason}. ${ACCEPTED_FORMS}`);
}

/** Hides the password so the URL can be logged. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
