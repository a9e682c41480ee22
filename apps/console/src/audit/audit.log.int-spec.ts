import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { CONSOLE_MIGRATIONS } from '../console.migrations';
import { useConsoleDatabase } from '../testing/console.database';
import { ensureAuditGuard, guardStateAfter, installAuditGuard } from './audit.guard';
import { bodyRecord } from './audit.diff';
import { AuditLog } from './audit.log';

describe.each(testDatabaseUrls())('AuditLog on $name', ({ name, url: makeUrl }) => {
  const database = useConsoleDatabase(makeUrl);

  it('appends entries and lists them newest first with filters and a total', async () => {
    const audit = new AuditLog(database());
    await audit.record({
      actor: 'an',
      action: 'dead-letter.replay',
      target: 'dead-letter:1',
      outcome: 'ok',
      before: '{"a":1}',
      after: '{"a":2}',
    });
    await audit.record({
      actor: 'binh',
      action: 'dead-letter.discard',
      target: 'dead-letter:2',
      outcome: 'refused',
      detail: 'DEAD_LETTER.NOT_OPEN',
    });
    const all = await audit.list();
    expect(all.total).toBe(2);
    expect(all.items.map((e) => e.actor)).toEqual(['binh', 'an']);
    expect((await audit.list({ target: 'dead-letter:1' })).items).toEqual([
      expect.objectContaining({ actor: 'an', outcome: 'ok', before: '{"a":1}', after: '{"a":2}', detail: null }),
    ]);
  });

  it('cannot be changed or emptied, whatever code runs against the database', async () => {
    await expect(database().run("UPDATE audit_log SET actor = 'mallory'")).rejects.toThrow(/append-only/);
    await expect(database().run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    if (name === 'postgres') await expect(database().run('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await new AuditLog(database()).list()).total).toBe(2);
  });

  it('keeps bodies beside the trail, by digest, erasable; the entries keep only digests and field names', async () => {
    const audit = new AuditLog(database());
    const before = '{"applicant":{"idNumber":"020190001234","phone":"0912345678"},"receivedAt":"hôm qua"}';
    const after = '{"applicant":{"idNumber":"020190001234","phone":"0987654321"},"receivedAt":"2026-04-15T08:30:00+07:00"}';
    await audit.record({
      actor: 'an',
      action: 'dead-letter.edit-and-replay',
      target: 'dead-letter:9',
      outcome: 'ok',
      before: JSON.stringify(bodyRecord(before)),
      after: JSON.stringify(bodyRecord(after, before)),
      bodies: [before, after],
    });
    const [entry] = (await audit.list({ target: 'dead-letter:9' })).items;
    expect(entry).toMatchObject({ beforeBody: before, afterBody: after });
    expect(JSON.parse(entry.after!)).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      bytes: Buffer.byteLength(after),
      changed: ['applicant.phone', 'receivedAt'],
    });
    const trail = await database().query<Record<string, unknown>>("SELECT * FROM audit_log WHERE target = 'dead-letter:9'");
    for (const value of ['020190001234', '0912345678', '0987654321', 'hôm qua']) expect(JSON.stringify(trail)).not.toContain(value);

    expect(await audit.pruneBodies(Date.now() + 1)).toBe(2);
    expect((await audit.list({ target: 'dead-letter:9' })).items[0]).toMatchObject({
      beforeBody: null,
      afterBody: null,
      after: entry.after,
    });
  });

  if (name === 'sqlite') {
    it('says what SQLite can and cannot refuse, without a warning', async () => {
      expect(await ensureAuditGuard(database())).toEqual({ guarded: false, incomplete: false, detail: expect.stringContaining('SQLite') });
    });
    return;
  }

  describe('guarded by event triggers', () => {
    beforeAll(async () => {
      expect(await ensureAuditGuard(database())).toMatchObject({ guarded: true, incomplete: false });
    });

    it.each([
      ['DROP TABLE audit_log', /DROP TABLE is refused/],
      ['DROP TABLE audit_log CASCADE', /DROP TABLE is refused/],
      ['ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change', /ALTER TABLE on .*audit_log is refused/],
      ['ALTER TABLE audit_log RENAME TO old_audit_log', /ALTER TABLE on .*old_audit_log is refused/],
      ['ALTER TABLE audit_log ADD COLUMN note TEXT', /ALTER TABLE/],
      ['DROP TRIGGER audit_log_no_change ON audit_log', /DROP TRIGGER is refused/],
      ['DROP TRIGGER audit_log_no_truncate ON audit_log', /DROP TRIGGER is refused/],
      ['ALTER TRIGGER audit_log_no_change ON audit_log RENAME TO gone', /ALTER TRIGGER/],
      ['DROP FUNCTION audit_log_append_only() CASCADE', /DROP FUNCTION is refused/],
      [
        'CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$',
        /CREATE FUNCTION/,
      ],
      ['CREATE RULE audit_log_ignored AS ON INSERT TO audit_log DO INSTEAD NOTHING', /CREATE RULE/],
    ])('refuses %s, even to a superuser', async (sql, refusal) => {
      await expect(database().run(sql)).rejects.toThrow(refusal);
    });

    it('refuses a trigger that would swallow new entries, and keeps appending', async () => {
      await database().run('CREATE FUNCTION swallow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$');
      await expect(
        database().run('CREATE TRIGGER swallow BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION swallow()'),
      ).rejects.toThrow(/CREATE TRIGGER/);
      const audit = new AuditLog(database());
      const before = (await audit.list()).total;
      await audit.record({ actor: 'an', action: 'logout', outcome: 'ok' });
      expect((await audit.list()).total).toBe(before + 1);
    });

    it('leaves every other table alone, and lets a whole schema with its audit trail be dropped', async () => {
      await database().run('CREATE TABLE scratch (a INT)');
      await database().run('ALTER TABLE scratch ADD COLUMN b INT');
      await database().run('DROP TABLE scratch');
      const other = makeUrl();
      const db: Database = createDatabase(other);
      await db.migrate(CONSOLE_MIGRATIONS);
      await new AuditLog(db).record({ actor: 'an', action: 'logout', outcome: 'ok' });
      await db.close();
      await dropTestSchema(other);
    });

    it('tells a role that may not create event triggers what is missing and how to add it', async () => {
      let refusal: unknown;
      await database()
        .transaction(async (tx) => {
          await tx.run('SET LOCAL ROLE pg_monitor'); // a built-in role without superuser
          await installAuditGuard(tx);
        })
        .catch((error: unknown) => (refusal = error));
      expect(guardStateAfter(refusal)).toEqual({
        guarded: false,
        incomplete: true,
        detail: expect.stringContaining('npm run ops -- audit-guard'),
      });
      expect(() => guardStateAfter(new Error('connection lost'))).toThrow('connection lost');
    });
  });
});
