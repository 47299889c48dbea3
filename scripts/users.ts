/**
 * Manage accounts on a real deployment (the database from DATABASE_URL):
 *
 *   npm run users -- list
 *   npm run users -- add <username> [--name "Display Name"] [--admin]
 *   npm run users -- set-password <username>
 *   npm run users -- grant-admin <username>
 *   npm run users -- revoke-admin <username>
 *
 * Passwords are read from the terminal without echo, or as the first line
 * of standard input when it is not a terminal (for scripts).
 */
import { createInterface } from 'node:readline';
import { hashPassword } from '../src/auth/passwords';
import type { UserAccounts } from '../src/auth/user-accounts';
import { loadConfig } from '../src/config';
import { migrate } from '../src/db/migrate';
import { openDatabase } from '../src/db/open-database';
import { ADMIN_ROLE, type UserRef } from '../src/engine';

const MIN_PASSWORD = 8;
const USAGE = `usage: npm run users -- <command>
  list
  add <username> [--name "Display Name"] [--admin]
  set-password <username>
  grant-admin <username>
  revoke-admin <username>`;

class UsageError extends Error {}

function readPassword(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  if (process.stdin.isTTY) {
    process.stdout.write(prompt);
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  return new Promise((resolve) => {
    rl.once('line', (line) => {
      resolve(line);
      rl.close();
      if (process.stdin.isTTY) process.stdout.write('\n');
    });
    rl.once('close', () => resolve(''));
  });
}

async function newPasswordHash(): Promise<string> {
  const password = await readPassword('New password: ');
  if (password.length < MIN_PASSWORD) throw new UsageError(`the password must have at least ${MIN_PASSWORD} characters`);
  return hashPassword(password);
}

async function existing(users: UserAccounts, username: string | undefined): Promise<UserRef> {
  if (!username) throw new UsageError(USAGE);
  const user = await users.findByUsername(username);
  if (!user) throw new UsageError(`no user named ${username}`);
  return user;
}

function optionValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function run(users: UserAccounts, [command, ...args]: string[], passwordHash: string | null): Promise<string> {
  switch (command) {
    case 'list':
      return (await users.list())
        .map((u) => `${u.username.padEnd(20)} ${u.displayName.padEnd(30)} ${u.roles.join(',')}${u.disabled ? ' (disabled)' : ''}`)
        .join('\n');
    case 'add': {
      const username = args[0];
      if (!username || username.startsWith('--') || !/^[a-z0-9._-]{2,50}$/i.test(username)) {
        throw new UsageError('add needs a username of 2 to 50 letters, digits, dots, dashes or underscores');
      }
      const roles = args.includes('--admin') ? [ADMIN_ROLE, 'user'] : ['user'];
      const user = await users.create(username, optionValue(args, '--name') ?? username, passwordHash!, roles);
      return `added ${user.username} (${user.roles.join(',')})`;
    }
    case 'set-password': {
      const user = await existing(users, args[0]);
      await users.setPassword(user.id, passwordHash!);
      return `password of ${user.username} changed`;
    }
    case 'grant-admin':
    case 'revoke-admin': {
      const user = await existing(users, args[0]);
      const others = user.roles.filter((r) => r !== ADMIN_ROLE);
      const roles = command === 'grant-admin' ? [ADMIN_ROLE, ...others] : others.length ? others : ['user'];
      const updated = await users.setRoles(user.id, roles);
      return `${updated.username} now has the roles ${updated.roles.join(',')}`;
    }
    default:
      throw new UsageError(USAGE);
  }
}

const COMMANDS = ['list', 'add', 'set-password', 'grant-admin', 'revoke-admin'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (!COMMANDS.includes(args[0] ?? '')) throw new UsageError(USAGE);
  const config = loadConfig(process.env);
  // Read the password before the database opens: the migration engine would otherwise get standard input first.
  const passwordHash = args[0] === 'add' || args[0] === 'set-password' ? await newPasswordHash() : null;
  await migrate(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl, { sessionPruneIntervalMs: 0 });
  try {
    console.log(await run(db.users, args, passwordHash));
  } finally {
    await db.close();
  }
}

// Exit explicitly: a finished command should not wait for idle timers in the database libraries.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
