import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { after, before, it } from 'node:test';
import { csrfFrom, sessionCookie } from '../support/http-client';
import { describeOnEachDatabase } from '../support/test-databases';
import { listen, startTestApp, type TestApp } from '../support/web-app';

/**
 * Sends a form and resolves as soon as the status line and headers arrive,
 * as a browser does before following a redirect (the body is left unread).
 */
function postForm(url: string, cookie: string, fields: Record<string, string>): Promise<IncomingMessage> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end(body);
  });
}

describeOnEachDatabase('sessions and redirects', (target) => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  before(async () => {
    t = await startTestApp({}, target);
    server = await listen(t.app);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  async function storedSession(cookie: string): Promise<Record<string, unknown> | null> {
    const sid = decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;
    const row = await t.db.prisma.session.findUnique({ where: { sid } });
    return row ? (JSON.parse(row.data) as Record<string, unknown>) : null;
  }

  it('stores the new session before the login redirect reaches the browser', async () => {
    const page = await fetch(`${server.url}/login`);
    const cookie = sessionCookie({ headers: { 'set-cookie': page.headers.getSetCookie() } })!;
    const res = await postForm(`${server.url}/login`, cookie, { _csrf: csrfFrom(await page.text()), username: 'alice', password: 'demo' });
    assert.equal(res.statusCode, 303);
    const loggedIn = sessionCookie(res)!;
    // Follow at once, before the response body is read, as a browser does.
    const inbox = await fetch(`${server.url}${res.headers.location}`, { headers: { cookie: loggedIn }, redirect: 'manual' });
    res.resume();
    assert.equal(inbox.status, 200, 'the next page is open: the login is stored and not taken for expired');
    const stored = await storedSession(loggedIn);
    assert.equal(typeof stored?.loginAt, 'number');
    assert.deepEqual(stored?.passport, { user: t.users.alice.id });
  });

  it('stores the confirmation message before the Save and Pause redirect reaches the browser', async () => {
    const login = await fetch(`${server.url}/login`);
    const anonymous = sessionCookie({ headers: { 'set-cookie': login.headers.getSetCookie() } })!;
    const loginRes = await postForm(`${server.url}/login`, anonymous, { _csrf: csrfFrom(await login.text()), username: 'alice', password: 'demo' });
    loginRes.resume();
    const cookie = sessionCookie(loginRes)!;
    const task = await t.newTriageFor('alice');
    const form = await fetch(`${server.url}/tasks/${task.id}`, { headers: { cookie } });
    const html = await form.text();
    const version = /name="version" value="(\d+)"/.exec(html)![1]!;
    const res = await postForm(`${server.url}/tasks/${task.id}`, cookie, { _csrf: csrfFrom(html), version, _pause: '1', summary: 'half typed' });
    assert.equal(res.statusCode, 303);
    const next = await fetch(`${server.url}${res.headers.location}`, { headers: { cookie } });
    res.resume();
    assert.match(await next.text(), /Saved and paused/, 'the page the redirect leads to shows the confirmation');
  });
});
