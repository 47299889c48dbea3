import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../../src/db/migrate';
import { openDatabase } from '../../src/db/open-database';
import { seedDemo } from '../../src/demo-seed';
import { WorkflowEngine, type Actor } from '../../src/engine';
import { flows } from '../../src/flows';
import { fetchLoggedIn, versionFrom, type FetchClient } from './fetch-client';
import { prng } from './model-check';
import { freePort, ServerProcess } from './server-process';
import { tempSqliteUrl } from './temp-sqlite';

export interface CrashFigures {
  kills: number;
  /** Save and Pause requests sent, acknowledged (303) and cut by a kill. */
  sent: number;
  acknowledged: number;
  cut: number;
  /** Cut requests whose draft was committed anyway (allowed: the client never heard back). */
  cutButCommitted: number;
  integrityChecks: number;
}

/** What one task has been through, as the clients saw it. */
interface TaskLog {
  id: number;
  owner: string;
  /** Every draft sent, by sequence number (1, 2, ...). */
  sent: Map<number, Record<string, string>>;
  /** The sequence number of the last acknowledged Save and Pause (0: none yet). */
  acked: number;
  ackCount: number;
}

const USERS = ['alice', 'bob', 'admin'] as const;

/** Draft text that would show any mangling: unicode, emoji, quotes, markup, CR LF, the sequence number. */
function draftFor(task: number, seq: number, random: () => number): Record<string, string> {
  const pad = 'x'.repeat(Math.floor(random() * 2000));
  return {
    category: ['invoice', 'complaint', 'bogus'][seq % 3]!,
    summary: `task ${task} save ${seq} «ünïcödé» 😀 "q" 'a' <b>&amp;</b>\r\nline two ${pad}`,
    amount: seq % 2 ? `${seq},50 €` : String(seq),
    department: '',
    replyBy: seq % 5 ? '' : 'not a date',
  };
}

/**
 * Runs the real server as a child process on a fresh SQLite file while
 * `clients` logged-in sessions (alice, bob and admin in turn, each on tasks
 * of its own) open their tasks and Save and Pause drafts in a loop; kills
 * the server with SIGKILL `kills` times at random moments (seeded), and
 * after each kill, with the server down, checks the file:
 *
 * - `PRAGMA integrity_check` is ok;
 * - every task's draft is exactly the draft of its last acknowledged Save
 *   and Pause, or of the one sent after it that the kill cut (the server may
 *   have committed it without answering); before any acknowledgement, that
 *   cut one or the task's original (no draft);
 * - the task has at least as many pause history rows as acknowledged saves,
 *   and no more than were sent.
 *
 * Sessions live in the database, so every client is still logged in after
 * a restart (a login lost is an acknowledged write lost).
 */
export async function crashUnderLoad(opts: { kills: number; clients: number; seed: number }): Promise<CrashFigures> {
  const random = prng(opts.seed);
  const file = await tempSqliteUrl('crash');
  const path = file.url.slice('file:'.length);
  const tasks = await prepare(file.url, opts.clients);
  const server = new ServerProcess({
    NODE_ENV: 'test',
    DATABASE_URL: file.url,
    PORT: String(await freePort()),
    SESSION_SECRET: 'crash-test-session-secret-'.padEnd(48, 'k'),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
  });
  const figures: CrashFigures = { kills: 0, sent: 0, acknowledged: 0, cut: 0, cutButCommitted: 0, integrityChecks: 0 };
  try {
    await server.start();
    const clients = await Promise.all(tasks.map((t) => fetchLoggedIn(server.url, t.owner)));
    for (let kill = 0; kill < opts.kills; kill++) {
      if (kill > 0) await server.start();
      const progress = { acks: 0 };
      let stop = false;
      const loops = tasks.map((task, i) => saveLoop(clients[i]!, task, () => stop, progress, figures, random));
      // Kill under load: once every client has had a few saves answered, at a random moment after that.
      while (progress.acks < opts.clients * 2 && !(await anyDone(loops))) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, Math.floor(random() * 400)));
      await server.kill();
      stop = true;
      await Promise.all(loops);
      figures.kills++;
      checkFile(path, tasks, figures);
    }
    // One last start: the app serves every task's latest draft.
    await server.start();
    for (const [i, task] of tasks.entries()) {
      const page = await clients[i]!.get(`/tasks/${task.id}`);
      assert.equal(page.status, 200, `${task.owner} is still logged in and opens task ${task.id}`);
    }
    assert.equal(await server.stop(), 0, 'a graceful stop after all that');
    checkFile(path, tasks, figures);
    return figures;
  } catch (error) {
    (error as Error).message += `\nserver output:\n${server.output()}`;
    throw error;
  } finally {
    await server.kill();
    await file.remove();
  }
}

