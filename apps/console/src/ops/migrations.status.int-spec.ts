import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, type Migration, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { runCli } from '../cli';
import { type MigrationsStatus, migrationsStatus } from './migrations.status';

const table = (id: string): Migration => ({ id, sql: `CREATE TABLE ${id.replace(/-/g, '_')} (id INTEGER PRIMARY KEY)` });
const manifest = {
  version: '9.9.9',
  services: {
    orchestrator: ['messaging-001-inbox', 'orchestrator-001-dossiers', 'orchestrator-002-lifecycle'],
    console: ['messaging-001-inbox', 'console-001-users'],
  },
};

describe.each(testDatabaseUrls())('migrations status ($name)', ({ url: makeUrl }) => {
  let url: string;
  let db: Database;
  let manifestFile: string;
  beforeAll(() => {
    url = makeUrl();
    db = createDatabase(url);
    manifestFile = join(mkdtempSync(join(tmpdir(), 'lienthong-manifest-')), 'migrations.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
  });
  afterAll(async () => {
    await db.close();
    await dropTestSchema(url);
  });

  it('on an empty database, everything is pending and nothing is written', async () => {
    const status = await migrationsStatus(db, manifest);
    expect(status.services.map((s) => [s.service, s.applied.length, s.pending])).toEqual([
      ['orchestrator', 0, manifest.services.orchestrator],
      ['console', 0, manifest.services.console],
    ]);
    expect(status.unknown).toEqual([]);
    await expect(db.query('SELECT id FROM schema_migrations')).rejects.toThrow();
  });

  it('lists per service what is applied and pending, and what this build does not know', async () => {
    await db.migrate(['messaging-001-inbox', 'orchestrator-001-dossiers', 'newer-009-something'].map(table));
    const status = await migrationsStatus(db, manifest);
    const byService = Object.fromEntries(status.services.map((s) => [s.service, s]));
    expect(byService.orchestrator.applied.map((a) => a.id)).toEqual(['messaging-001-inbox', 'orchestrator-001-dossiers']);
    expect(byService.orchestrator.pending).toEqual(['orchestrator-002-lifecycle']);
    expect(byService.console.pending).toEqual(['console-001-users']);
    expect(status.unknown.map((u) => u.id)).toEqual(['newer-009-something']);
    expect(Date.parse(byService.orchestrator.applied[0].appliedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('is what `ops -- migrations status` prints, as text and JSON, without migrating anything', async () => {
    const run = async (...argv: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const code = await runCli(
        argv,
        { DATABASE_URL: url },
        { out: (t) => (out += `${t}\n`), err: (t) => (out += `${t}\n`), stdin: async () => '' },
      );
      return { code, out };
    };
    const text = await run('migrations', 'status', '--manifest', manifestFile);
    expect(text.code).toBe(0);
    expect(text.out).toContain('this build: version 9.9.9');
    expect(text.out).toMatch(/orchestrator\s+2\s+1\s+orchestrator-001-dossiers/);
    expect(text.out).toContain('  orchestrator: orchestrator-002-lifecycle');
    expect(text.out).toContain('  console: console-001-users');
    expect(text.out).toContain('do not start this one): newer-009-something');
    const json = JSON.parse((await run('migrations', 'status', '--json', '--manifest', manifestFile)).out) as MigrationsStatus;
    expect(json.services.find((s) => s.service === 'console')?.pending).toEqual(['console-001-users']);
    const ids = (await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id);
    expect(ids).toEqual(['messaging-001-inbox', 'newer-009-something', 'orchestrator-001-dossiers']);
  });

  it('names the manifest it cannot read', async () => {
    let err = '';
    const code = await runCli(
      ['migrations', 'status', '--manifest', '/nonexistent/migrations.json'],
      { DATABASE_URL: url },
      { out: () => undefined, err: (t) => (err += t), stdin: async () => '' },
    );
    expect(code).toBe(1);
    expect(err).toContain('MIGRATIONS.NO_MANIFEST: cannot read the migrations manifest /nonexistent/migrations.json');
  });
});
