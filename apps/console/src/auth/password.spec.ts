import { compare, hash } from 'bcryptjs';
import { MAX_PASSWORD_BYTES, hashPassword, passwordProblem, verifyPassword } from './password';

describe('passwords and bcrypt', () => {
  // 24 letters with tones and spaces: 48 characters, more bytes than characters.
  const vietnamese = 'Đường lên đỉnh núi Mẫu Sơn thật là đẹp';

  it('shows why: bcrypt ignores everything past 72 bytes', async () => {
    const long = `${'a'.repeat(72)}-first`;
    expect(await compare(`${'a'.repeat(72)}-second`, await hash(long, 4))).toBe(true);
  });

  it('refuses a new password over 72 bytes of UTF-8, counting bytes of Vietnamese letters, not characters', () => {
    const over = `${vietnamese} và Lạng Sơn!`; // 51 characters, 73 bytes
    expect(over.length).toBeLessThan(MAX_PASSWORD_BYTES);
    expect(Buffer.byteLength(over, 'utf8')).toBe(73);
    expect(passwordProblem(over)).toBe(
      'password is 73 bytes in UTF-8, more than the 72 bcrypt can check (a letter with tones such as "ễ" or "Đ" takes 2 or 3 bytes); choose a shorter one',
    );
    expect(passwordProblem('a'.repeat(73))).toMatch(/^password is 73 bytes/);
    expect(passwordProblem('a'.repeat(72))).toBeUndefined();
    expect(passwordProblem(vietnamese)).toBeUndefined();
  });

  it('counts the composed form: the same password typed with decomposed tones is not longer', () => {
    const exactly72 = `${vietnamese} và Lạng Sơn`;
    expect(Buffer.byteLength(exactly72, 'utf8')).toBe(72);
    const decomposed = exactly72.normalize('NFD');
    expect(Buffer.byteLength(decomposed, 'utf8')).toBeGreaterThan(72);
    expect(passwordProblem(decomposed)).toBeUndefined();
  });

  it('refuses a password shorter than 10 characters', () => {
    expect(passwordProblem('ngắn')).toBe('password must be at least 10 characters');
    expect(passwordProblem(undefined)).toBe('password must be text');
  });

  it('checks a Vietnamese password however its tones were typed, composed or decomposed', async () => {
    const stored = await hashPassword(vietnamese, 4);
    expect(await verifyPassword(vietnamese, stored)).toBe(true);
    expect(await verifyPassword(vietnamese.normalize('NFD'), stored)).toBe(true);
    expect(await verifyPassword('Duong len dinh nui Mau Son that la dep', stored)).toBe(false);
    // A hash made from decomposed bytes before passwords were normalized still opens with what was typed then.
    const legacy = await hash(vietnamese.normalize('NFD'), 4);
    expect(await verifyPassword(vietnamese.normalize('NFD'), legacy)).toBe(true);
    expect(await verifyPassword('anything', undefined)).toBe(false);
  });
});
