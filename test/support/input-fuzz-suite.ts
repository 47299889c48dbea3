import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TaskRecord } from '../../src/engine';
import { snapshot } from './db-snapshot';
import { FetchClient, fetchLoggedIn, type FetchResponse } from './fetch-client';
import { BODY_LIMIT_BYTES, badParam, badQuery, contentType, encodePairs, mutate, type FuzzPairs } from './fuzz-input';
import { prng } from './model-check';
import { listen, startTestApp, type TestApp } from './web-app';

export interface FuzzCounts {
  /** Malformed POSTs per form route. */
  posts: number;
  /** Malformed GETs per list or parameter route. */
  gets: number;
  /** Requests with a forged or malformed session cookie, and with other methods. */
  odd: number;
  seed: number;
}

/** What a response may never contain: a stack frame, a module path, a database or driver name. */
const LEAK = /\n\s+at .+:\d+:\d+|node_modules|\/src\/|\.ts:\d+|PrismaClient|SQLITE_|SqliteError|better-sqlite3/;

interface FormRoute {
  name: string;
  client: () => FetchClient;
  /** The path and a valid body for the route's current target (made fresh when a request used it up). */
  target: () => Promise<{ path: string; pairs: FuzzPairs }>;
  /** Statuses a malformed request may get here; 5xx never. */
  allowed: number[];
}

/**
 * The input fuzz suite: seeded malformed requests to every route that takes
 * input, over real HTTP, with the database compared before and after each.
 * `npm test` runs a fast variant, `npm run test:soak` a long one.
 */
