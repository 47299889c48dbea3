import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../../src/auth/passwords';
import { openDatabase, type Database } from '../../src/db/open-database';
import { readMigrations } from '../../src/db/migrations-folder';
import { WorkflowEngine, type Actor, type UserRef } from '../../src/engine';
import { flows } from '../../src/flows';
import { AppProcess } from '../support/app-process';
import { POSTGRESQL, type TestDatabase } from '../support/test-databases';
import { SessionClient, versionIn, type Reply } from '../support/session-client';

/*
 * Several real server processes on one PostgreSQL database, as behind a
 * load balancer without sticky sessions: every request names the instance
 * it goes to. What holds across processes here holds only because of the
 * database (row locks, version checks, sessions in a table).
 */

const INSTANCES = 3;

const TRIAGE = {
  category: 'request',
  summary: 'The sender asks for a copy of her signed contract from 2024.',
  amount: '',
  department: 'legal',
  replyBy: '2026-04-01',
};

/** The statuses of `replies`, counted: `{ 303: 1, 409: 49 }`. */
function countStatuses(replies: Reply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of replies) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

function assertNo5xx(replies: Reply[]): void {
  const failed = replies.filter((r) => r.status >= 500);
  assert.equal(failed.length, 0, `no 5xx, got: ${failed.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n')}`);
}

