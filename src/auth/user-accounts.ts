import type { UserRef } from '../engine';

/** A user with the password hash: only the login check sees this. */
export interface UserAccount extends UserRef {
  passwordHash: string;
}

/**
 * What the web app, the seed and the users script need from user storage;
 * the database's UserRepository (src/db/user-repository.ts) provides it.
 * Hashes only: passwords are hashed in src/auth/passwords.ts.
 */
export interface UserAccounts {
  findByUsername(username: string): Promise<UserAccount | null>;
  getById(id: number): Promise<UserRef | null>;
  list(): Promise<UserRef[]>;
  create(username: string, displayName: string, passwordHash: string, roles: readonly string[]): Promise<UserRef>;
  setPassword(id: number, passwordHash: string): Promise<void>;
  setRoles(id: number, roles: readonly string[]): Promise<UserRef>;
}
