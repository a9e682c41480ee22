import { compare, hash, hashSync } from 'bcryptjs';

/** bcrypt cost of new hashes: about 0.1 s per check in pure JS, slow enough to resist offline guessing. */
export const BCRYPT_COST = 10;

/** A hash compared against when the user does not exist, so that a login takes as long either way. */
const DUMMY_HASH = '$2b$10$Zng/mGmiCmL.8kZ52d6nEOkBIhNWHcs9nToa2YygSTzBZVIu6yEEe';

/** Hashes a password with bcrypt (pure JS, no native build). */
export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return hash(password, cost);
}

/** Synchronous variant for start-up (the development default user). */
export function hashPasswordSync(password: string, cost = BCRYPT_COST): string {
  return hashSync(password, cost);
}

/** Checks a password against a bcrypt hash; an absent hash still costs one comparison. */
export async function verifyPassword(password: string, passwordHash: string | undefined): Promise<boolean> {
  const ok = await compare(password, passwordHash ?? DUMMY_HASH).catch(() => false);
  return ok && passwordHash !== undefined;
}
