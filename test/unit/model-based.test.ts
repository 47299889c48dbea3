import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryWorkflowStore } from '../../src/engine';
import { checkSequence, type ModelStats } from '../support/model-check';

const SEQUENCES = Number(process.env.PAUSEFLOW_MODEL_SEQUENCES ?? 300);
const STEPS = 25;

describe('model-based check of the task state machine', () => {
  it(`matches the reference model over ${SEQUENCES} random sequences of ${STEPS} steps`, async () => {
    const stats: ModelStats = { steps: 0, outcomes: {} };
    for (let seed = 1; seed <= SEQUENCES; seed++) {
      const store = new InMemoryWorkflowStore();
      const alice = store.addUser({ username: 'alice', displayName: 'Alice', roles: ['user'] });
      const bob = store.addUser({ username: 'bob', displayName: 'Bob', roles: ['user'] });
      const admin = store.addUser({ username: 'admin', displayName: 'Admin', roles: ['user', 'admin'] });
      await checkSequence(store, { alice, bob, admin }, seed, STEPS, stats);
    }
    assert.equal(stats.steps, SEQUENCES * STEPS);
    // Every kind of outcome must actually have been exercised.
    for (const key of ['take:ok', 'open:ok', 'pause:ok', 'complete:ok', 'reassign:ok', 'cancel:ok', 'pause:CONCURRENT_UPDATE', 'completeInvalid:VALIDATION', 'pause:PERMISSION_DENIED', 'complete:INVALID_TRANSITION']) {
      assert.ok((stats.outcomes[key] ?? 0) > 0, `never saw ${key}`);
    }
  });
});
