import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConcurrentUpdateError,
  InvalidTransitionError,
  WorkflowEngine,
  type Actor,
  type UserRef,
  type WorkflowStore,
} from '../../src/engine';
import { flows } from '../../src/flows';
import { TestClock, mailStart, validTriage } from './engine-fixtures';

export interface StoreHandle {
  store: WorkflowStore;
  addUser(username: string, roles: string[]): Promise<UserRef>;
  close(): Promise<void>;
}

const actor = (u: UserRef): Actor => ({ id: u.id, username: u.username, roles: u.roles });

/**
 * Engine behaviour that must hold on every store: drafts, conflicts,
 * permissions, admin actions and lists, driven through the demo flows.
 */
export function engineScenarios(label: string, open: () => Promise<StoreHandle>): void {
  describe(`engine scenarios on ${label}`, () => {
    let handle: StoreHandle;
    let engine: WorkflowEngine;
    let clock: TestClock;
    let alice: Actor;
    let bob: Actor;
    let admin: Actor;

    before(async () => {
      handle = await open();
      clock = new TestClock();
      engine = new WorkflowEngine({ store: handle.store, flows, clock: clock.now });
      const suffix = Math.random().toString(36).slice(2, 8);
      alice = actor(await handle.addUser(`alice-${suffix}`, ['user']));
      bob = actor(await handle.addUser(`bob-${suffix}`, ['user']));
      admin = actor(await handle.addUser(`admin-${suffix}`, ['user', 'admin']));
    });
    after(() => handle.close());

    /** Registers a mail as alice and has her take and open the triage task. */
    async function openTriage() {
      const process = await engine.start('incoming-mail', alice, mailStart);
      const task = (await handle.store.processTasks(process.id)).find((t) => t.node === 'triage')!;
      await engine.take(task.id, alice);
      const opened = await engine.open(task.id, alice);
      return { process, task: opened.task };
    }

    it('keeps an invalid, incomplete draft exactly as typed and gives it back on resume', async () => {
      const { task } = await openTriage();
      const draft = { summary: '  too short ✓ «ünïcode» \r\n"quoted" ', amount: 'forty', category: '' };
      const paused = await engine.pause(task.id, alice, { version: task.version, draft, reason: 'waiting for the customer' });
      assert.equal(paused.status, 'PAUSED');
      assert.equal(paused.pauseReason, 'waiting for the customer');
      clock.advance(60_000);
      const resumed = await engine.open(task.id, alice);
      assert.equal(resumed.resumed, true);
      assert.equal(resumed.task.status, 'PREPARED');
      assert.equal(JSON.stringify(resumed.task.draft), JSON.stringify(draft));
      assert.equal(resumed.task.pausedMs, 60_000);
    });

    it('keeps the draft when completion fails validation, and clears it when completion commits', async () => {
      const { task } = await openTriage();
      const paused = await engine.pause(task.id, alice, { version: task.version, draft: { summary: 'half' } });
      const reopened = await engine.open(task.id, alice);
      await assert.rejects(
        engine.complete(task.id, alice, { version: reopened.task.version, values: { ...validTriage, summary: 'short' } }),
        (error: unknown) => {
          assert.deepEqual(Object.keys((error as { fieldErrors: object }).fieldErrors), ['summary']);
          return true;
        },
      );
      const after = await handle.store.getTask(task.id);
      assert.deepEqual(after!.draft, { summary: 'half' });
      assert.equal(after!.version, reopened.task.version, 'a failed completion writes nothing');
      assert.ok(paused.version < after!.version);

      const { task: done, process } = await engine.complete(task.id, alice, { version: after!.version, values: validTriage });
      assert.equal(done.status, 'DONE');
      assert.equal(done.draft, null);
      assert.equal(process.data.category, 'complaint');
      assert.equal(process.data.amount, 49.9);
      assert.equal(process.data.urgent, true);
      assert.ok(process.data.escalatedAt, 'the urgent branch ran the handler');
    });

    it('refuses a completion from a stale page and keeps the newer draft', async () => {
      const { task } = await openTriage();
      const staleVersion = task.version;
      await engine.pause(task.id, alice, { version: task.version, draft: { summary: 'newer text' } });
      await assert.rejects(
        engine.complete(task.id, alice, { version: staleVersion, values: validTriage }),
        (error: unknown) => error instanceof ConcurrentUpdateError && error.expectedVersion === staleVersion,
      );
      assert.deepEqual((await handle.store.getTask(task.id))!.draft, { summary: 'newer text' });
    });

    it('lets exactly one of 50 concurrent completions win', async () => {
      const { task, process } = await openTriage();
      const before = await handle.store.processHistory(process.id);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => engine.complete(task.id, alice, { version: task.version, values: validTriage })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 49);
      for (const r of lost) {
        assert.ok(r.reason instanceof ConcurrentUpdateError || r.reason instanceof InvalidTransitionError, String(r.reason));
      }
      const history = await handle.store.processHistory(process.id);
      const completions = history.filter((e) => e.taskId === task.id && e.transition === 'complete');
      assert.equal(completions.length, 1);
      const tasks = await handle.store.processTasks(process.id);
      assert.equal(tasks.filter((t) => t.node === 'reply').length, 1, 'the next task was created once');
      // Exactly one completion's worth of history: complete, then the If,
      // the escalation handler and the reply task being created.
      assert.deepEqual(
        history.slice(before.length).map((e) => e.transition),
        ['complete', 'create', 'create', 'create'],
      );
    });

    it('refuses pause, complete and open to anyone but the owner', async () => {
      const { task } = await openTriage();
      await assert.rejects(engine.pause(task.id, bob, { draft: {} }), { code: 'PERMISSION_DENIED' });
      await assert.rejects(engine.complete(task.id, bob, { values: validTriage }), { code: 'PERMISSION_DENIED' });
      await assert.rejects(engine.open(task.id, bob), { code: 'PERMISSION_DENIED' });
      await assert.rejects(engine.open(task.id, admin), { code: 'PERMISSION_DENIED' });
      await assert.rejects(engine.view(task.id, { id: bob.id, roles: [] }), { code: 'PERMISSION_DENIED' });
      await assert.rejects(engine.open(987654321, alice), { code: 'NOT_FOUND' });
    });

    it('lets an admin reassign a paused task, draft and all, and cancel one', async () => {
      const { task } = await openTriage();
      const paused = await engine.pause(task.id, alice, { draft: { summary: 'for bob' } });
      await assert.rejects(engine.reassign(task.id, alice, { toUserId: bob.id }), { code: 'PERMISSION_DENIED' });
      await assert.rejects(engine.reassign(task.id, admin, { toUserId: 987654 }), { code: 'NOT_FOUND' });
      const moved = await engine.reassign(task.id, admin, { toUserId: bob.id, version: paused.version, comment: 'alice is away' });
      assert.equal(moved.status, 'PAUSED');
      assert.equal(moved.ownerId, bob.id);
      const opened = await engine.open(task.id, bob);
      assert.deepEqual(opened.task.draft, { summary: 'for bob' });
      await engine.pause(task.id, bob, { draft: { summary: 'for bob, more' } });
      const canceled = await engine.cancel(task.id, admin, { comment: 'spam' });
      assert.equal(canceled.status, 'CANCELED');
      const history = await engine.taskHistory(task.id);
      const reassign = history.find((e) => e.transition === 'reassign')!;
      assert.equal(reassign.actorId, admin.id);
      assert.equal(reassign.comment, 'alice is away');
      assert.deepEqual(reassign.data, { previousOwnerId: alice.id, ownerId: bob.id });
      assert.equal(history.at(-1)!.transition, 'cancel');
      const process = await handle.store.getProcess(task.processId);
      assert.equal(process!.status, 'CANCELED');
    });

    it('lists my paused tasks newest first and everyone\'s for admins, with filters', async () => {
      const first = await openTriage();
      await engine.pause(first.task.id, alice, { draft: {} });
      clock.advance(3_600_000);
      const second = await openTriage();
      await engine.pause(second.task.id, alice, { draft: {} });

      const mine = (await engine.paused(alice, { flow: 'incoming-mail' })).items.map((t) => t.id);
      assert.ok(mine.indexOf(second.task.id) < mine.indexOf(first.task.id), 'newest pause first');
      assert.ok(mine.length >= 2);
      assert.deepEqual((await engine.paused(bob, { flow: 'incoming-mail' })).items.filter((t) => t.ownerId === alice.id), []);

      await assert.rejects(engine.pausedQueue(alice), { code: 'PERMISSION_DENIED' });
      const old = (await engine.pausedQueue(admin, { ownerId: alice.id, minAgeMs: 1_800_000 })).items.map((t) => t.id);
      assert.ok(old.includes(first.task.id));
      assert.ok(!old.includes(second.task.id), 'paused for less than the minimum age');
      const item = (await engine.pausedQueue(admin, { ownerId: alice.id })).items.find((t) => t.id === first.task.id)!;
      assert.ok(item.ownerName, 'the owner is named');
      assert.match(item.processSummary, /Damaged parcel/);
      await assert.rejects(engine.paused(alice, { flow: 'no-such-flow' }), { code: 'NOT_FOUND' });
    });

    it('pages through a list by keyset without gaps or repeats', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) ids.push((await openTriage()).task.id);
      const seen: number[] = [];
      let after = null;
      for (;;) {
        const page: Awaited<ReturnType<WorkflowEngine['inbox']>> = await engine.inbox(alice, { after, limit: 3 });
        seen.push(...page.items.map((t) => t.id));
        if (!page.next) break;
        after = page.next;
      }
      assert.equal(new Set(seen).size, seen.length, 'no task twice');
      for (const id of ids) assert.ok(seen.includes(id));
    });

    it('puts queued tasks in the queue of users with the role only', async () => {
      const process = await engine.start('incoming-mail', alice, mailStart);
      const task = (await handle.store.processTasks(process.id)).find((t) => t.node === 'triage')!;
      assert.ok((await engine.queue(bob)).items.some((t) => t.id === task.id));
      assert.ok(!(await engine.queue({ id: bob.id, roles: [] })).items.some((t) => t.id === task.id));
      await engine.take(task.id, bob);
      await assert.rejects(engine.take(task.id, alice), { code: 'INVALID_TRANSITION' });
      assert.ok(!(await engine.queue(alice)).items.some((t) => t.id === task.id));
      assert.ok((await engine.inbox(bob)).items.some((t) => t.id === task.id));
    });
  });
}