async function anyDone(loops: Promise<void>[]): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([...loops, Promise.resolve(marker)])) !== marker;
}

/** Migrates, seeds the demo users and gives each client a triage task of its own. */
async function prepare(url: string, clients: number): Promise<TaskLog[]> {
  await migrate(url);
  const db = await openDatabase(url, { sessionPruneIntervalMs: 0 });
  try {
    const engine = new WorkflowEngine({ store: db.store, flows });
    await seedDemo({ engine, users: db.users });
    const actor = async (name: string): Promise<Actor> => {
      const user = (await db.users.findByUsername(name))!;
      return { id: user.id, roles: user.roles };
    };
    const admin = await actor('admin');
    const out: TaskLog[] = [];
    for (let i = 0; i < clients; i++) {
      const owner = USERS[i % USERS.length]!;
      const process = await engine.start('incoming-mail', admin, { sender: `Client ${i}`, subject: `Crash test mail ${i}`, received: '2026-03-01' });
      const triage = (await db.store.processTasks(process.id)).find((t) => t.node === 'triage')!;
      await engine.take(triage.id, await actor(owner));
      out.push({ id: triage.id, owner, sent: new Map(), acked: 0, ackCount: 0 });
    }
    return out;
  } finally {
    await db.close();
  }
}

/** Opens the task and saves a new draft, again and again, until the server goes away. */
async function saveLoop(
  client: FetchClient,
  task: TaskLog,
  stopped: () => boolean,
  progress: { acks: number },
  figures: CrashFigures,
  random: () => number,
): Promise<void> {
  while (!stopped()) {
    let page;
    try {
      page = await client.get(`/tasks/${task.id}`);
    } catch {
      return; // the server is gone
    }
    assert.equal(page.status, 200, `GET /tasks/${task.id} as ${task.owner} (a 303 to /login would be a lost session)`);
    const seq = task.sent.size + 1;
    const draft = draftFor(task.id, seq, random);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    task.sent.set(seq, draft);
    figures.sent++;
    let res;
    try {
      res = await client.postRaw(`/tasks/${task.id}`, { _csrf: token, version: versionFrom(page.text), _pause: '1', ...draft });
    } catch {
      figures.cut++;
      return;
    }
    assert.equal(res.status, 303, `Save and Pause of task ${task.id}: ${res.status} ${res.text.slice(0, 300)}`);
    task.acked = seq;
    task.ackCount++;
    figures.acknowledged++;
    progress.acks++;
  }
}

/** The file, read with the server down: integrity, and every acknowledged draft. */
function checkFile(path: string, tasks: TaskLog[], figures: CrashFigures): void {
  const db = new Database(path);
  try {
    assert.equal((db.pragma('integrity_check', { simple: true }) as string), 'ok');
    figures.integrityChecks++;
    for (const task of tasks) {
      const row = db.prepare('SELECT status, draft FROM "Task" WHERE id = ?').get(task.id) as { status: string; draft: string | null };
      const pauses = (db.prepare(`SELECT count(*) AS n FROM "TaskEvent" WHERE "taskId" = ? AND transition = 'pause'`).get(task.id) as { n: number }).n;
      const stored = row.draft === null ? null : (JSON.parse(row.draft) as Record<string, string>);
      const last = task.sent.size;
      const allowed = task.acked === last ? [task.acked] : [task.acked, last];
      const matches = allowed.filter((seq) => (seq === 0 ? stored === null : isDeepEqual(stored, task.sent.get(seq))));
      assert.ok(
        matches.length > 0,
        `task ${task.id}: the stored draft is neither the last acknowledged one (#${task.acked}) nor the cut one after it (#${last}): ${JSON.stringify(stored)?.slice(0, 200)}`,
      );
      if (matches.includes(last) && last !== task.acked) figures.cutButCommitted++;
      // A cut save that was committed counts as acknowledged from now on: its draft is what the next check must find.
      if (matches.includes(last)) task.acked = last;
      assert.ok(['PAUSED', 'PREPARED'].includes(row.status), `task ${task.id} is ${row.status}`);
      assert.ok(pauses >= task.ackCount && pauses <= last, `task ${task.id}: ${pauses} pause rows for ${task.ackCount} acknowledged of ${last} sent`);
    }
  } finally {
    db.close();
  }
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
