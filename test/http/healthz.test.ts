import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { sessionCookie } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/web-app';

describe('GET /healthz', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('answers ok to anonymous callers without opening a session', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    assert.equal(res.text, 'ok');
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.equal(sessionCookie(res), null);
  });
});
