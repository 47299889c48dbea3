import { hash, verify } from '@node-rs/argon2';

/** Argon2id (the library's default algorithm) with its default cost (19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of a random password, verified against when a username is unknown so that timing does not tell. */
const decoy = hash(`decoy-${Math.random()}`);

/**
 * Checks a password against a stored hash. With no hash (unknown user) it
 * still spends the time of one verification and answers false.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
