import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crashUnderLoad } from '../support/crash-harness';

describe('the server killed with SIGKILL under a load of Save and Pause (fast variant; npm run test:soak kills it 20 times)', () => {
  it('keeps the file intact and every acknowledged draft exactly as typed, across 3 kills with 6 clients', async () => {
    const figures = await crashUnderLoad({ kills: 3, clients: 6, seed: 20260301 });
    console.log(`# figures: ${JSON.stringify(figures)}`);
    assert.equal(figures.kills, 3);
    assert.equal(figures.integrityChecks, 4);
    assert.ok(figures.acknowledged >= 3 * 6 * 2, 'every round saved under load before the kill');
  });
});
