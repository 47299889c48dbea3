import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import request from 'supertest';
import { loggedIn, type WebClient } from '../support/http-client';
import { describeOnEachDatabase } from '../support/test-databases';
import { startTestApp, type TestApp } from '../support/web-app';

describeOnEachDatabase('lists, start, process page and headers', (target) => {
  let t: TestApp;
  let alice: WebClient;
  before(async () => {
    t = await startTestApp({ LIST_PAGE_SIZE: '2' }, target);
    alice = await loggedIn(t.app, 'alice');
  });
  after(() => t.close());

  it('shows the navigation words and marks the current page', async () => {
    const res = await alice.agent.get('/tasks/inbox').expect(200);
    for (const word of ['Inbox', 'Queue', 'Paused', 'Archive', 'Start']) assert.match(res.text, new RegExp(`>${word}</a>`));
    assert.match(res.text, /aria-current="page">Inbox</);
  });

  it('lists the Inbox with flow, task, summary, owner and time, newest first, with an Older link', async () => {
    const older = await t.newTriageFor('alice');
    const newer = await t.newTriageFor('alice');
    const res = await alice.agent.get('/tasks/inbox').expect(200);
    assert.match(res.text, /Incoming mail/);
    assert.match(res.text, /Test mail \d+ \(from Test sender\)/);
    assert.match(res.text, /data-label="Owner">Alice Martin</);
    assert.ok(res.text.indexOf(`#${newer.id}<`) < res.text.indexOf(`#${older.id}<`), 'newest first');
    const link = /href="(\/tasks\/inbox\?after=[^"]+)"[^>]*>Older</.exec(res.text);
    assert.ok(link, 'a full page links to older rows');
    const next = await alice.agent.get(link[1]!.replaceAll('&amp;', '&')).expect(200);
    assert.doesNotMatch(next.text, new RegExp(`#${newer.id}<`));
    await alice.agent.get('/tasks/inbox?after=yesterday').expect(400);
  });

  it('lists paused tasks across flows, by flow filter, and per flow as in the sample', async () => {
    const paused = await t.pausedTriage();
    const all = await alice.agent.get('/tasks/paused').expect(200);
    assert.match(all.text, new RegExp(`href="/tasks/${paused.id}"`));
    assert.match(all.text, /Paused since/);
    const filtered = await alice.agent.get('/tasks/paused?flow=purchase-request').expect(200);
    assert.doesNotMatch(filtered.text, new RegExp(`href="/tasks/${paused.id}"`));
    const perFlow = await alice.agent.get('/flows/incoming-mail/paused').expect(200);
    assert.match(perFlow.text, /Paused: Incoming mail/);
    assert.match(perFlow.text, new RegExp(`href="/tasks/${paused.id}"`));
    await alice.agent.get('/flows/no-such-flow/paused').expect(404);
    await alice.agent.get('/tasks/paused?flow=../etc').expect(400);
  });

  it('starts a process from its start form; errors come back next to the fields', async () => {
    const list = await alice.agent.get('/start').expect(200);
    assert.match(list.text, /href="\/flows\/incoming-mail\/start"/);
    assert.match(list.text, /href="\/flows\/purchase-request\/start"/);
    const bad = await alice.post('/flows/purchase-request/start', { item: 'Lamp', amount: 'ten', reason: 'short' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /id="f-amount-error">Enter a number/);
    assert.match(bad.text, /name="item" value="Lamp"/);
    const ok = await alice.post('/flows/purchase-request/start', { item: 'Desk lamp', amount: '35', reason: 'The office is too dark in winter.' });
    assert.equal(ok.status, 303);
    const location = String(ok.headers.location);
    assert.match(location, /^\/processes\/\d+$/);
    const page = await alice.agent.get(location).expect(200);
    assert.match(page.text, /Desk lamp: 35 EUR/);
    assert.match(page.text, /Approve purchase/);
  });

  it('shows a process with its data, tasks and a history that names pauses and resumes', async () => {
    const task = await t.newTriageFor('alice');
    await t.engine.open(task.id, t.actor('alice'));
    await t.engine.pause(task.id, t.actor('alice'), { draft: {}, reason: 'lunch' });
    await alice.agent.get(`/tasks/${task.id}`).expect(200);
    const res = await alice.agent.get(`/processes/${task.processId}`).expect(200);
    assert.match(res.text, /<dt>Sender<\/dt><dd class="pre">Test sender<\/dd>/);
    assert.match(res.text, /Triage mail/);
    assert.match(res.text, /saved and paused \(lunch\)/);
    assert.match(res.text, /Alice Martin<\/strong> resumed/);
    assert.match(res.text, /Ada Admin<\/strong> started the process/);
  });

  it("refuses a process page to a user with no part in it", async () => {
    const mine = await t.engine.start('purchase-request', t.actor('alice'), { item: 'Pen', amount: '2', reason: 'Mine ran out of ink' });
    const bob = await loggedIn(t.app, 'bob');
    await bob.agent.get(`/processes/${mine.id}`).expect(403);
    await bob.agent.get('/processes/0').expect(404);
  });

  it('sends security headers: a strict CSP, no X-Powered-By, no framing', async () => {
    const res = await request(t.app).get('/login').expect(200);
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers['x-powered-by'], undefined);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    await request(t.app).get('/public/app.css').expect(200).expect('Content-Type', /css/);
  });

  it('answers with JSON errors when the client asks for JSON', async () => {
    const res = await alice.agent.get('/tasks/inbox?flow=NOPE').set('Accept', 'application/json').expect(400);
    assert.equal(res.body.error.code, 'VALIDATION');
    assert.ok(res.body.error.fields.flow);
  });

  // Last: it breaks the database under the app.
  it('answers 500 without a stack trace or details when the database fails', async () => {
    await t.db.prisma.$executeRawUnsafe('ALTER TABLE "Task" RENAME TO "TaskGone"');
    const res = await alice.agent.get('/tasks/inbox');
    assert.equal(res.status, 500);
    assert.match(res.text, /Something went wrong/);
    assert.doesNotMatch(res.text, /at [\w.<>]+ \(|node_modules|prisma|\/work\//i);
  });
});
