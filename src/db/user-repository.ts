import { NotFoundError, ValidationError } from '../engine/errors';
import type { UserRef } from '../engine/records';
import type { PrismaClient } from './generated/sqlite/client';
import { prismaCode, translated } from './prisma-errors';
import { rolesText, toUserRef } from './row-mappers';
import type { SerialGate } from './serial-gate';

/** A user with the hash the login check needs; never leaves the auth code. */
export interface UserWithPassword extends UserRef {
  passwordHash: string;
}

/**
 * Accounts. Stores password hashes as given: hashing belongs to the web
 * layer, so this never sees a password.
 */
export class UserRepository {
  readonly #prisma: PrismaClient;
  readonly #gate: SerialGate;

  constructor(deps: { prisma: PrismaClient; gate: SerialGate }) {
    this.#prisma = deps.prisma;
    this.#gate = deps.gate;
  }

  #run<T>(operation: string, work: (db: PrismaClient) => Promise<T>): Promise<T> {
    return this.#gate.run(() => translated(operation, () => work(this.#prisma)));
  }

  /** @throws ValidationError when the username is taken. */
  create(username: string, displayName: string, passwordHash: string, roles: readonly string[]): Promise<UserRef> {
    return this.#run('createUser', async (db) => {
      try {
        return toUserRef(await db.user.create({ data: { username, displayName, passwordHash, roles: rolesText(roles) } }));
      } catch (error) {
        if (prismaCode(error) === 'P2002') {
          throw new ValidationError([{ path: 'username', message: 'is already taken' }], `username ${username} is taken`);
        }
        throw error;
      }
    });
  }

  findByUsername(username: string): Promise<UserWithPassword | null> {
    return this.#run('findByUsername', async (db) => {
      const row = await db.user.findUnique({ where: { username } });
      return row ? { ...toUserRef(row), passwordHash: row.passwordHash } : null;
    });
  }

  getById(id: number): Promise<UserRef | null> {
    return this.#run('getUser', async (db) => {
      // Read on every request (the session's user): raw, to skip the ORM's query compiler.
      const [row] = await db.$queryRaw<{ id: number; username: string; displayName: string; roles: string; disabled: boolean | number }[]>`
        SELECT "id", "username", "displayName", "roles", "disabled" FROM "User" WHERE "id" = ${id}`;
      return row ? toUserRef({ ...row, id: Number(row.id), disabled: Boolean(row.disabled) }) : null;
    });
  }

  list(): Promise<UserRef[]> {
    return this.#run('listUsers', async (db) => (await db.user.findMany({ orderBy: { username: 'asc' } })).map(toUserRef));
  }

  setPassword(id: number, passwordHash: string): Promise<void> {
    return this.#update('setPassword', id, { passwordHash }).then(() => undefined);
  }

  setRoles(id: number, roles: readonly string[]): Promise<UserRef> {
    return this.#update('setRoles', id, { roles: rolesText(roles) });
  }

  #update(operation: string, id: number, data: { passwordHash?: string; roles?: string }): Promise<UserRef> {
    return this.#run(operation, async (db) => {
      try {
        return toUserRef(await db.user.update({ where: { id }, data }));
      } catch (error) {
        if (prismaCode(error) === 'P2025') throw new NotFoundError('user', id);
        throw error;
      }
    });
  }
}
