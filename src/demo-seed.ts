import { hashPassword, verifyPassword } from './auth/passwords';
import type { UserAccounts } from './auth/user-accounts';
import type { Actor, UserRef, WorkflowEngine } from './engine';

export const DEMO_PASSWORD = 'demo';
export const DEMO_USERS = [
  { username: 'alice', displayName: 'Alice Martin', roles: ['user'] },
  { username: 'bob', displayName: 'Bob Chen', roles: ['user'] },
  { username: 'admin', displayName: 'Ada Admin', roles: ['admin', 'user'] },
] as const;

const MAILS = [
  {
    sender: 'Harbor Logistics',
    subject: 'Invoice 2291 for March deliveries',
    received: '2026-03-02',
    body: 'Please find attached invoice 2291 for the deliveries made in March. Payment is due within 30 days.',
  },
  {
    sender: 'J. Okafor',
    subject: 'Damaged parcel, order 7781',
    received: '2026-03-03',
    body: 'The parcel arrived with the box crushed and two of the four mugs broken. I would like a replacement or a refund.',
  },
  { sender: 'City Planning Office', subject: 'Notice of road works on Dock Street', received: '2026-03-04' },
  { sender: 'Mara Lind', subject: 'Request for a copy of my contract', received: '2026-03-05' },
];

function actorOf(user: UserRef): Actor {
  return { id: user.id, username: user.username, roles: user.roles };
}

async function taskOf(engine: WorkflowEngine, processId: number, node: string, admin: Actor): Promise<number> {
  const view = await engine.process(processId, admin);
  const task = view.tasks.find((t) => t.node === node);
  if (!task) throw new Error(`demo seed: process ${processId} has no ${node} task`);
  return task.id;
}

/**
 * Fills an empty database with demo users (password "demo") and processes:
 * alice has tasks in her Inbox, one of her triage tasks is already paused
 * with a half-filled draft, and mail waits in the Queue. Does nothing when
 * any user exists. Never called in production.
 */
export async function seedDemo(deps: { engine: WorkflowEngine; users: UserAccounts }): Promise<boolean> {
  const { engine, users } = deps;
  if ((await users.list()).length > 0) return false;
  const created: Record<string, UserRef> = {};
  for (const user of DEMO_USERS) {
    created[user.username] = await users.create(user.username, user.displayName, await hashPassword(DEMO_PASSWORD), user.roles);
  }
  const alice = actorOf(created.alice!);
  const bob = actorOf(created.bob!);
  const admin = actorOf(created.admin!);

  const mails = [];
  for (const mail of MAILS) mails.push(await engine.start('incoming-mail', admin, mail));
  const [first, second] = mails;

  // alice took the first mail: it is in her Inbox, not opened yet.
  await engine.take(await taskOf(engine, first!.id, 'triage', admin), alice);
  // She started the second one and paused it halfway.
  const paused = await taskOf(engine, second!.id, 'triage', admin);
  await engine.take(paused, alice);
  await engine.open(paused, alice);
  await engine.pause(paused, alice, {
    draft: { category: 'complaint', summary: 'Customer received a crushed parcel, two mugs', department: '' },
    reason: 'Waiting for photos of the damage',
  });
  // The other mails wait in the Queue. Purchase requests give the admin work too.
  await engine.start('purchase-request', alice, { item: 'Ergonomic chair', amount: '420', reason: 'My current chair is broken and hurts my back.' });
  await engine.start('purchase-request', bob, { item: 'Label printer', amount: '6800', reason: 'The warehouse needs a faster printer for shipping labels.' });
  return true;
}

/** Usernames of demo accounts that still accept the demo password. */
export async function usersWithDemoPassword(users: UserAccounts): Promise<string[]> {
  const found: string[] = [];
  for (const demo of DEMO_USERS) {
    const account = await users.findByUsername(demo.username);
    if (account && !account.disabled && (await verifyPassword(account.passwordHash, DEMO_PASSWORD))) found.push(demo.username);
  }
  return found;
}
