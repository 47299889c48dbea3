import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concurrentCompletionRounds } from '../support/concurrent-completions';

describe('50 concurrent completions over HTTP (fast variant; npm run test:soak runs 100 rounds)', () => {
  it('has exactly one winner in each of 10 rounds, 409 for the 49 others, and changes nothing else', async () => {
    const figures = await concurrentCompletionRounds(10);
    assert.deepEqual(figures, { rounds: 10, requests: 500, winners: 10, conflicts: 490 });
  });
});
