import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type session from 'express-session';
import { migrate } from '../../src/db/migrate';
import { type Database, openDatabase } from '../../src/db/open-database';
import { PrismaSessionStore } from '../../src/db/prisma-session-store';
import { SerialGate } from '../../src/db/serial-gate';
import { createPgDatabase, pgUnavailable } from '../support/pg-database';
import { tempSqliteUrl } from '../support/temp-sqlite';

const call = <T>(fn: (cb: (err: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

const data = (expires: Date | null, extra: Record<string, unknown> = {}) =>
  ({ cookie: { originalMaxAge: null, expires, httpOnly: true, path: '/' }, ...extra }) as unknown as session.SessionData;

function sessionSuite(label: string, open: () => Promise<{ url: string; cleanup(): Promise<void> } | string>) {
  describe(`PrismaSessionStore on ${label}`, () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    let skip: string | null = null;
    before(async () => {
      const target = await open();
      if (typeof target === 'string') {
        skip = target;
        return;
      }
      cleanup = target.cleanup;
      await migrate(target.url);
      db = await openDatabase(target.url, { sessionPruneIntervalMs: 0, sessionTtlMs: 60_000 });
    });
    after(async () => {
      if (skip) return;
      await db.close();
      await cleanup();
    });

    it('stores, reads back, touches and destroys a session', async (t) => {
      if (skip) return t.skip(skip);
      const store = db.sessions;
      const sid = `s-${Date.now()}`;
      const future = new Date(Date.now() + 3600_000);
      await call<void>((cb) => store.set(sid, data(future, { passport: { user: 7 }, note: 'Zoë 🎉' }), cb));
      const got = (await call<session.SessionData | null>((cb) => store.get(sid, cb))) as unknown as Record<string, unknown>;
      assert.deepEqual(got.passport, { user: 7 });
      assert.equal(got.note, 'Zoë 🎉');
      await call<void>((cb) => store.set(sid, data(future, { passport: { user: 8 } }), cb));
      assert.deepEqual(((await call<session.SessionData | null>((cb) => store.get(sid, cb))) as unknown as Record<string, unknown>).passport, { user: 8 });
      const later = new Date(Date.now() + 7200_000);
      await new Promise<void>((resolve) => store.touch(sid, data(later), () => resolve()));
      const row = await db.prisma.session.findUnique({ where: { sid } });
      assert.equal(row!.expiresAt.getTime(), later.getTime());
      await call<void>((cb) => store.destroy(sid, cb));
      assert.equal(await call((cb) => store.get(sid, cb)), null);
    });

    it('ignores expired sessions, counts live ones and prunes the expired', async (t) => {
      if (skip) return t.skip(skip);
      const store = db.sessions;
      await call<void>((cb) => store.clear(cb));
      await call<void>((cb) => store.set('old', data(new Date(Date.now() - 1000)), cb));
      await call<void>((cb) => store.set('live', data(new Date(Date.now() + 60_000)), cb));
      await call<void>((cb) => store.set('browser', data(null), cb));
      assert.equal(await call((cb) => store.get('old', cb)), null);
      assert.ok(await call((cb) => store.get('browser', cb)), 'a cookie without expiry lives for the default ttl');
      assert.equal(await call<number>((cb) => store.length(cb)), 2);
      assert.equal(await store.prune(), 1);
      assert.equal(await db.prisma.session.count(), 2);
      await call<void>((cb) => store.clear(cb));
      assert.equal(await db.prisma.session.count(), 0);
    });

    it('skips writes that would only push the expiry out by a little, and makes the others', async (t) => {
      if (skip) return t.skip(skip);
      let now = new Date('2031-02-01T00:00:00Z');
      const store = new PrismaSessionStore({ prisma: db.prisma, gate: new SerialGate(), pruneIntervalMs: 0, now: () => now });
      const idle = 30 * 60_000;
      const stored = async () => (await db.prisma.session.findUnique({ where: { sid: 'rolling' } }))!;
      const touch = (d: session.SessionData) => new Promise<void>((resolve) => store.touch('rolling', d, () => resolve()));
      const expiry = () => new Date(now.getTime() + idle);
      await call<void>((cb) => store.set('rolling', data(expiry(), { passport: { user: 1 } }), cb));
      const first = expiry().getTime();
      // 1% of 30 minutes is 18 s: a touch 10 s later is skipped, a set with the same content too.
      now = new Date(now.getTime() + 10_000);
      await touch(data(expiry(), { passport: { user: 1 } }));
      await call<void>((cb) => store.set('rolling', data(expiry(), { passport: { user: 1 } }), cb));
      assert.equal((await stored()).expiresAt.getTime(), first);
      // Changed content is always written.
      await call<void>((cb) => store.set('rolling', data(expiry(), { passport: { user: 1 }, flash: 'hi' }), cb));
      assert.equal((await stored()).expiresAt.getTime(), expiry().getTime());
      assert.match((await stored()).data, /"flash":"hi"/);
      // A touch beyond the slack is written.
      now = new Date(now.getTime() + 20_000);
      await touch(data(expiry(), { passport: { user: 1 }, flash: 'hi' }));
      assert.equal((await stored()).expiresAt.getTime(), expiry().getTime());
      // What another instance wrote is seen at the next read, and the next decision uses it.
      await db.prisma.session.update({ where: { sid: 'rolling' }, data: { data: JSON.stringify({ passport: { user: 2 } }) } });
      const read = (await call<session.SessionData | null>((cb) => store.get('rolling', cb))) as unknown as Record<string, unknown>;
      assert.deepEqual(read.passport, { user: 2 });
      await call<void>((cb) => store.set('rolling', data(expiry(), { passport: { user: 1 }, flash: 'hi' }), cb));
      assert.match((await stored()).data, /"user":1/);
      store.close();
    });

    it('expires a ttl session once the clock passes it', async (t) => {
      if (skip) return t.skip(skip);
      let now = new Date('2031-01-01T00:00:00Z');
      const store = new PrismaSessionStore({ prisma: db.prisma, gate: new SerialGate(), defaultTtlMs: 1000, pruneIntervalMs: 0, now: () => now });
      await call<void>((cb) => store.set('ttl', data(null), cb));
      assert.ok(await call((cb) => store.get('ttl', cb)));
      now = new Date(now.getTime() + 1001);
      assert.equal(await call((cb) => store.get('ttl', cb)), null);
      store.close();
    });
  });
}

sessionSuite('SQLite', async () => {
  const file = await tempSqliteUrl('session');
  return { url: file.url, cleanup: file.remove };
});

sessionSuite('PostgreSQL', async () => {
  const unavailable = await pgUnavailable();
  if (unavailable) return unavailable;
  const database = await createPgDatabase('session');
  return { url: database.url, cleanup: database.drop };
});
