import { compare, hash, hashSync } from 'bcryptjs';

/** bcrypt cost of new hashes: about 0.1 s per check in pure JS, slow enough to resist offline guessing. */
export const BCRYPT_COST = 10;

/** Shortest password accepted for a new or changed password, in characters. */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Longest password accepted, in bytes of UTF-8: bcrypt reads no further, so two passwords alike in their first
 * 72 bytes would both open the account. Refused rather than pre-hashed: a pre-hash would need a second hash
 * format beside the bcrypt hashes already in CONSOLE_USERS, and 72 bytes hold 72 ASCII characters or at least
 * 24 Vietnamese letters with tones (3 bytes each at most), enough for a passphrase.
 */
export const MAX_PASSWORD_BYTES = 72;

/** A hash compared against when the user does not exist, so that a login takes as long either way. */
const DUMMY_HASH = '$2b$10$Zng/mGmiCmL.8kZ52d6nEOkBIhNWHcs9nToa2YygSTzBZVIu6yEEe';

/**
 * Why a new password is refused, or undefined when it is acceptable. Passwords are hashed and checked in NFC, so
 * the same Vietnamese text typed on keyboards that compose or decompose tones is the same password; its length
 * counts characters and its limit counts bytes, both of the NFC form.
 */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'password must be text';
  const normalized = password.normalize('NFC');
  if (normalized.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const bytes = Buffer.byteLength(normalized, 'utf8');
  if (bytes > MAX_PASSWORD_BYTES) {
    return (
      `password is ${bytes} bytes in UTF-8, more than the ${MAX_PASSWORD_BYTES} bcrypt can check ` +
      '(a letter with tones such as "ễ" or "Đ" takes 2 or 3 bytes); choose a shorter one'
    );
  }
  return undefined;
}

/** Hashes a password (NFC) with bcrypt (pure JS, no native build). */
export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return hash(password.normalize('NFC'), cost);
}

/** Synchronous variant for start-up (the development default user). */
export function hashPasswordSync(password: string, cost = BCRYPT_COST): string {
  return hashSync(password.normalize('NFC'), cost);
}

/**
 * Checks a password against a bcrypt hash, in NFC; a password typed decomposed is also tried as typed, for a hash
 * made from those very bytes before passwords were normalized. An absent hash still costs one comparison.
 */
export async function verifyPassword(password: string, passwordHash: string | undefined): Promise<boolean> {
  const against = passwordHash ?? DUMMY_HASH;
  const normalized = password.normalize('NFC');
  let ok = await compare(normalized, against).catch(() => false);
  if (!ok && normalized !== password) ok = await compare(password, against).catch(() => false);
  return ok && passwordHash !== undefined;
}
