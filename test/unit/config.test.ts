import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('has working defaults for development, with a random session secret per start', () => {
    const a = loadConfig({});
    const b = loadConfig({});
    assert.equal(a.port, 3000);
    assert.equal(a.host, '127.0.0.1');
    assert.equal(a.databaseUrl, 'file:./data/pauseflow.db');
    assert.equal(a.sessionSecretGenerated, true);
    assert.ok(a.sessionSecret.length >= 32);
    assert.notEqual(a.sessionSecret, b.sessionSecret);
    assert.equal(a.seedDemo, true);
    assert.equal(a.trustProxy, false);
  });

  it('is frozen', () => {
    const config = loadConfig({});
    assert.ok(Object.isFrozen(config));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
  });

  it('refuses to start in production without a SESSION_SECRET, and never seeds there', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (err: unknown) => err instanceof ConfigError && /SESSION_SECRET/.test(err.message));
    const prod = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) });
    assert.equal(prod.seedDemo, false);
    assert.equal(prod.sessionSecretGenerated, false);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), SEED_DEMO: 'true' }), ConfigError);
  });

  it('parses numbers, timeouts and TRUST_PROXY, and names bad values', () => {
    const c = loadConfig({ PORT: '8080', SESSION_IDLE_MINUTES: '15', SESSION_ABSOLUTE_HOURS: '8', TRUST_PROXY: 'true' });
    assert.equal(c.port, 8080);
    assert.equal(c.sessionIdleMs, 15 * 60_000);
    assert.equal(c.sessionAbsoluteMs, 8 * 3_600_000);
    assert.equal(c.trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy, 'loopback');
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ SESSION_SECRET: 'short' }), /SESSION_SECRET/);
  });
});
