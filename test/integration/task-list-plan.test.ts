import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrate } from '../../src/db/migrate';
import { taskListSql } from '../../src/db/task-list-query';
import type { TaskQuery } from '../../src/engine/task-query';
import { createPgDatabase, pgUnavailable } from '../support/pg-database';
import { tempSqliteUrl } from '../support/temp-sqlite';

const lists: [string, TaskQuery][] = [
  ['paused', { filter: { kind: 'paused' }, limit: 20 }],
  ['paused, next page', { filter: { kind: 'paused' }, limit: 20, after: { at: new Date(), id: 9 } }],
  ['paused by owner', { filter: { kind: 'paused', ownerId: 1 }, limit: 20, after: { at: new Date(), id: 9 } }],
  ['paused by flow before', { filter: { kind: 'paused', flow: 'f', pausedBefore: new Date() }, limit: 20 }],
  ['inbox', { filter: { kind: 'inbox', userId: 1 }, limit: 20 }],
  ['inbox, next page', { filter: { kind: 'inbox', userId: 1 }, limit: 20, after: { at: new Date(), id: 9 } }],
];

// The statement explained is the one the store sends (taskListSql), joins included.

/** A bound value as the drivers send it: SQLite stores dates as ISO text with an explicit +00:00. */
function sqliteValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().replace('Z', '+00:00') : value;
}

function pgLiteral(value: unknown): string {
  if (value instanceof Date) return `'${value.toISOString()}'`;
  return typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);
}

describe('task list query plans', () => {
  it('reads the paused and inbox lists through an index on SQLite', async () => {
    const file = await tempSqliteUrl('plan');
    try {
      await migrate(file.url);
      // EXPLAIN through Prisma's raw API fails to parse here; ask SQLite directly.
      const db = new Database(file.url.replace(/^file:/, ''), { readonly: true });
      try {
        for (const [name, query] of lists) {
          const { sql, values } = taskListSql(query);
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values.map(sqliteValue)) as { detail: string }[])
            .map((row) => row.detail)
            .join(' | ');
          assert.match(plan, /USING (COVERING )?INDEX Task_/, `${name}: ${plan}`);
          assert.doesNotMatch(plan, /SCAN (main\.)?Task\b(?! USING)/, `${name}: ${plan}`);
          assert.doesNotMatch(plan, /SCAN (p|u)\b/, `${name}: the process and owner are looked up by key: ${plan}`);
          if (name.startsWith('paused')) assert.doesNotMatch(plan, /TEMP B-TREE/, `${name} must come out of the index in order: ${plan}`);
        }
      } finally {
        db.close();
      }
    } finally {
      await file.remove();
    }
  });

  it('can read the paused and inbox lists through an index on PostgreSQL', async (t) => {
    const unavailable = await pgUnavailable();
    if (unavailable) return t.skip(unavailable);
    const database = await createPgDatabase('plan');
    try {
      await migrate(database.url);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        // An empty table is cheapest to scan; forbid that to see whether an index serves the query.
        await client.query('SET enable_seqscan = off');
        for (const [name, query] of lists) {
          const { text, values } = taskListSql(query);
          await client.query('DEALLOCATE ALL');
          await client.query(`PREPARE list AS ${text}`);
          const rows = (await client.query(`EXPLAIN EXECUTE list(${values.map(pgLiteral).join(', ')})`)).rows as { 'QUERY PLAN': string }[];
          const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
          assert.match(plan, /Index (Only )?Scan/, `${name}:\n${plan}`);
          assert.doesNotMatch(plan, /Seq Scan on "Task"/, `${name}:\n${plan}`);
        }
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });
});
