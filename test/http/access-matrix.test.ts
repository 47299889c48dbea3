import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TaskRecord } from '../../src/engine';
import { snapshot } from '../support/db-snapshot';
import { FetchClient, fetchLoggedIn, type FetchResponse } from '../support/fetch-client';
import { listen, startTestApp, type TestApp } from '../support/web-app';

type Role = 'anonymous' | 'alice' | 'bob' | 'admin';
const ROLES: Role[] = ['anonymous', 'alice', 'bob', 'admin'];

/** An expected answer: a status, or a redirect to a path prefix. */
type Expect = number | `303 ${string}`;

interface Case {
  method: 'GET' | 'POST';
  /** The route as written in the router, for the failure message. */
  route: string;
  path: string;
  body?: Record<string, string>;
  expect: Record<Role, Expect>;
}

const LOGIN = '303 /login' as const;
/** An anonymous form POST: 401, a page that keeps what was typed and links to the login (a redirect would lose it). */
const EXPIRED = 401;
/** Asked in a test of its own, because it changes the task. */
const SKIP = 0;

describe('access: every route by role (anonymous, alice, another user bob, admin) on a task alice owns', () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  const clients = {} as Record<Role, FetchClient>;
  const tokens = {} as Record<Role, string>;
  let task: TaskRecord;
  let queued: TaskRecord;

  before(async () => {
    t = await startTestApp();
    server = await listen(t.app);
    for (const role of ROLES) {
      clients[role] = role === 'anonymous' ? new FetchClient(server.url) : await fetchLoggedIn(server.url, role);
      tokens[role] = await clients[role].token(role === 'anonymous' ? '/login' : '/tasks/inbox');
    }
    // alice's task, paused with a draft; the process was started by the admin.
    const taken = await t.newTriageFor('alice');
    await t.engine.open(taken.id, t.actor('alice'));
    task = await t.engine.pause(taken.id, t.actor('alice'), { draft: { summary: 'alice’s private draft' }, reason: 'alice’s reason' });
    const process = await t.engine.start('incoming-mail', t.actor('admin'), { sender: 'Queue', subject: 'In the queue', received: '2026-03-01' });
    queued = (await t.db.store.processTasks(process.id)).find((x) => x.node === 'triage')!;
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  const users = (ok: Expect): Record<Role, Expect> => ({ anonymous: LOGIN, alice: ok, bob: ok, admin: ok });
  const cases = (): Case[] => {
    const v = String(task.version);
    return [
      { method: 'GET', route: '/', path: '/', expect: users('303 /tasks/inbox') },
      ...['inbox', 'queue', 'paused', 'archive'].map((k): Case => ({ method: 'GET', route: `/tasks/${k}`, path: `/tasks/${k}`, expect: users(200) })),
      { method: 'GET', route: '/start', path: '/start', expect: users(200) },
      { method: 'GET', route: '/flows/:flow/start', path: '/flows/incoming-mail/start', expect: users(200) },
      { method: 'GET', route: '/flows/:flow/paused', path: '/flows/incoming-mail/paused', expect: users(200) },
      // Opening the work page resumes a paused task: alice opens hers in the next test.
      { method: 'GET', route: '/tasks/:id (someone else’s)', path: `/tasks/${task.id}`, expect: { anonymous: LOGIN, alice: SKIP, bob: 403, admin: 403 } },
      { method: 'GET', route: '/tasks/:id/detail', path: `/tasks/${task.id}/detail`, expect: { anonymous: LOGIN, alice: 200, bob: 403, admin: 200 } },
      { method: 'GET', route: '/tasks/:id (queue task)', path: `/tasks/${queued.id}`, expect: users(200) },
      { method: 'GET', route: '/processes/:id', path: `/processes/${task.processId}`, expect: { anonymous: LOGIN, alice: 200, bob: 403, admin: 200 } },
      { method: 'GET', route: '/admin/paused', path: '/admin/paused', expect: { anonymous: LOGIN, alice: 403, bob: 403, admin: 200 } },
      { method: 'GET', route: '/login', path: '/login', expect: { anonymous: 200, alice: '303 /tasks/inbox', bob: '303 /tasks/inbox', admin: '303 /tasks/inbox' } },
      { method: 'POST', route: '/tasks/:id (pause)', path: `/tasks/${task.id}`, body: { version: v, _pause: '1', summary: 'not yours' }, expect: { anonymous: EXPIRED, alice: 409, bob: 403, admin: 403 } },
      { method: 'POST', route: '/tasks/:id (complete)', path: `/tasks/${task.id}`, body: { version: v, summary: 'not yours' }, expect: { anonymous: EXPIRED, alice: 409, bob: 403, admin: 403 } },
      // Taking a task someone owns is a conflict for a candidate (it may just have been taken), never a success.
      { method: 'POST', route: '/tasks/:id/take', path: `/tasks/${task.id}/take`, body: { version: v }, expect: { anonymous: EXPIRED, alice: 409, bob: 409, admin: 409 } },
      { method: 'POST', route: '/admin/tasks/:id/reassign', path: `/admin/tasks/${task.id}/reassign`, body: { version: v, to: String(t.users.bob.id) }, expect: { anonymous: EXPIRED, alice: 403, bob: 403, admin: SKIP } },
      { method: 'POST', route: '/admin/tasks/:id/cancel', path: `/admin/tasks/${task.id}/cancel`, body: { version: v }, expect: { anonymous: EXPIRED, alice: 403, bob: 403, admin: SKIP } },
    ];
  };

  function check(res: FetchResponse, expected: Expect, what: string): void {
    if (typeof expected === 'number') {
      assert.equal(res.status, expected, `${what}: ${res.status} ${res.location ?? ''}`);
    } else {
      const [, prefix] = expected.split(' ');
      assert.equal(res.status, 303, `${what}: ${res.status}`);
      assert.ok(res.location?.startsWith(prefix!), `${what}: redirected to ${res.location}`);
    }
    if (res.status === 401) assert.match(res.text, /Your session has ended/, `${what}: the page says why`);
    if (res.status === 403) assert.doesNotMatch(res.text, /alice’s private draft|alice’s reason/, `${what}: a refusal shows nothing of alice's work`);
  }

  it('answers every route as the matrix says, and no refused request changes anything', async () => {
    let checked = 0;
    for (const c of cases()) {
      for (const role of ROLES) {
        const expected = c.expect[role];
        if (expected === SKIP) continue;
        const before = await snapshot(t.db.prisma);
        const res =
          c.method === 'GET' ? await clients[role].get(c.path) : await clients[role].postRaw(c.path, { _csrf: tokens[role], ...c.body });
        check(res, expected, `${role} ${c.method} ${c.route}`);
        if (res.status >= 300) assert.deepEqual(await snapshot(t.db.prisma), before, `${role} ${c.method} ${c.route} changed the database`);
        checked++;
      }
    }
    assert.ok(checked > 70);
    const stored = (await t.db.store.getTask(task.id))!;
    assert.deepEqual(stored.draft, { summary: 'alice’s private draft' });
    assert.equal(stored.status, 'PAUSED');
  });

  it('lets only the owner open her task and only the admin reassign or cancel it', async () => {
    const opened = await clients.alice.get(`/tasks/${task.id}`);
    assert.equal(opened.status, 200);
    assert.match(opened.text, /alice’s private draft/);
    const current = (await t.db.store.getTask(task.id))!;
    const moved = await clients.admin.postRaw(`/admin/tasks/${task.id}/reassign`, { _csrf: tokens.admin, version: String(current.version), to: String(t.users.bob.id) });
    assert.equal(moved.status, 303);
    const canceled = await clients.admin.postRaw(`/admin/tasks/${task.id}/cancel`, { _csrf: tokens.admin, version: String(current.version + 1) });
    assert.equal(canceled.status, 303);
    assert.equal((await t.db.store.getTask(task.id))!.status, 'CANCELED');
  });

  it('answers anonymous requests that ask for JSON with 401 JSON on every protected route', async () => {
    for (const c of cases()) {
      if (c.route === '/login') continue;
      const res =
        c.method === 'GET'
          ? await clients.anonymous.get(c.path, { accept: 'application/json' })
          : await clients.anonymous.postRaw(c.path, { _csrf: tokens.anonymous, ...c.body }, { accept: 'application/json' });
      assert.equal(res.status, 401, `${c.method} ${c.route}`);
      assert.equal(JSON.parse(res.text).error.code, 'UNAUTHENTICATED');
    }
  });
});

describe('CSRF: a POST without the session’s own token is 403 and changes nothing', () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };

  before(async () => {
    t = await startTestApp();
    server = await listen(t.app);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  it('refuses no token, an empty or wrong token, another session’s token, a token from before login, and a token in the query string, on every POST route', async () => {
    const alice = await fetchLoggedIn(server.url, 'alice');
    const admin = await fetchLoggedIn(server.url, 'admin');
    const bob = await fetchLoggedIn(server.url, 'bob');
    const own = { alice: await alice.token(), admin: await admin.token() };
    const anonymous = new FetchClient(server.url);
    const preLogin = await anonymous.token('/login');
    const relogged = new FetchClient(server.url);
    const oldToken = await relogged.token('/login');
    assert.equal((await relogged.login('alice')).status, 303);

    const opened = await t.newTriageFor('alice');
    const task = (await t.engine.open(opened.id, t.actor('alice'))).task;
    const toPause = await t.newTriageFor('alice');
    await t.engine.open(toPause.id, t.actor('alice'));
    const paused = await t.engine.pause(toPause.id, t.actor('alice'), { draft: { summary: 'x' } });
    const routes: { client: FetchClient; path: string; body: Record<string, string> }[] = [
      { client: alice, path: `/tasks/${task.id}`, body: { version: String(task.version), _pause: '1', summary: 'forged' } },
      { client: alice, path: `/tasks/${task.id}`, body: { version: String(task.version), summary: 'forged' } },
      { client: alice, path: '/flows/incoming-mail/start', body: { sender: 'Forged', subject: 'Forged', received: '2026-03-01' } },
      { client: bob, path: `/tasks/${task.id}/take`, body: { version: String(task.version) } },
      { client: admin, path: `/admin/tasks/${paused.id}/reassign`, body: { version: String(paused.version), to: String(t.users.bob.id) } },
      { client: admin, path: `/admin/tasks/${paused.id}/cancel`, body: { version: String(paused.version) } },
      { client: alice, path: '/logout', body: {} },
      { client: anonymous, path: '/login', body: { username: 'alice', password: 'demo' } },
    ];
    const wrongTokens: (string | null)[] = [null, '', 'x'.repeat(64), own.admin, preLogin, oldToken];
    let refused = 0;
    for (const route of routes) {
      for (const token of wrongTokens) {
        if (route.client === admin && token === own.admin) continue; // that one is admin's own
        if (route.client === anonymous && token === preLogin) continue;
        const before = await snapshot(t.db.prisma);
        const body = token === null ? route.body : { _csrf: token, ...route.body };
        const res = await route.client.postRaw(route.path, body);
        assert.equal(res.status, 403, `${route.path} with token ${String(token).slice(0, 12)}: ${res.status}`);
        assert.match(res.text, /Form expired/);
        assert.deepEqual(await snapshot(t.db.prisma), before, `${route.path}: changed the database`);
        refused++;
      }
      const inQuery = await route.client.postRaw(`${route.path}?_csrf=${encodeURIComponent(own.alice)}`, route.body);
      assert.equal(inQuery.status, 403);
      refused++;
    }
    assert.ok(refused >= 50);
    // Still logged in: the refused logout did nothing.
    assert.equal((await alice.get('/tasks/inbox')).status, 200);
  });
});
