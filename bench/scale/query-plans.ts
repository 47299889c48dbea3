import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../src/db/open-database';
import type { Actor, WorkflowEngine } from '../../src/engine';
import { traceSql } from '../lib/sql-trace';

export interface QueryPlan {
  list: string;
  sql: string;
  plan: string[];
  usesIndex: boolean;
}

/**
 * The query plans of the Paused list and the admin Paused queue as the app
 * really runs them: the Prisma queries are traced and each SELECT on Task
 * is explained with its own parameters.
 */
export async function pausedListPlans(
  url: string,
  sqlite: BetterSqlite3.Database,
  makeEngine: (db: Awaited<ReturnType<typeof openDatabase>>) => WorkflowEngine,
  alice: Actor,
  admin: Actor,
): Promise<QueryPlan[]> {
  const db = await openDatabase(url, { sessionPruneIntervalMs: 0 });
  try {
    const engine = makeEngine(db);
    const lists: [string, () => Promise<unknown>][] = [
      ['Paused list', () => engine.paused(alice)],
      ['admin Paused queue', () => engine.pausedQueue(admin)],
    ];
    const plans: QueryPlan[] = [];
    for (const [list, run] of lists) {
      const { statements } = await traceSql(run);
      const main = statements.find((s) => /^\s*SELECT .* FROM (`main`\.`Task`|"Task")/s.test(s.sql));
      if (!main) throw new Error(`${list}: no SELECT on Task traced`);
      const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${main.sql}`).all(...main.params) as { detail: string }[];
      const plan = rows.map((r) => r.detail);
      // The Task line (aliased `t` in the store's joined list query) must use an index, and no joined table a scan.
      const onTask = plan.filter((line) => /\bTask\b|^(SEARCH|SCAN) t\b/.test(line));
      const indexed = (line: string) => /USING (COVERING )?INDEX|PRIMARY KEY/.test(line);
      plans.push({ list, sql: main.sql, plan, usesIndex: onTask.length > 0 && plan.filter((l) => /^(SEARCH|SCAN) /.test(l)).every(indexed) });
    }
    return plans;
  } finally {
    await db.close();
  }
}
