import { InMemoryWorkflowStore } from '../../src/engine';
import { storeContract } from '../support/store-contract';

storeContract('in memory', async () => {
  const store = new InMemoryWorkflowStore();
  return {
    store,
    addUser: async (username, roles) => store.addUser({ username, displayName: `${username} (display)`, roles }),
    close: async () => {},
  };
});
