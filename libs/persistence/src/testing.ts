import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Client } from 'pg';
import { parseDatabaseUrl } from './database.url';

/** The PostgreSQL database integration tests use; override with `TEST_POSTGRES_URL`. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TEMP_PREFIX = 'lienthong-test-';

/** One database to run an integration suite against; `url()` returns a fresh, empty database each call. */
export interface TestDatabaseTarget {
  readonly name: 'sqlite' | 'postgres';
  readonly url: () => string;
}

/**
 * Both dialects, for `describe.each(testDatabaseUrls())('$name', ({ url }) => …)`.
 * SQLite: a new file in a new temp directory. PostgreSQL: a new random schema (created on first use).
 */
export function testDatabaseUrls(): TestDatabaseTarget[] {
  return [
    { name: 'sqlite', url: () => `sqlite:${join(mkdtempSync(join(tmpdir(), TEMP_PREFIX)), 'test.db')}` },
    {
      name: 'postgres',
      url: () => {
        const url = new URL(TEST_POSTGRES_URL);
        url.searchParams.set('schema', `t_${randomBytes(6).toString('hex')}`);
        return url.toString();
      },
    },
  ];
}

/** Removes what a `testDatabaseUrls()` URL created: drops the PostgreSQL schema, or deletes the SQLite temp directory. */
export async function dropTestSchema(url: string): Promise<void> {
  const config = parseDatabaseUrl(url);
  if (config.dialect === 'sqlite') {
    // Only ever delete a directory this helper made: the first level under the temp directory.
    if (config.file === ':memory:') return;
    const [top] = relative(tmpdir(), config.file).split(sep);
    if (top.startsWith(TEMP_PREFIX)) rmSync(join(tmpdir(), top), { recursive: true, force: true });
    return;
  }
  if (config.schema === undefined) return;
  const client = new Client({ connectionString: config.connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${config.schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
