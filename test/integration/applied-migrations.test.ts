import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { appliedMigrations } from '../../src/db/applied-migrations';
import { migrate } from '../../src/db/migrate';
import { readMigrations } from '../../src/db/migrations-folder';
import { tempSqliteUrl } from '../support/temp-sqlite';

/** What lets the server's start-up skip the Wasm schema engine when nothing is pending. */
describe('appliedMigrations', () => {
  it('cannot tell for a missing database, and lists what migrate applied once it ran', async () => {
    const file = await tempSqliteUrl('applied');
    try {
      assert.equal(await appliedMigrations('sqlite', file.url), null);
      await migrate(file.url);
      const names = (await readMigrations('sqlite')).migrationDirectories.map((dir) => dir.path);
      assert.deepEqual([...(await appliedMigrations('sqlite', file.url))!].sort(), names);
    } finally {
      await file.remove();
    }
  });

  it('leaves the decision to the schema engine when a failed migration is on record', async () => {
    const file = await tempSqliteUrl('failed');
    try {
      await migrate(file.url);
      const db = new Database(file.url.replace(/^file:/, ''));
      db.prepare(`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('x', 'c', '29990101000000_broken', '2999-01-01', 0)`).run();
      db.close();
      assert.equal(await appliedMigrations('sqlite', file.url), null);
    } finally {
      await file.remove();
    }
  });
});
