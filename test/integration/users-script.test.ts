import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../../src/auth/passwords';
import { openDatabase } from '../../src/db/open-database';
import { tempSqliteUrl } from '../support/temp-sqlite';

function users(url: string, args: string[], stdin = ''): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/users.ts', ...args],
      { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe('npm run users', () => {
  let tmp: { url: string; remove(): Promise<void> };
  before(async () => {
    tmp = await tempSqliteUrl('users');
  });
  after(() => tmp.remove());

  it('adds a user, sets a password, grants and revokes admin', async () => {
    assert.match((await users(tmp.url, ['add', 'carol', '--name', 'Carol Jones', '--admin'], 'first-password\n')).out, /added carol \(admin,user\)/);
    assert.equal((await users(tmp.url, ['set-password', 'carol'], 'short\n')).code, 2);
    assert.match((await users(tmp.url, ['set-password', 'carol'], 'second-password\n')).out, /password of carol changed/);
    assert.match((await users(tmp.url, ['revoke-admin', 'carol'])).out, /roles user/);
    const db = await openDatabase(tmp.url, { sessionPruneIntervalMs: 0 });
    try {
      const carol = (await db.users.findByUsername('carol'))!;
      assert.equal(carol.displayName, 'Carol Jones');
      assert.deepEqual(carol.roles, ['user']);
      assert.match(carol.passwordHash, /^\$argon2id\$/);
      assert.ok(await verifyPassword(carol.passwordHash, 'second-password'));
    } finally {
      await db.close();
    }
  });

  it('explains its usage on an unknown command', async () => {
    const res = await users(tmp.url, ['frobnicate']);
    assert.equal(res.code, 2);
    assert.match(res.out, /usage: npm run users/);
  });
});
