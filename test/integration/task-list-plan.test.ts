import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient } from '../../src/db/generated/sqlite/client';
import { PrismaClient as PgPrismaClient } from '../../src/db/generated/postgresql/client';
import { migrate } from '../../src/db/migrate';
import { taskListArgs } from '../../src/db/task-list-query';
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

type Logged = { query: string; params: string };

/** The SQL Prisma actually sends for each list (its first statement: the Task query). */
async function taskListSql(client: { $on(e: 'query', cb: (e: Logged) => void): void; task: { findMany(a: unknown): Promise<unknown> } }) {
  const out = new Map<string, Logged>();
  let current: Logged[] = [];
  client.$on('query', (e) => current.push({ query: e.query, params: e.params }));
  for (const [name, query] of lists) {
    current = [];
    await client.task.findMany(taskListArgs(query));
    out.set(name, current.find((q) => /FROM [`"]?(main|public)[`"]?\.[`"]Task[`"] WHERE/.test(q.query))!);
  }
  return out;
}

describe('task list query plans', () => {
  it('reads the paused and inbox lists through an index on SQLite', async () => {
    const file = await tempSqliteUrl('plan');
    try {
      await migrate(file.url);
      const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file.url }), log: [{ emit: 'event', level: 'query' }] });
      const sql = await taskListSql(prisma as never);
      await prisma.$disconnect();
      // EXPLAIN through Prisma's raw API fails to parse here; ask SQLite directly.
      const db = new Database(file.url.replace(/^file:/, ''), { readonly: true });
      try {
        for (const [name, { query }] of sql) {
          const n = (query.match(/\?/g) ?? []).length;
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...Array(n).fill(1)) as { detail: string }[])
            .map((row) => row.detail)
            .join(' | ');
          assert.match(plan, /USING (COVERING )?INDEX Task_/, `${name}: ${plan}`);
          assert.doesNotMatch(plan, /SCAN (main\.)?Task\b(?! USING)/, `${name}: ${plan}`);
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
      const prisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: database.url }), log: [{ emit: 'event', level: 'query' }] });
      const sql = await taskListSql(prisma as never);
      await prisma.$disconnect();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        // An empty table is cheapest to scan; forbid that to see whether an index serves the query.
        await client.query('SET enable_seqscan = off');
        for (const [name, { query, params }] of sql) {
          await client.query('DEALLOCATE ALL');
          await client.query(`PREPARE list AS ${query}`);
          const values = (JSON.parse(params) as unknown[]).map((v) => (typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v)));
          const rows = (await client.query(`EXPLAIN EXECUTE list(${values.join(', ')})`)).rows as { 'QUERY PLAN': string }[];
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
