import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineScenarios } from '../support/engine-scenarios';
import { checkSequencesOn } from '../support/model-check';
import { openContractSubject } from '../support/open-test-database';
import { createPgDatabase, pgUnavailable } from '../support/pg-database';

const unavailable = await pgUnavailable();

if (unavailable) {
  describe('engine scenarios on Prisma on PostgreSQL', { skip: unavailable }, () => {});
} else {
  engineScenarios('Prisma on PostgreSQL', async () => {
    const database = await createPgDatabase('engine');
    return openContractSubject(database.url, database.drop);
  });

  describe('model-based check on PostgreSQL', () => {
    it('matches the reference model over 20 random sequences', async () => {
      const database = await createPgDatabase('model');
      const subject = await openContractSubject(database.url, database.drop);
      try {
        const stats = await checkSequencesOn(subject, 2000, 20);
        assert.equal(stats.steps, 20 * 25);
      } finally {
        await subject.close();
      }
    });
  });
}
