/**
 * How many SQL statements one request costs: the real app in-process on a
 * demo database, one logged-in GET of the Paused list and one Save and
 * Pause, with Prisma's statements traced. Not part of `npm run bench`.
 *   npx tsx bench/tools/sql-per-request.ts
 */
import { loggedIn, csrfFrom } from '../../test/support/http-client';
import { startTestApp } from '../../test/support/web-app';
import { countStatements, traceSql, type TracedStatement } from '../lib/sql-trace';

const t = await startTestApp();
try {
  const alice = await loggedIn(t.app, 'alice');
  await alice.agent.get('/tasks/paused').expect(200);
  const list = await traceSql(() => alice.agent.get('/tasks/paused').expect(200).then(() => undefined));
  report('GET /tasks/paused', list.statements);
  const task = await t.newTriageFor('alice');
  const page = await alice.agent.get(`/tasks/${task.id}`).expect(200);
  const opened = await t.db.store.getTask(task.id);
  const body = { _csrf: csrfFrom(page.text), version: String(opened!.version), _pause: '1', category: 'complaint', summary: 'draft' };
  const save = await traceSql(() => alice.agent.post(`/tasks/${task.id}`).type('form').send(body).expect(303).then(() => undefined));
  report('POST Save and Pause', save.statements);
} finally {
  await t.close();
}

function report(name: string, statements: TracedStatement[]): void {
  const { statements: n, transactions } = countStatements(statements);
  console.log(`${name}: ${n} statements, ${transactions} transactions`);
  for (const s of statements) console.log(`   ${s.sql.replace(/`main`\.`\w+`\.`(\w+)`/g, '$1').slice(0, 110)}`);
}
