import { testDatabaseUrls } from '@lienthong/persistence/testing';
import { useConsoleDatabase } from '../testing/console.database';
import { SessionStore } from './session.store';
import { UserDirectory } from './user.directory';

describe.each(testDatabaseUrls())('sessions and users on $name', ({ url: makeUrl }) => {
  const database = useConsoleDatabase(makeUrl);

  it('resolves a signed session cookie until idle or maximum age, never a forged or ended one', async () => {
    const store = new SessionStore(database(), 's'.repeat(40), 10 * 60_000, 60 * 60_000);
    const t0 = 1_800_000_000_000;
    const { cookieValue, session } = await store.create('an', 'operator', t0);
    expect(await store.resolve(cookieValue, t0 + 1_000)).toEqual(session);
    const [id] = cookieValue.split('.');
    expect(await store.resolve(`${id}.forged`, t0 + 1_000)).toBeUndefined();
    expect(await new SessionStore(database(), 'another-secret-'.repeat(3), 600_000, 3_600_000).resolve(cookieValue, t0)).toBeUndefined();
    // Activity slides the idle expiry, up to the maximum age.
    expect(await store.resolve(cookieValue, t0 + 9 * 60_000)).toBeDefined();
    expect(await store.resolve(cookieValue, t0 + 18 * 60_000)).toBeDefined();
    expect(await store.resolve(cookieValue, t0 + 29 * 60_000)).toBeUndefined();
    const other = await store.create('an', 'operator', t0);
    await store.destroyUser('an');
    expect(await store.resolve(other.cookieValue, t0 + 1)).toBeUndefined();
    // The table holds hashes of session ids, not the ids.
    const rows = await database().query<{ id_hash: string }>('SELECT id_hash FROM console_sessions');
    expect(rows.every((r) => !cookieValue.startsWith(r.id_hash))).toBe(true);
  });

  it('keeps database users beside configured ones; configured ones cannot be changed', async () => {
    const users = new UserDirectory(database(), [{ username: 'root', passwordHash: '$2b$04$' + 'a'.repeat(53), role: 'admin' }]);
    await users.create({ username: 'binh', password: 'binh-password', role: 'viewer' }, 'root');
    await expect(users.create({ username: 'root', password: 'x'.repeat(12), role: 'viewer' }, 'root')).rejects.toMatchObject({
      code: 'USER.EXISTS',
    });
    await expect(users.update('root', { role: 'viewer' })).rejects.toMatchObject({ code: 'USER.CONFIGURED' });
    expect(await users.update('binh', { role: 'operator' })).toEqual({ before: 'viewer', after: 'operator' });
    expect((await users.list()).map((u) => `${u.username}:${u.role}:${u.source}`)).toEqual(['root:admin:config', 'binh:operator:database']);
    expect(await users.remove('binh')).toBe('operator');
    expect(await users.find('binh')).toBeUndefined();
  });

  it('commits a user change with what the caller adds to its transaction (the audit entry), or neither', async () => {
    const users = new UserDirectory(database(), []);
    const failing = async (): Promise<void> => {
      throw new Error('the audit entry could not be written');
    };
    await expect(users.create({ username: 'chi', password: 'chi-password-1', role: 'viewer' }, 'root', failing)).rejects.toThrow(
      'audit entry',
    );
    expect(await users.find('chi')).toBeUndefined();
    await users.create({ username: 'chi', password: 'chi-password-1', role: 'viewer' }, 'root');
    await expect(users.update('chi', { role: 'admin' }, failing)).rejects.toThrow('audit entry');
    expect((await users.find('chi'))?.role).toBe('viewer');
    await expect(users.remove('chi', failing)).rejects.toThrow('audit entry');
    expect(await users.find('chi')).toBeDefined();
    const seen: string[] = [];
    await users.update('chi', { role: 'operator' }, async (tx, change) => {
      seen.push(
        `${change.before}→${change.after}`,
        String((await tx.query<{ role: string }>('SELECT role FROM console_users WHERE username = $1', ['chi']))[0].role),
      );
    });
    expect(seen).toEqual(['viewer→operator', 'operator']);
  });

  it('refuses a password over 72 bytes, counted in UTF-8 (Vietnamese)', async () => {
    const users = new UserDirectory(database(), []);
    const tooLong = 'Mật khẩu của tôi là Đường lên đỉnh Mẫu Sơn!!'.repeat(2);
    await expect(users.create({ username: 'dung', password: tooLong, role: 'viewer' }, 'root')).rejects.toMatchObject({
      code: 'USER.INVALID',
      message: expect.stringContaining('bytes in UTF-8'),
    });
    expect(await users.find('dung')).toBeUndefined();
  });
});
