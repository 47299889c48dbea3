import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FetchClient, fetchLoggedIn, versionFrom, type FetchResponse } from '../support/fetch-client';
import { listen, startTestApp, type TestApp } from '../support/web-app';

/** What no response may show: a stack frame, SQL, a driver or ORM name, a file path. */
const LEAKS = [
  /\n\s+at .+:\d+:\d+/, /\bat (?:async )?[\w.<>]+ \(/, /node_modules/, /\.ts:\d+/, /\/(?:work|tmp|home|usr|src)\//, /[A-Za-z]:\\\\/,
  /\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM)\b.*\b(?:FROM|SET|VALUES|WHERE)\b/i, /"Task"|"Process"|"Session"/, /SQLITE_|SqliteError|Prisma|P\d{4}\b/,
];

function assertNoLeak(res: FetchResponse, what: string): void {
  for (const leak of LEAKS) assert.doesNotMatch(res.text, leak, `${what} leaks ${leak}`);
}

function assertSecurityHeaders(res: FetchResponse, what: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/, `${what}: CSP`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|script-src[^;]*\*/, `${what}: no inline or eval scripts`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: no framing`);
  assert.match(csp, /base-uri 'none'/);
  assert.match(csp, /form-action 'self'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.equal(res.headers.get('x-powered-by'), null, `${what}: no X-Powered-By`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
}

describe('headers, cookies and error pages', () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  before(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    server = await listen(t.app);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  it('sends a strict CSP, X-Frame-Options DENY, nosniff and no X-Powered-By on pages, errors and static files', async () => {
    const alice = await fetchLoggedIn(server.url, 'alice');
    const anonymous = new FetchClient(server.url);
    const responses: [string, FetchResponse][] = [
      ['login page', await anonymous.get('/login')],
      ['redirect to login', await anonymous.get('/tasks/inbox')],
      ['inbox', await alice.get('/tasks/inbox')],
      ['404', await alice.get('/no/such/page')],
      ['403', await alice.get('/admin/paused')],
      ['400', await alice.get('/tasks/inbox?flow=%20')],
      ['CSRF 403', await alice.postRaw('/flows/incoming-mail/start', { subject: 'x' })],
      ['413', await alice.postRaw('/login', { x: 'y'.repeat(200_000) })],
      ['static file', await anonymous.get('/public/app.css')],
    ];
    for (const [what, res] of responses) assertSecurityHeaders(res, what);
    // The health check answers before the middleware and names no software either.
    const health = await anonymous.get('/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.headers.get('x-powered-by'), null);
  });

  it('sends no HSTS and no Secure cookie over plain http, even with TRUST_PROXY set', async () => {
    const client = new FetchClient(server.url);
    const login = await client.login('alice');
    assert.equal(login.status, 303);
    assert.equal(login.headers.get('strict-transport-security'), null);
    assert.doesNotMatch(login.headers.getSetCookie().join('\n'), /;\s*Secure/i);
    assert.equal((await client.get('/tasks/inbox')).headers.get('strict-transport-security'), null);
  });

  it('sends HSTS and marks the session cookie Secure, HttpOnly and SameSite=Lax behind a TLS proxy', async () => {
    const tls = { 'x-forwarded-proto': 'https' };
    const client = new FetchClient(server.url);
    const page = await client.get('/login', tls);
    assert.match(page.headers.get('strict-transport-security') ?? '', /max-age=\d{8,}; includeSubDomains/);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const login = await client.postRaw('/login', { _csrf: token, username: 'alice', password: 'demo' }, tls);
    assert.equal(login.status, 303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('pauseflow.sid='))!;
    assert.match(cookie, /;\s*Secure/i);
    assert.match(cookie, /;\s*HttpOnly/i);
    assert.match(cookie, /;\s*SameSite=Lax/i);
  });

  it('shows 400, 403, 404, 409 and 413 pages, as HTML and JSON, without a stack trace, SQL or a file path', async () => {
    const alice = await fetchLoggedIn(server.url, 'alice');
    const task = await t.newTriageFor('alice');
    const page = await alice.get(`/tasks/${task.id}`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const stale = String(Number(versionFrom(page.text)) - 1);
    for (const accept of ['text/html', 'application/json']) {
      const h = { accept };
      const cases: [number, FetchResponse][] = [
        [400, await alice.get('/tasks/inbox?after=nope', h)],
        [403, await alice.get('/admin/paused', h)],
        [404, await alice.get('/tasks/999999', h)],
        [404, await alice.get('/no/such/page', h)],
        [409, await alice.postRaw(`/tasks/${task.id}`, { _csrf: token, version: stale, summary: 'typed' }, h)],
        [413, await alice.postRaw(`/tasks/${task.id}`, { _csrf: token, summary: 'x'.repeat(150_000) }, h)],
      ];
      for (const [status, res] of cases) {
        assert.equal(res.status, status, `${accept} ${status}`);
        assertNoLeak(res, `${accept} ${status}`);
        if (accept === 'application/json') assert.ok(JSON.parse(res.text).error.message);
      }
    }
  });
});

describe('a 500 when the database is closed under the app', () => {
  it('shows a plain error page (and JSON) without a stack trace, SQL or a file path', async () => {
    const t = await startTestApp();
    const server = await listen(t.app);
    try {
      const alice = await fetchLoggedIn(server.url, 'alice');
      await t.db.close();
      for (const [path, accept] of [['/tasks/inbox', 'text/html'], ['/tasks/inbox', 'application/json'], ['/login', 'text/html']] as const) {
        const res = await alice.get(path, { accept });
        assert.equal(res.status, 500, `${path} ${accept}: ${res.status}`);
        assertNoLeak(res, `500 on ${path}`);
        assert.equal(res.headers.get('x-powered-by'), null);
        if (accept === 'application/json') assert.equal(JSON.parse(res.text).error.code, 'INTERNAL');
        else assert.match(res.text, /Something went wrong/);
      }
    } finally {
      await server.close();
      await t.close().catch(() => undefined);
    }
  });
});
