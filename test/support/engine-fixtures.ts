import { InMemoryWorkflowStore, WorkflowEngine, type Actor, type Flow, type WorkflowStore } from '../../src/engine';

/** A clock tests can move forward. */
export class TestClock {
  constructor(private current = new Date('2026-01-05T09:00:00.000Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface EngineFixture {
  store: InMemoryWorkflowStore;
  engine: WorkflowEngine;
  clock: TestClock;
  alice: Actor;
  bob: Actor;
  admin: Actor;
}

/** An engine over an in-memory store with three users. */
export function memoryEngine(flows: readonly Flow[]): EngineFixture {
  const store = new InMemoryWorkflowStore();
  const clock = new TestClock();
  const alice = store.addUser({ username: 'alice', displayName: 'Alice', roles: ['user'] });
  const bob = store.addUser({ username: 'bob', displayName: 'Bob', roles: ['user'] });
  const admin = store.addUser({ username: 'admin', displayName: 'Admin', roles: ['user', 'admin'] });
  return { store, engine: new WorkflowEngine({ store, flows, clock: clock.now }), clock, alice, bob, admin };
}

export function engineOn(store: WorkflowStore, flows: readonly Flow[], clock = new TestClock()): WorkflowEngine {
  return new WorkflowEngine({ store, flows, clock: clock.now });
}

/** A valid triage submission for the incoming-mail flow, as a browser posts it. */
export const validTriage = {
  category: 'complaint',
  summary: 'The customer says the parcel arrived damaged and wants a refund.',
  amount: '49.90',
  department: 'customer-care',
  replyBy: '2026-02-01',
  urgent: 'on',
};

export const mailStart = {
  sender: 'Jane Roe <jane@example.com>',
  subject: 'Damaged parcel',
  received: '2026-01-05',
  body: 'Hello, my parcel arrived broken.',
};
