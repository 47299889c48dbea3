import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrate } from '../../src/db/migrate';
import { readSchemaText } from '../../src/db/migrations-folder';
import { checkSchemas, schemaDrift } from '../../src/db/schema-check';
import { PG_ADMIN_URL, createPgDatabase, pgUnavailable } from '../support/pg-database';
import { tempSqliteUrl } from '../support/temp-sqlite';

describe('migrate', () => {
  it('applies the migrations to a fresh SQLite file once, and nothing on a second run', async () => {
    const file = await tempSqliteUrl('migrate');
    try {
      const first = await migrate(file.url);
      assert.equal(first.provider, 'sqlite');
      assert.ok(first.applied.length >= 1 && first.applied[0]!.endsWith('_init'));
      assert.deepEqual((await migrate(file.url)).applied, []);
      const db = new Database(file.url.replace(/^file:/, ''), { readonly: true });
      try {
        const rows = db.prepare('SELECT migration_name, finished_at FROM _prisma_migrations').all() as { migration_name: string; finished_at: string | null }[];
        assert.deepEqual(rows.map((r) => r.migration_name), first.applied);
        assert.ok(rows.every((r) => r.finished_at));
        assert.ok(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Task'`).get());
      } finally {
        db.close();
      }
    } finally {
      await file.remove();
    }
  });

  it('applies the migrations to a fresh PostgreSQL database once, and nothing on a second run', async (t) => {
    const unavailable = await pgUnavailable();
    if (unavailable) return t.skip(unavailable);
    const database = await createPgDatabase('migrate');
    try {
      const first = await migrate(database.url);
      assert.equal(first.provider, 'postgresql');
      assert.ok(first.applied[0]!.endsWith('_init'));
      assert.deepEqual((await migrate(database.url)).applied, []);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL');
        assert.deepEqual(rows.map((r: { migration_name: string }) => r.migration_name), first.applied);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });
});

describe('db:check', () => {
  it('passes on the committed schemas and migrations', async (t) => {
    const unavailable = await pgUnavailable();
    if (unavailable) return t.skip(unavailable);
    assert.deepEqual(await checkSchemas({ shadowPgUrl: PG_ADMIN_URL }), []);
  });

  it('detects a field that exists in one schema only', async () => {
    const sqlite = await readSchemaText('sqlite');
    const postgresql = await readSchemaText('postgresql');
    assert.deepEqual(schemaDrift(sqlite, postgresql), []);
    const drifted = postgresql.replace('  pauseReason   String?\n', '  pauseReason   String?\n  pauseNote     String?\n');
    assert.notEqual(drifted, postgresql);
    const problems = schemaDrift(sqlite, drifted);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /pauseNote/);
  });

  it('ignores provider-specific parts: datasource, output path, comments and native types', async () => {
    const sqlite = await readSchemaText('sqlite');
    const postgresql = (await readSchemaText('postgresql'))
      .replace('  pauseReason   String?', '  pauseReason   String?  @db.VarChar(500) // free text');
    assert.deepEqual(schemaDrift(sqlite, postgresql), []);
  });

  it('detects a schema change that has no migration yet', async (t) => {
    const unavailable = await pgUnavailable();
    if (unavailable) return t.skip(unavailable);
    const add = (text: string) => text.replace('  pauseReason   String?\n', '  pauseReason   String?\n  pauseNote     String?\n');
    const problems = await checkSchemas({
      shadowPgUrl: PG_ADMIN_URL,
      schemas: { sqlite: add(await readSchemaText('sqlite')), postgresql: add(await readSchemaText('postgresql')) },
    });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /prisma\/sqlite\/migrations does not build[\s\S]*pauseNote/);
    assert.match(problems[1]!, /prisma\/postgresql\/migrations does not build[\s\S]*pauseNote/);
  });
});