describe('several app instances on one PostgreSQL database', { skip: POSTGRESQL.skip ?? false }, () => {
  let database: TestDatabase;
  let servers: AppProcess[] = [];
  let db: Database;
  let engine: WorkflowEngine;
  const users: Record<string, UserRef> = {};
  const actor = (name: string): Actor => ({ id: users[name]!.id, username: name, roles: users[name]!.roles });
  /** The base URL of instance `i` (any integer: spread work round-robin). */
  const on = (i: number) => servers[i % INSTANCES]!.url;

  before(async () => {
    database = await POSTGRESQL.create('multi');
    // All started at once on an empty database: each one runs the migrations at start.
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      SESSION_SECRET: 'shared-by-every-instance-'.padEnd(48, 'x'),
      PG_POOL_SIZE: '4',
      LOG_LEVEL: 'info',
    };
    const started = await Promise.allSettled(Array.from({ length: INSTANCES }, () => AppProcess.start(env)));
    servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;

    db = await openDatabase(database.url, { pgPoolSize: 3, sessionPruneIntervalMs: 0 });
    engine = new WorkflowEngine({ store: db.store, flows });
    const hash = await hashPassword('demo');
    users.alice = await db.users.create('alice', 'Alice Martin', hash, ['user']);
    users.bob = await db.users.create('bob', 'Bob Chen', hash, ['user']);
    users.admin = await db.users.create('admin', 'Ada Admin', hash, ['admin', 'user']);
  });

  after(async () => {
    const exits = await Promise.all(servers.map((s) => s.stop()));
    await db?.close();
    await database?.remove();
    for (const exit of exits) assert.deepEqual(exit, { code: 0, signal: null }, 'each instance stops cleanly');
  });

  /** A client logged in as `name` through instance `i`. */
  async function loggedIn(name: string, i = 0): Promise<SessionClient> {
    const client = new SessionClient();
    const res = await client.login(on(i), name);
    assert.equal(res.status, 303, `login as ${name} through instance ${i % INSTANCES}`);
    return client;
  }

  /** A new mail whose triage alice has taken. */
  async function triageForAlice(): Promise<number> {
    const process = await engine.start('incoming-mail', actor('admin'), { sender: 'Mara Lind', subject: 'Contract copy', received: '2026-03-05' });
    const triage = (await engine.process(process.id, actor('admin'))).tasks.find((t) => t.node === 'triage')!;
    await engine.take(triage.id, actor('alice'));
    return triage.id;
  }

  it('start together on an empty database, and the migrations are applied exactly once', async () => {
    const appliedBy = servers.filter((s) => s.logs().some((l) => l.msg === 'database migrations applied'));
    assert.equal(appliedBy.length, 1, 'one instance applied them; the others found them applied');
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
    );
    const folders = (await readMigrations('postgresql')).migrationDirectories.map((d) => d.path.split(/[\\/]/).pop());
    assert.deepEqual(rows.map((r) => r.migration_name), folders);
    for (const server of servers) assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  it('keeps a user logged in through one instance logged in on every instance, and logged out everywhere after logout', async () => {
    const alice = await loggedIn('alice', 0);
    for (let i = 1; i < INSTANCES; i++) {
      const inbox = await alice.get(on(i), '/tasks/inbox');
      assert.equal(inbox.status, 200, `instance ${i} knows the session`);
      assert.match(inbox.text, /Alice Martin/);
    }
    assert.equal((await alice.post(on(1), '/logout', {})).status, 303);
    for (let i = 0; i < INSTANCES; i++) {
      const res = await alice.get(on(i), '/tasks/inbox');
      assert.equal(res.status, 303, `instance ${i} sends the logged-out user to the login page`);
      assert.match(res.location ?? '', /^\/login/);
    }
  });

  it('gives one DONE and 49 conflicts for 50 simultaneous completions of one task spread over the instances', async () => {
    const taskId = await triageForAlice();
    const sessions = await Promise.all(Array.from({ length: INSTANCES }, (_, i) => loggedIn('alice', i)));
    const page = await sessions[0]!.get(on(0), `/tasks/${taskId}`);
    assert.equal(page.status, 200);
    const version = versionIn(page.text);
    await Promise.all(sessions.map((s, i) => s.token(on(i))));

    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, n) => sessions[n % INSTANCES]!.post(on(n), `/tasks/${taskId}`, { ...TRIAGE, version })),
    );
    assertNo5xx(replies);
    assert.deepEqual(countStatuses(replies), { 303: 1, 409: 49 });

    const task = (await db.store.getTask(taskId))!;
    assert.equal(task.status, 'DONE');
    const done = (await engine.taskHistory(taskId)).filter((e) => e.toStatus === 'DONE');
    assert.equal(done.length, 1, 'one DONE history row');
    const tasks = (await engine.process(task.processId, actor('admin'))).tasks;
    assert.equal(tasks.filter((t) => t.node === 'reply').length, 1, 'the next task was created once');
  });

  it('loses no acknowledged Save and Pause when pauses and a completion of one task race across the instances', async (t) => {
    const taskId = await triageForAlice();
    const sessions = await Promise.all(Array.from({ length: INSTANCES }, (_, i) => loggedIn('alice', i)));
    await Promise.all(sessions.map((s, i) => s.token(on(i))));
    const replies: Reply[] = [];
    const acknowledged: string[] = [];
    let firstPauseSeen = () => {};
    const firstPause = new Promise<void>((resolve) => (firstPauseSeen = resolve));

    /** Opens the task on instance `i` and saves a draft of its own; true once the task is no longer workable. */
    async function pauseOnce(worker: number, round: number): Promise<boolean> {
      const i = worker % INSTANCES;
      const page = await sessions[i]!.get(on(worker + round), `/tasks/${taskId}`);
      replies.push(page);
      if (page.status === 303) return true; // done: the owner is sent to the read-only detail page
      if (page.status !== 200) return false; // 409: changed while opening; try again
      const summary = `draft of pauser ${worker} in round ${round}`;
      const res = await sessions[i]!.post(on(worker + round), `/tasks/${taskId}`, {
        category: 'other',
        summary,
        amount: 'not yet',
        department: '',
        replyBy: '',
        version: versionIn(page.text),
        _pause: '1',
      });
      replies.push(res);
      if (res.status === 303) {
        acknowledged.push(summary);
        firstPauseSeen();
      }
      return false;
    }

    async function pauser(worker: number): Promise<void> {
      for (let round = 0; round < 4; round++) {
        if (await pauseOnce(worker, round)) return;
      }
    }

    /** Completes from whatever page it last saw; returns the summary that page showed. */
    async function completer(): Promise<string> {
      for (let attempt = 0; attempt < 200; attempt++) {
        const page = await sessions[attempt % INSTANCES]!.get(on(attempt), `/tasks/${taskId}`);
        replies.push(page);
        if (page.status !== 200) continue;
        const shown = /<textarea[^>]*name="summary"[^>]*>([^<]*)<\/textarea>/.exec(page.text)?.[1] ?? '';
        const res = await sessions[attempt % INSTANCES]!.post(on(attempt + 1), `/tasks/${taskId}`, { ...TRIAGE, version: versionIn(page.text) });
        replies.push(res);
        if (res.status === 303) return shown;
      }
      throw new Error('the completion never got through');
    }

    // The completion joins the race once a first draft is acknowledged (an event, not a delay).
    const pausers = Array.from({ length: 6 }, (_, w) => pauser(w));
    await Promise.race([firstPause, Promise.all(pausers)]);
    const [shown] = await Promise.all([completer(), ...pausers]);
    assertNo5xx(replies);
    assert.ok(replies.every((r) => [200, 303, 409].includes(r.status)), `only 200, 303 and 409: ${JSON.stringify(countStatuses(replies))}`);

    const task = (await db.store.getTask(taskId))!;
    assert.equal(task.status, 'DONE');
    const history = await engine.taskHistory(taskId);
    const pauses = history.filter((e) => e.transition === 'pause');
    const drafted = pauses.map((e) => String((e.data as { draft: { summary: string } }).draft.summary));
    assert.deepEqual([...drafted].sort(), [...acknowledged].sort(), 'every acknowledged draft is in the history, and only those');
    const completion = history.findIndex((e) => e.transition === 'complete');
    assert.equal(history.filter((e) => e.transition === 'complete').length, 1);
    assert.ok(history.slice(completion + 1).every((e) => e.transition !== 'pause'), 'no pause after the completion');
    assert.ok(acknowledged.length >= 1, 'drafts were saved before the completion got through');
    assert.equal(shown, drafted.at(-1), 'the completion was made from a page showing the latest acknowledged draft');
    t.diagnostic(`${acknowledged.length} acknowledged pauses before the completion; statuses ${JSON.stringify(countStatuses(replies))}`);
  });

  it('creates one join task when the two branches of a Split are completed at the same moment on different instances', async () => {
    const admin = await loggedIn('admin', 0);
    const bob = await loggedIn('bob', 1);
    await Promise.all([admin.token(on(0)), bob.token(on(1))]);
    const processes = [];
    for (let n = 0; n < 6; n++) {
      const process = await engine.start('purchase-request', actor('alice'), { item: `Server rack ${n}`, amount: '6000', reason: 'The old rack is full and out of support.' });
      const tasks = (await engine.process(process.id, actor('admin'))).tasks;
      const bigApprove = tasks.find((t) => t.node === 'bigApprove')!;
      const budget = tasks.find((t) => t.node === 'budget')!;
      await engine.take(bigApprove.id, actor('admin'));
      await engine.take(budget.id, actor('bob'));
      const [approvePage, budgetPage] = await Promise.all([admin.get(on(n), `/tasks/${bigApprove.id}`), bob.get(on(n + 1), `/tasks/${budget.id}`)]);
      assert.equal(approvePage.status, 200);
      assert.equal(budgetPage.status, 200);
      processes.push({ id: process.id, bigApprove: bigApprove.id, budget: budget.id, approveVersion: versionIn(approvePage.text), budgetVersion: versionIn(budgetPage.text) });
    }

    const replies = await Promise.all(
      processes.flatMap((p, n) => [
        admin.post(on(n), `/tasks/${p.bigApprove}`, { decision: 'approve', comment: '', version: p.approveVersion }),
        bob.post(on(n + 1), `/tasks/${p.budget}`, { budgetLine: 'IT-2026', budgetOk: 'on', version: p.budgetVersion }),
      ]),
    );
    assertNo5xx(replies);
    assert.deepEqual(countStatuses(replies), { 303: processes.length * 2 }, 'both branches complete');

    for (const p of processes) {
      const { tasks } = await engine.process(p.id, actor('admin'));
      const joins = tasks.filter((t) => t.node === 'checked');
      assert.equal(joins.length, 1, `process ${p.id}: one join task`);
      assert.equal(joins[0]!.status, 'DONE');
      assert.equal(tasks.filter((t) => t.node === 'order').length, 1, `process ${p.id}: one order task after the join`);
    }
  });
});
