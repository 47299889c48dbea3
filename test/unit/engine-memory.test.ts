import { InMemoryWorkflowStore } from '../../src/engine';
import { engineScenarios } from '../support/engine-scenarios';

engineScenarios('the in-memory store', async () => {
  const store = new InMemoryWorkflowStore();
  return {
    store,
    addUser: async (username, roles) => store.addUser({ username, displayName: username, roles }),
    close: async () => {},
  };
});
