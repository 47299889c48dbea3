import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import request from 'supertest';
import { describeOnEachDatabase } from '../support/test-databases';
import { startTestApp, type TestApp } from '../support/web-app';

describeOnEachDatabase('the health check', (target) => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({}, target);
  });
  after(() => t.close());

  it('answers 200 {"status":"ok"} while the database answers, with no session cookie and nothing cached', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('answers thirty probes sent at once, and HEAD as well', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => request(t.app).get('/healthz')));
    assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([200]));
    await request(t.app).head('/healthz').expect(200);
  });

  if (target.provider === 'postgresql') {
    it("answers 200 again after PostgreSQL ended the app's connections: the pool reconnects", async () => {
      const admin = new pg.Client({ connectionString: t.database.url });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        assert.ok(rowCount! >= 1, "the app's pooled connections were ended");
      } finally {
        await admin.end();
      }
      // The first query on a connection that was ended may fail; a probe after it is answered.
      await request(t.app).get('/healthz');
      await request(t.app).get('/healthz').expect(200);
    });
  }

  it('answers 503 {"status":"unavailable"} without details once the database is gone', async () => {
    if (target.provider === 'postgresql') {
      await t.database.remove(); // DROP DATABASE ... WITH (FORCE): connections ended, no reconnect possible
    } else {
      await t.db.close();
    }
    const res = await request(t.app).get('/healthz').expect(503);
    assert.deepEqual(res.body, { status: 'unavailable' });
    assert.equal(res.headers['set-cookie'], undefined);
  });
});
