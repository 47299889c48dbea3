import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import request from 'supertest';
import { csrfFrom, sessionCookie, WebClient } from '../support/http-client';
import { describeOnEachDatabase } from '../support/test-databases';
import { startTestApp, type TestApp } from '../support/web-app';

describeOnEachDatabase('login and logout', (target) => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '4' }, target);
  });
  after(() => t.close());

  it('shows a login form with labelled Username and Password fields and a Log in button', async () => {
    const res = await request(t.app).get('/login').expect(200);
    assert.match(res.text, /<label for="username">Username<\/label>/);
    assert.match(res.text, /<label for="password">Password<\/label>/);
    assert.match(res.text, /<button type="submit"[^>]*>Log in<\/button>/);
    assert.ok(csrfFrom(res.text));
  });

  it('sends anonymous visitors to the login page, remembering where they were going', async () => {
    const res = await request(t.app).get('/tasks/paused?flow=incoming-mail').expect(303);
    assert.equal(res.headers.location, '/login?next=%2Ftasks%2Fpaused%3Fflow%3Dincoming-mail');
    const json = await request(t.app).get('/tasks/inbox').set('Accept', 'application/json').expect(401);
    assert.equal(json.body.error.code, 'UNAUTHENTICATED');
  });

  it('refuses a wrong password with 401 and keeps the username', async () => {
    const client = new WebClient(t.app);
    const res = await client.login('alice', 'wrong');
    assert.equal(res.status, 401);
    assert.match(res.text, /Wrong username or password/);
    assert.match(res.text, /value="alice"/);
  });

  it('gives a new session id at login, and the old one is not logged in', async () => {
    const client = new WebClient(t.app);
    const page = await client.agent.get('/login').expect(200);
    const before = sessionCookie(page);
    assert.ok(before, 'the login page starts a session for its CSRF token');
    const res = await client.agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'alice', password: 'demo' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/tasks/inbox');
    const afterLogin = sessionCookie(res);
    assert.ok(afterLogin);
    assert.notEqual(afterLogin, before);
    await request(t.app).get('/tasks/inbox').set('Cookie', before).expect(303);
    const inbox = await request(t.app).get('/tasks/inbox').set('Cookie', afterLogin).expect(200);
    assert.match(inbox.text, /Alice Martin/);
  });

  it('sets the session cookie httpOnly and SameSite=Lax, with an expiry (idle timeout)', async () => {
    const client = new WebClient(t.app);
    const res = await client.login('bob');
    const cookie = ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('pauseflow.sid='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Expires=/);
    assert.doesNotMatch(cookie, /Secure/, 'no Secure flag over plain http');
  });

  it('marks the cookie Secure behind a TLS proxy when TRUST_PROXY is set', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '1' }, target);
    try {
      const res = await request(proxied.app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      const cookie = ((res.headers['set-cookie'] as unknown as string[]) ?? [])[0]!;
      assert.match(cookie, /Secure/);
      assert.ok(res.headers['strict-transport-security']);
    } finally {
      await proxied.close();
    }
  });

  it('goes back to the page asked for after login, but never to another site', async () => {
    const client = new WebClient(t.app);
    const token = await client.token('/login');
    const res = await client.agent.post('/login?next=%2Ftasks%2Fqueue').type('form').send({ _csrf: token, username: 'alice', password: 'demo' });
    assert.equal(res.headers.location, '/tasks/queue');
    const other = new WebClient(t.app);
    const token2 = await other.token('/login');
    const evil = await other.agent.post('/login?next=%2F%2Fevil.example').type('form').send({ _csrf: token2, username: 'alice', password: 'demo' });
    assert.equal(evil.headers.location, '/tasks/inbox');
  });

  it('destroys the session at logout: the old cookie no longer works', async () => {
    const client = new WebClient(t.app);
    const login = await client.login('alice');
    const cookie = sessionCookie(login)!;
    const token = await client.token();
    const res = await client.agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
    assert.equal(res.headers.location, '/login');
    await request(t.app).get('/tasks/inbox').set('Cookie', cookie).expect(303);
    const sid = decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;
    assert.equal(await t.db.prisma.session.count({ where: { sid } }), 0, 'the session row is gone');
  });

  it('ends a session older than the absolute timeout, however active it was', async () => {
    const client = new WebClient(t.app);
    const login = await client.login('bob');
    const sid = decodeURIComponent(sessionCookie(login)!.split('=')[1]!).slice(2).split('.')[0]!;
    const row = (await t.db.prisma.session.findUnique({ where: { sid } }))!;
    const data = JSON.parse(row.data) as { loginAt: number };
    data.loginAt -= 25 * 3_600_000;
    await t.db.prisma.session.update({ where: { sid }, data: { data: JSON.stringify(data) } });
    const token = (JSON.parse(row.data) as { csrfToken?: string }).csrfToken ?? '';
    // A form sent after the end is not saved, but what was typed comes back on the page.
    const post = await client.agent.post('/tasks/1').type('form').send({ _csrf: token, version: '3', summary: 'An hour of <careful> typing' });
    assert.equal(post.status, 401);
    assert.match(post.text, /Your session has ended/);
    assert.match(post.text, /An hour of &lt;careful&gt; typing/);
    const res = await client.agent.get('/tasks/inbox').expect(303);
    assert.match(String(res.headers.location), /^\/login/);
    const page = await client.agent.get('/login?expired=1').expect(200);
    assert.match(page.text, /Your session has ended/);
  });

  it('throttles repeated failed logins with 429', async () => {
    const limited = await startTestApp({ LOGIN_RATE_LIMIT: '2' }, target);
    try {
      const client = new WebClient(limited.app);
      assert.equal((await client.login('alice', 'x')).status, 401);
      assert.equal((await client.login('alice', 'y')).status, 401);
      const res = await client.login('alice', 'demo');
      assert.equal(res.status, 429);
      assert.match(res.text, /Too many failed attempts/);
    } finally {
      await limited.close();
    }
  });
});
