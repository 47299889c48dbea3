import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { loggedIn, type WebClient } from '../support/http-client';
import { describeOnEachDatabase } from '../support/test-databases';
import { startTestApp, type TestApp } from '../support/web-app';

/** Half a triage form, with an amount that is not a number and a summary that is too short. */
const HALF_TYPED = { category: 'invoice', summary: 'Too short', amount: 'about 12,50', department: '', replyBy: '' };

const VALID = {
  category: 'request',
  summary: 'The sender asks for a copy of her signed contract from 2024.',
  amount: '',
  department: 'legal',
  replyBy: '2026-04-01',
};

describeOnEachDatabase('the task page', (target) => {
  let t: TestApp;
  let alice: WebClient;
  let bob: WebClient;
  before(async () => {
    t = await startTestApp({}, target);
    alice = await loggedIn(t.app, 'alice');
    bob = await loggedIn(t.app, 'bob');
  });
  after(() => t.close());

  it('opens an Inbox task with its form, the hidden version and both buttons', async () => {
    const task = await t.newTriageFor('alice');
    const res = await alice.agent.get(`/tasks/${task.id}`).expect(200);
    assert.match(res.text, /<label for="f-summary">Summary<\/label>/);
    assert.match(res.text, /<select id="f-category" name="category"/);
    assert.match(res.text, /<input type="checkbox" id="f-urgent" name="urgent"/);
    assert.match(res.text, /type="date"/);
    assert.match(res.text, /name="_pause"[^>]*>Save and Pause</);
    assert.match(res.text, />Complete</);
    const opened = (await t.db.store.getTask(task.id))!;
    assert.equal(opened.status, 'PREPARED');
    assert.match(res.text, new RegExp(`name="version" value="${opened.version}"`));
  });

  it('has no Save and Pause on a task that cannot pause', async () => {
    const process = await t.engine.start('purchase-request', t.actor('alice'), { item: 'Desk', amount: '100', reason: 'Need a standing desk' });
    const approve = (await t.engine.process(process.id, t.actor('admin'))).tasks.find((x) => x.node === 'approve')!;
    await t.engine.take(approve.id, t.actor('admin'));
    await t.engine.open(approve.id, t.actor('admin'));
    await t.engine.complete(approve.id, t.actor('admin'), { values: { decision: 'approve' } });
    const order = (await t.engine.process(process.id, t.actor('admin'))).tasks.find((x) => x.node === 'order')!;
    const res = await alice.agent.get(`/tasks/${order.id}`).expect(200);
    assert.doesNotMatch(res.text, /Save and Pause/);
    assert.match(res.text, />Complete</);
  });

  it('saves invalid, half-typed input exactly as typed and pauses, without errors', async () => {
    const task = await t.newTriageFor('alice');
    const page = await alice.agent.get(`/tasks/${task.id}`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    const res = await alice.post(`/tasks/${task.id}`, { ...HALF_TYPED, version, _pause: '1', pauseReason: 'Waiting for the PDF' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/tasks/paused');
    const stored = (await t.db.store.getTask(task.id))!;
    assert.equal(stored.status, 'PAUSED');
    assert.deepEqual(stored.draft, HALF_TYPED);
    assert.equal(stored.pauseReason, 'Waiting for the PDF');

    const list = await alice.agent.get('/tasks/paused').expect(200);
    assert.match(list.text, /Saved and paused “Triage mail”/);
    assert.match(list.text, new RegExp(`href="/tasks/${task.id}"`));
    assert.doesNotMatch(list.text, /field-error/);
    const again = await alice.agent.get('/tasks/paused').expect(200);
    assert.doesNotMatch(again.text, /Saved and paused/, 'the confirmation shows once');
  });

  it('resumes a paused task when it is opened, with every typed value back', async () => {
    const task = await t.newTriageFor('alice');
    await t.engine.open(task.id, t.actor('alice'));
    const draft = { ...HALF_TYPED, urgent: 'on', replyBy: '2026-05-01', summary: 'Line one\nLine <two> & "three"' };
    await t.engine.pause(task.id, t.actor('alice'), { draft });
    const res = await alice.agent.get(`/tasks/${task.id}`).expect(200);
    assert.equal((await t.db.store.getTask(task.id))!.status, 'PREPARED');
    assert.match(res.text, /Resumed/);
    assert.match(res.text, /<option value="invoice" selected>/);
    assert.match(res.text, />Line one\nLine &lt;two&gt; &amp; &#34;three&#34;<\/textarea>/);
    assert.match(res.text, /name="amount" value="about 12,50"/);
    assert.match(res.text, /name="replyBy" value="2026-05-01"/);
    assert.match(res.text, /name="urgent" checked/);
    const history = await t.engine.taskHistory(task.id);
    assert.deepEqual(history.map((e) => e.transition).slice(-2), ['pause', 'prepare']);
  });

  it('refuses to complete with errors: 400, an error next to each bad field, all input kept', async () => {
    const task = await t.newTriageFor('alice');
    const page = await alice.agent.get(`/tasks/${task.id}`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    const res = await alice.post(`/tasks/${task.id}`, { ...HALF_TYPED, version });
    assert.equal(res.status, 400);
    assert.match(res.text, /id="f-summary-error">Write a summary of at least 20 characters/);
    assert.match(res.text, /id="f-amount-error">Enter a number/);
    assert.match(res.text, /id="f-department-error">/);
    assert.match(res.text, />Too short<\/textarea>/);
    assert.match(res.text, /name="amount" value="about 12,50"/);
    assert.match(res.text, /<option value="invoice" selected>/);
    assert.match(res.text, new RegExp(`name="version" value="${version}"`));
    const stored = (await t.db.store.getTask(task.id))!;
    assert.equal(stored.status, 'PREPARED');
    assert.equal(String(stored.version), version, 'nothing was written');
  });

  it('completes a valid form and the task moves to the Archive', async () => {
    const task = await t.newTriageFor('alice');
    const page = await alice.agent.get(`/tasks/${task.id}`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    const res = await alice.post(`/tasks/${task.id}`, { ...VALID, version });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/tasks/inbox');
    assert.equal((await t.db.store.getTask(task.id))!.status, 'DONE');
    const archive = await alice.agent.get('/tasks/archive').expect(200);
    assert.match(archive.text, new RegExp(`#${task.id}<`));
  });

  it('answers 409 on a stale version, explaining and still showing what was typed', async () => {
    const task = await t.newTriageFor('alice');
    const page = await alice.agent.get(`/tasks/${task.id}`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    // Meanwhile an admin reassigns the task to bob.
    await t.engine.reassign(task.id, t.actor('admin'), { toUserId: t.users.bob.id });
    const res = await alice.post(`/tasks/${task.id}`, { ...VALID, summary: 'My long careful summary of the whole letter', version });
    assert.equal(res.status, 409);
    assert.match(res.text, /Someone else changed this task/);
    assert.match(res.text, /My long careful summary of the whole letter/);
    assert.match(res.text, new RegExp(`href="/tasks/${task.id}"[^>]*>Reload the task`));
    const stored = (await t.db.store.getTask(task.id))!;
    assert.equal(stored.ownerId, t.users.bob.id);
    assert.equal(stored.status, 'PREPARED');
  });

  it("gives 403 to another user on alice's task, and changes nothing", async () => {
    const task = await t.pausedTriage();
    await bob.agent.get(`/tasks/${task.id}`).expect(403);
    // The issue asks for 403 on another user's task: the detail page too (its history has alice's pause reasons).
    const detail = await bob.agent.get(`/tasks/${task.id}/detail`).expect(403);
    assert.doesNotMatch(detail.text, /Saved draft|crushed parcel/, "alice's draft is hers");
    const res = await bob.post(`/tasks/${task.id}`, { ...VALID, version: String(task.version) });
    assert.equal(res.status, 403);
    const stored = (await t.db.store.getTask(task.id))!;
    assert.equal(stored.status, 'PAUSED');
    assert.equal(stored.version, task.version);
  });

  it('gives 404 for a missing or malformed task id, as HTML or JSON', async () => {
    const res = await alice.agent.get('/tasks/999999').expect(404);
    assert.match(res.text, /Not found/);
    await alice.agent.get('/tasks/abc').expect(404);
    const json = await alice.agent.get('/tasks/999999').set('Accept', 'application/json').expect(404);
    assert.equal(json.body.error.code, 'NOT_FOUND');
  });

  it('lets a candidate take a queue task, which then opens for them', async () => {
    const queue = await bob.agent.get('/tasks/queue').expect(200);
    const id = /href="\/tasks\/(\d+)"/.exec(queue.text)![1]!;
    const page = await bob.agent.get(`/tasks/${id}`).expect(200);
    assert.match(page.text, />Take</);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    const res = await bob.post(`/tasks/${id}/take`, { version });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/tasks/${id}`);
    const opened = await bob.agent.get(`/tasks/${id}`).expect(200);
    assert.match(opened.text, /Save and Pause/);
  });

  it('refuses a form without a valid CSRF token with 403 and changes nothing', async () => {
    const task = await t.newTriageFor('alice');
    await alice.agent.get(`/tasks/${task.id}`).expect(200);
    const before = (await t.db.store.getTask(task.id))!;
    const fields = { ...HALF_TYPED, version: String(before.version), _pause: '1' };
    const none = await alice.agent.post(`/tasks/${task.id}`).type('form').send(fields);
    assert.equal(none.status, 403);
    assert.match(none.text, /Form expired/);
    assert.match(none.text, /Too short/, 'what was typed is shown, to copy');
    const wrong = await alice.agent.post(`/tasks/${task.id}`).type('form').send({ ...fields, _csrf: 'not-the-token' });
    assert.equal(wrong.status, 403);
    const bobsToken = await bob.token();
    const foreign = await alice.agent.post(`/tasks/${task.id}`).type('form').send({ ...fields, _csrf: bobsToken });
    assert.equal(foreign.status, 403);
    assert.deepEqual(await t.db.store.getTask(task.id), before);
  });

  it('answers 413 to a body over the size limit', async () => {
    const task = await t.newTriageFor('alice');
    const token = await alice.token();
    const res = await alice.agent.post(`/tasks/${task.id}`).type('form').send({ _csrf: token, version: '1', summary: 'x'.repeat(150_000) });
    assert.equal(res.status, 413);
  });
});
