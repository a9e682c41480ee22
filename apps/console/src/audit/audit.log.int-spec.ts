import { testDatabaseUrls } from '@lienthong/persistence/testing';
import { useConsoleDatabase } from '../testing/console.database';
import { AuditLog } from './audit.log';

describe.each(testDatabaseUrls())('AuditLog on $name', ({ url: makeUrl }) => {
  const database = useConsoleDatabase(makeUrl);

  it('appends entries and lists them newest first with filters and a total', async () => {
    const audit = new AuditLog(database());
    await audit.record({ actor: 'an', action: 'dead-letter.replay', target: 'dead-letter:1', outcome: 'ok', before: '{"a":1}', after: '{"a":2}' });
    await audit.record({ actor: 'binh', action: 'dead-letter.discard', target: 'dead-letter:2', outcome: 'refused', detail: 'DEAD_LETTER.NOT_OPEN' });
    const all = await audit.list();
    expect(all.total).toBe(2);
    expect(all.items.map((e) => e.actor)).toEqual(['binh', 'an']);
    expect((await audit.list({ target: 'dead-letter:1' })).items).toEqual([expect.objectContaining({ actor: 'an', outcome: 'ok', before: '{"a":1}', after: '{"a":2}', detail: null })]);
  });

  it('cannot be changed or emptied, whatever code runs against the database', async () => {
    await expect(database().run("UPDATE audit_log SET actor = 'mallory'")).rejects.toThrow(/append-only/);
    await expect(database().run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect((await new AuditLog(database()).list()).total).toBe(2);
  });
});
