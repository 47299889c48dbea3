import { storeContract } from '../support/store-contract';
import { openContractSubject } from '../support/open-test-database';
import { tempSqliteUrl } from '../support/temp-sqlite';

storeContract('Prisma on SQLite', async () => {
  const file = await tempSqliteUrl('store');
  return openContractSubject(file.url, file.remove);
});
