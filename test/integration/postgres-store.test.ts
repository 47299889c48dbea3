import { describe } from 'node:test';
import { storeContract } from '../support/store-contract';
import { openContractSubject } from '../support/open-test-database';
import { createPgDatabase, pgUnavailable } from '../support/pg-database';

const unavailable = await pgUnavailable();

if (unavailable) {
  describe('WorkflowStore contract: Prisma on PostgreSQL', { skip: unavailable }, () => {});
} else {
  storeContract('Prisma on PostgreSQL', async () => {
    const database = await createPgDatabase('store');
    return openContractSubject(database.url, database.drop);
  });
}
