import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { loggedIn, type WebClient } from '../support/http-client';
import { describeOnEachDatabase } from '../support/test-databases';
import { startTestApp, type TestApp } from '../support/web-app';

describeOnEachDatabase('the admin paused queue', (target) => {
  let t: TestApp;
  let admin: WebClient;
  let alice: WebClient;
  before(async () => {
    t = await startTestApp({}, target);
    admin = await loggedIn(t.app, 'admin');
    alice = await loggedIn(t.app, 'alice');
  });
  after(() => t.close());

  it('is 403 for users, and not in their navigation', async () => {
    const res = await alice.agent.get('/admin/paused').expect(403);
    assert.match(res.text, /Not allowed/);
    const inbox = await alice.agent.get('/tasks/inbox').expect(200);
    assert.doesNotMatch(inbox.text, /Paused queue/);
    const post = await alice.post('/admin/tasks/1/cancel', { version: '0' });
    assert.equal(post.status, 403);
  });

  it("lists everyone's paused tasks with owner, flow, task, paused since and age", async () => {
    const paused = await t.pausedTriage();
    const res = await admin.agent.get('/admin/paused').expect(200);
    assert.match(res.text, /<a href="\/admin\/paused" aria-current="page">Paused queue<\/a>/);
    assert.match(res.text, /Alice Martin/);
    assert.match(res.text, /Incoming mail/);
    assert.match(res.text, new RegExp(`Triage mail</a> <span class="muted">#${paused.id}`));
    assert.match(res.text, /Waiting for photos of the damage/);
    assert.match(res.text, /data-label="Age">\d+ min</);
  });

  it('filters by flow, owner and minimum age', async () => {
    const byFlow = await admin.agent.get('/admin/paused?flow=purchase-request').expect(200);
    assert.match(byFlow.text, /No paused tasks match/);
    const byOwner = await admin.agent.get(`/admin/paused?owner=${t.users.bob.id}`).expect(200);
    assert.match(byOwner.text, /No paused tasks match/);
    const old = await admin.agent.get('/admin/paused?minAge=24').expect(200);
    assert.match(old.text, /No paused tasks match/);
    const mine = await admin.agent.get(`/admin/paused?flow=incoming-mail&owner=${t.users.alice.id}&minAge=`).expect(200);
    assert.match(mine.text, /Alice Martin/);
    await admin.agent.get('/admin/paused?minAge=soon').expect(400);
  });

  it('reassigns a paused task to another user, draft and all, and records it', async () => {
    const task = await t.newTriageFor('alice');
    await t.engine.open(task.id, t.actor('alice'));
    const draft = { summary: 'half a summary' };
    const paused = await t.engine.pause(task.id, t.actor('alice'), { draft });
    const res = await admin.post(`/admin/tasks/${task.id}/reassign`, { version: String(paused.version), to: String(t.users.bob.id) }, '/admin/paused');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/paused');
    const list = await admin.agent.get('/admin/paused').expect(200);
    assert.match(list.text, /reassigned to Bob Chen/);
    const stored = (await t.db.store.getTask(task.id))!;
    assert.equal(stored.ownerId, t.users.bob.id);
    assert.equal(stored.status, 'PAUSED');
    assert.deepEqual(stored.draft, draft);
    const page = await admin.agent.get(`/processes/${task.processId}`).expect(200);
    assert.match(page.text, /reassigned it from Alice Martin to Bob Chen/);
  });

  it('cancels a paused task and records it', async () => {
    const task = await t.newTriageFor('bob');
    await t.engine.open(task.id, t.actor('bob'));
    const paused = await t.engine.pause(task.id, t.actor('bob'), { draft: {} });
    const res = await admin.post(`/admin/tasks/${task.id}/cancel`, { version: String(paused.version) }, '/admin/paused');
    assert.equal(res.status, 303);
    assert.equal((await t.db.store.getTask(task.id))!.status, 'CANCELED');
    const history = await t.engine.taskHistory(task.id);
    assert.equal(history.at(-1)!.transition, 'cancel');
    assert.equal(history.at(-1)!.actorId, t.users.admin.id);
  });

  it('answers 409 when the row was stale', async () => {
    const task = await t.newTriageFor('alice');
    await t.engine.open(task.id, t.actor('alice'));
    const paused = await t.engine.pause(task.id, t.actor('alice'), { draft: {} });
    await t.engine.open(task.id, t.actor('alice'));
    const res = await admin.post(`/admin/tasks/${task.id}/cancel`, { version: String(paused.version) }, '/admin/paused');
    assert.equal(res.status, 409);
    assert.equal((await t.db.store.getTask(task.id))!.status, 'PREPARED');
  });
});
