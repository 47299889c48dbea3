import type { Database } from '../../src/db/open-database';
import { openDatabase } from '../../src/db/open-database';
import { migrate } from '../../src/db/migrate';
import type { ContractSubject } from './store-contract';

/** Migrates `url`, opens it, and adapts it to the store contract. */
export async function openContractSubject(url: string, cleanup: () => Promise<void>): Promise<ContractSubject & { db: Database }> {
  await migrate(url);
  const db = await openDatabase(url, { pgPoolSize: 4, sessionPruneIntervalMs: 0 });
  return {
    db,
    store: db.store,
    addUser: (username, roles) => db.users.create(username, `${username} (display)`, 'not-a-real-hash', roles),
    close: async () => {
      await db.close();
      await cleanup();
    },
  };
}