export function inputFuzzSuite(label: string, { posts: POSTS_PER_ROUTE, gets: GETS_PER_ROUTE, odd: ODD, seed: SEED }: FuzzCounts): void {
describe(label, () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let alice: FetchClient;
  let admin: FetchClient;
  let anonymous: FetchClient;
  const tokens = new Map<FetchClient, string>();
  const counts: Record<string, Record<number, number>> = {};
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '1000000' });
    // Compile each template once, as in production, to send more requests in the time.
    t.app.enable('view cache');
    server = await listen(t.app);
    alice = await fetchLoggedIn(server.url, 'alice');
    admin = await fetchLoggedIn(server.url, 'admin');
    anonymous = new FetchClient(server.url);
    tokens.set(anonymous, await anonymous.token('/login'));
    tokens.set(alice, await alice.token());
    tokens.set(admin, await admin.token());
  });
  after(async () => {
    console.log(`# statuses per route: ${JSON.stringify(counts)}`);
    await server.close();
    await t.close();
  });

  function record(route: string, status: number): void {
    const byStatus = (counts[route] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }

  /** Alice's triage task, kept open (PREPARED, hers) between requests. */
  let working: TaskRecord | null = null;
  async function workingTask(): Promise<TaskRecord> {
    const current = working && (await t.db.store.getTask(working.id));
    if (current && current.ownerId === t.users.alice.id && current.status === 'PREPARED') return current;
    if (current && current.ownerId === t.users.alice.id && current.status === 'PAUSED') {
      working = (await t.engine.open(current.id, t.actor('alice'))).task; // resumed, as opening the page would
      return working;
    }
    const fresh = await t.newTriageFor('alice');
    working = (await t.engine.open(fresh.id, t.actor('alice'))).task;
    return working;
  }
  /** A triage task in the queue, nobody's yet. */
  let queued: TaskRecord | null = null;
  async function queueTask(): Promise<TaskRecord> {
    const current = queued && (await t.db.store.getTask(queued.id));
    if (current && current.ownerId === null && current.status === 'NEW') return current;
    const process = await t.engine.start('incoming-mail', t.actor('admin'), { sender: 'Fuzz', subject: 'Queue', received: '2026-03-01' });
    queued = (await t.db.store.processTasks(process.id)).find((x) => x.node === 'triage')!;
    return queued;
  }
  /** A paused task of alice's for the admin to reassign or cancel. */
  let paused: TaskRecord | null = null;
  async function pausedTask(): Promise<TaskRecord> {
    const current = paused && (await t.db.store.getTask(paused.id));
    if (current && current.status === 'PAUSED') return current;
    const task = await workingTask();
    working = null;
    paused = await t.engine.pause(task.id, t.actor('alice'), { draft: { summary: 'for the admin' } });
    return paused;
  }

  const triageFields = (version: number): FuzzPairs => [
    ['version', String(version)],
    ['category', 'invoice'],
    ['summary', 'Half typed'],
    ['amount', '12'],
    ['department', 'finance'],
    ['replyBy', '2026-04-01'],
  ];

  const routes = (): FormRoute[] => [
    {
      name: 'POST /login',
      client: () => anonymous,
      target: async () => ({ path: '/login', pairs: [['_csrf', tokens.get(anonymous)!], ['username', 'alice'], ['password', 'not-the-password']] }),
      allowed: [400, 401, 403, 413, 415],
    },
    {
      name: 'POST /flows/:flow/start',
      client: () => alice,
      target: async () => ({
        path: '/flows/incoming-mail/start',
        pairs: [['_csrf', tokens.get(alice)!], ['sender', 'Fuzz'], ['subject', 'Fuzzed start'], ['received', '2026-03-01'], ['body', 'text']],
      }),
      allowed: [303, 400, 403, 404, 413, 415],
    },
    {
      name: 'POST /tasks/:id (Save and Pause)',
      client: () => alice,
      target: async () => {
        const task = await workingTask();
        return { path: `/tasks/${task.id}`, pairs: [['_csrf', tokens.get(alice)!], ...triageFields(task.version), ['_pause', '1'], ['pauseReason', 'why'], ['resumeBy', '2026-04-02']] };
      },
      allowed: [303, 400, 403, 404, 409, 413, 415],
    },
    {
      name: 'POST /tasks/:id (Complete)',
      client: () => alice,
      target: async () => {
        const task = await workingTask();
        return { path: `/tasks/${task.id}`, pairs: [['_csrf', tokens.get(alice)!], ...triageFields(task.version), ['urgent', 'on']] };
      },
      allowed: [303, 400, 403, 404, 409, 413, 415],
    },
    {
      name: 'POST /tasks/:id/take',
      client: () => alice,
      target: async () => {
        const task = await queueTask();
        return { path: `/tasks/${task.id}/take`, pairs: [['_csrf', tokens.get(alice)!], ['version', String(task.version)]] };
      },
      allowed: [303, 400, 403, 404, 409, 413, 415],
    },
    {
      name: 'POST /admin/tasks/:id/reassign',
      client: () => admin,
      target: async () => {
        const task = await pausedTask();
        return { path: `/admin/tasks/${task.id}/reassign`, pairs: [['_csrf', tokens.get(admin)!], ['version', String(task.version)], ['to', String(t.users.bob.id)]] };
      },
      allowed: [303, 400, 403, 404, 409, 413, 415],
    },
    {
      name: 'POST /admin/tasks/:id/cancel',
      client: () => admin,
      target: async () => {
        const task = await pausedTask();
        return { path: `/admin/tasks/${task.id}/cancel`, pairs: [['_csrf', tokens.get(admin)!], ['version', String(task.version)]] };
      },
      allowed: [303, 400, 403, 404, 409, 413, 415],
    },
  ];

  function assertClean(route: string, res: FetchResponse, detail: string): void {
    record(route, res.status);
    assert.ok(res.status < 500, `${route}: ${res.status} for ${detail}\n${res.text.slice(0, 500)}`);
    assert.doesNotMatch(res.text, LEAK, `${route}: the response leaks internals for ${detail}`);
  }

  it(`answers ${POSTS_PER_ROUTE} malformed POSTs to each form route with a 4xx (413 over the limit), never a 5xx, and a refused one changes nothing`, async () => {
    const random = prng(SEED);
    let sent = 0;
    for (const route of routes()) {
      for (let i = 0; i < POSTS_PER_ROUTE; i++) {
        const { path, pairs: valid } = await route.target();
        const { pairs, mutation } = mutate(random, valid);
        // Now and then the id in the path is the malformed part.
        const badPath = random() < 0.1 ? path.replace(/\/(\d+)(\/|$)/, (_m, _id, end: string) => `/${badParam(random)}${end}`) : path;
        const body = encodePairs(pairs);
        const { type, odd } = contentType(random);
        const detail = `${mutation} ${badPath} ${type ?? '(no type)'} ${body.slice(0, 300)}`;
        const before = await snapshot(t.db.prisma);
        const res = await route.client().request('POST', badPath, { body, ...(type ? { type } : {}) });
        sent++;
        assertClean(route.name, res, detail);
        assert.ok(route.allowed.includes(res.status) || (res.status === 200 && route.name === 'POST /login'), `${route.name}: ${res.status} is not expected for ${detail}`);
        // Bodies of other types are not parsed at all (and then have no CSRF token: 403).
        if (!odd && Buffer.byteLength(body) > BODY_LIMIT_BYTES) assert.equal(res.status, 413, `over the body limit: ${detail.slice(0, 100)}`);
        if (res.status === 415) assert.ok(odd, `415 only for a content type the form never sends: ${detail}`);
        if (res.status >= 400) assert.deepEqual(await snapshot(t.db.prisma), before, `${route.name}: a ${res.status} changed the database: ${detail}`);
      }
    }
    assert.equal(sent, POSTS_PER_ROUTE * routes().length);
  });

  it(`answers ${GETS_PER_ROUTE} malformed list queries, cursors and route parameters per route with 200, 400 or 404, never a 5xx, and changes nothing`, async () => {
    const random = prng(SEED + 1);
    const gets: { name: string; client: FetchClient; path: () => string; allowed: number[] }[] = [
      ...['inbox', 'queue', 'paused', 'archive'].map((kind) => ({
        name: `GET /tasks/${kind}`, client: alice, path: () => `/tasks/${kind}?${badQuery(random, ['flow', 'after'])}`, allowed: [200, 400, 404],
      })),
      { name: 'GET /admin/paused', client: admin, path: () => `/admin/paused?${badQuery(random, ['flow', 'owner', 'minAge', 'after'])}`, allowed: [200, 400, 404] },
      { name: 'GET /flows/:flow/paused?after', client: alice, path: () => `/flows/incoming-mail/paused?${badQuery(random, ['after'])}`, allowed: [200, 400] },
      { name: 'GET /login?next', client: anonymous, path: () => `/login?${badQuery(random, ['next', 'expired'])}`, allowed: [200] },
      { name: 'GET /tasks/:id', client: alice, path: () => `/tasks/${badParam(random)}`, allowed: [400, 404] },
      { name: 'GET /tasks/:id/detail', client: alice, path: () => `/tasks/${badParam(random)}/detail`, allowed: [400, 404] },
      { name: 'GET /processes/:id', client: alice, path: () => `/processes/${badParam(random)}`, allowed: [400, 404] },
      { name: 'GET /flows/:flow/start', client: alice, path: () => `/flows/${badParam(random)}/start`, allowed: [400, 404] },
      { name: 'GET /flows/:flow/paused', client: alice, path: () => `/flows/${badParam(random)}/paused`, allowed: [400, 404] },
    ];
    const before = await snapshot(t.db.prisma);
    for (const get of gets) {
      for (let i = 0; i < GETS_PER_ROUTE; i++) {
        const path = get.path();
        const res = await get.client.get(path, random() < 0.2 ? { accept: 'application/json' } : {});
        assertClean(get.name, res, path.slice(0, 300));
        // Node itself refuses a request line over its 16 KB header limit.
        const allowed = path.length > 16_000 ? [...get.allowed, 431] : get.allowed;
        assert.ok(allowed.includes(res.status), `${get.name}: ${res.status} for ${path.slice(0, 300)}`);
        if (res.status === 400 && res.headers.get('content-type')?.includes('json')) assert.ok(JSON.parse(res.text).error.code);
      }
    }
    assert.deepEqual(await snapshot(t.db.prisma), before, 'reading lists and pages changed nothing');
  });

  it(`treats ${ODD} forged, truncated or malformed session cookies as logged out, and ${ODD} requests with other methods as 403 or 404`, async () => {
    const random = prng(SEED + 2);
    const real = alice.cookie!.split('=')[1]!;
    const forged = [
      's%3Aforged.signature', decodeURIComponent(real).slice(0, -3), `${real}x`, '%', '', 's%3A', real.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      `s%3A${'a'.repeat(4000)}`, '%ED%A0%80', 'j%3A%7B%22__proto__%22%3A1%7D', `other;${real}`,
    ];
    const paths = ['/tasks/inbox', '/admin/paused', `/tasks/${(await workingTask()).id}`, '/start'];
    const before = await snapshot(t.db.prisma);
    for (let i = 0; i < ODD; i++) {
      const cookie = `pauseflow.sid=${forged[Math.floor(random() * forged.length)]!}`;
      const path = paths[Math.floor(random() * paths.length)]!;
      const res = await fetch(server.url + path, { headers: { cookie }, redirect: 'manual' });
      record('forged cookie', res.status);
      assert.equal(res.status, 303, `${cookie.slice(0, 80)} on ${path}`);
      assert.match(res.headers.get('location') ?? '', /^\/login/);
      const method = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'PURGE'][Math.floor(random() * 6)]!;
      const other = await alice.request(method, path);
      record(`${method} (any route)`, other.status);
      // CSRF protection refuses every unsafe method without a token before routing: 403; OPTIONS is Express's Allow answer, 404, or 403 from the admin guard.
      const allowed = method === 'OPTIONS' ? [200, 403, 404] : [403];
      assert.ok(allowed.includes(other.status), `${method} ${path}: ${other.status}`);
      assert.ok(other.status < 500);
    }
    assert.deepEqual(await snapshot(t.db.prisma), before);
  });

  it('leaves Object.prototype as it was: no key sent as __proto__ or constructor polluted it', () => {
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeBefore);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
}
