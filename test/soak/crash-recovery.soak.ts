import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crashUnderLoad } from '../support/crash-harness';

describe('soak: the server killed with SIGKILL under a load of Save and Pause', () => {
  it('keeps the file intact and every acknowledged draft exactly as typed, across 20 kills with 9 clients', async () => {
    const figures = await crashUnderLoad({ kills: 20, clients: 9, seed: 20260320 });
    console.log(`# figures: ${JSON.stringify(figures)}`);
    assert.equal(figures.kills, 20);
    assert.equal(figures.integrityChecks, 21);
    assert.ok(figures.acknowledged >= 20 * 9 * 2, 'every round saved under load before the kill');
  });
});
