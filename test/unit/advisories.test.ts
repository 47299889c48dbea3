import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findVulnerable, type Advisory, type PackageLock } from '../../scripts/find-vulnerable';

const { advisories } = JSON.parse(readFileSync(new URL('../../security/advisories.json', import.meta.url), 'utf8')) as {
  advisories: Advisory[];
};

describe('the dependency advisory check', () => {
  it('flags known-vulnerable versions anywhere in the lock file', () => {
    const lock: PackageLock = {
      packages: {
        '': {},
        'node_modules/express-session': { version: '1.18.1' },
        'node_modules/ejs': { version: '3.1.9' },
        'node_modules/passport': { version: '0.5.3' },
        'node_modules/a/node_modules/body-parser': { version: '1.20.2' },
        'node_modules/path-to-regexp': { version: '0.1.7' },
      },
    };
    const found = findVulnerable(lock, advisories).map((f) => f.split(':')[0]);
    for (const expected of ['express-session@1.18.1', 'ejs@3.1.9', 'passport@0.5.3', 'body-parser@1.20.2', 'path-to-regexp@0.1.7']) {
      assert.ok(found.includes(expected), `${expected} should be flagged`);
    }
  });

  it('passes fixed versions', () => {
    const lock: PackageLock = {
      packages: {
        'node_modules/express-session': { version: '1.18.2' },
        'node_modules/ejs': { version: '3.1.10' },
        'node_modules/passport': { version: '0.7.0' },
        'node_modules/path-to-regexp': { version: '8.2.0' },
      },
    };
    assert.deepEqual(findVulnerable(lock, advisories), []);
  });

  it('finds nothing vulnerable in this project\'s own lock file', () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as PackageLock;
    assert.deepEqual(findVulnerable(lock, advisories), []);
  });
});
