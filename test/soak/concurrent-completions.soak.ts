import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concurrentCompletionRounds } from '../support/concurrent-completions';

describe('soak: 50 concurrent completions over HTTP', () => {
  it('has exactly one winner in each of 100 rounds, 409 for the 49 others, and changes nothing else', async () => {
    const figures = await concurrentCompletionRounds(100);
    console.log(`# figures: ${JSON.stringify(figures)}`);
    assert.deepEqual(figures, { rounds: 100, requests: 5000, winners: 100, conflicts: 4900 });
  });
});
