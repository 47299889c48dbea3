import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConcurrentUpdateError, NotFoundError } from '../../src/engine/errors';
import type { Draft, NewEvent, ProcessRecord, TaskRecord, UserRef } from '../../src/engine/records';
import type { TaskFilter } from '../../src/engine/task-query';
import type { ProcessTransaction, WorkflowStore } from '../../src/engine/workflow-store';

export interface ContractSubject {
  store: WorkflowStore;
  addUser(username: string, roles: string[]): Promise<UserRef>;
  close(): Promise<void>;
}

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let seq = 0;
/** Names unique per run, so the suite never depends on an empty database. */
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;

function event(processId: number, taskId: number | null, actorId: number | null, transition: string, extra: Partial<NewEvent> = {}): NewEvent {
  return { processId, taskId, actorId, at: at(0), transition, fromStatus: null, toStatus: null, ...extra };
}

/**
 * The behaviour every {@link WorkflowStore} must show, run against each
 * implementation. Uses only the interface plus a way to add users.
 */
export function storeContract(label: string, open: () => Promise<ContractSubject>): void {
  describe(`WorkflowStore contract: ${label}`, () => {
    let subject: ContractSubject;
    let store: WorkflowStore;
    let alice: UserRef;
    let bob: UserRef;

    before(async () => {
      subject = await open();
      store = subject.store;
      alice = await subject.addUser(unique('alice'), ['user', 'clerk']);
      bob = await subject.addUser(unique('bob'), ['user']);
    });
    after(() => subject.close());

    /** A process of a flow unique to the caller, with tasks made by `build`. */
    async function makeProcess(
      flow: string,
      build: (tx: ProcessTransaction, p: ProcessRecord) => Promise<TaskRecord[]> = async () => [],
      summary = 'a summary',
    ) {
      return store.createProcess(
        { flow, data: { n: 1 }, summary, createdById: alice.id, createdAt: at(0) },
        async (tx, p) => ({ process: p, tasks: await build(tx, p) }),
      );
    }

    function newTask(p: ProcessRecord, extra: { ownerId?: number | null; offeredUserId?: number | null; offeredRole?: string | null; createdAt?: Date; node?: string; previousIds?: number[] } = {}) {
      return {
        processId: p.id,
        flow: p.flow,
        node: extra.node ?? 'review',
        status: 'NEW',
        token: 'start',
        ownerId: extra.ownerId ?? null,
        offeredUserId: extra.offeredUserId ?? null,
        offeredRole: extra.offeredRole ?? null,
        createdAt: extra.createdAt ?? at(0),
        previousIds: extra.previousIds ?? [],
      };
    }

    async function pause(task: TaskRecord, pausedAt: Date, ownerId: number | null = task.ownerId) {
      return store.changeTask({
        taskId: task.id,
        expect: { status: task.status, version: task.version },
        patch: { status: 'PAUSED', pausedAt, ownerId },
        event: event(task.processId, task.id, ownerId, 'pause', { fromStatus: task.status, toStatus: 'PAUSED' }),
      });
    }

    describe('users', () => {
      it('finds users by id and by name and lists them', async () => {
        assert.deepEqual(await store.getUser(alice.id), alice);
        assert.deepEqual(await store.getUserByName(bob.username), bob);
        assert.deepEqual(alice.roles, ['user', 'clerk']);
        assert.equal(await store.getUser(999_999_999), null);
        assert.equal(await store.getUserByName(unique('nobody')), null);
        const names = (await store.listUsers()).map((u) => u.username);
        assert.ok(names.includes(alice.username) && names.includes(bob.username));
      });
    });

    describe('createProcess', () => {
      it('creates the process and its first tasks in one transaction', async () => {
        const flow = unique('flow');
        const { process, tasks } = await makeProcess(flow, async (tx, p) => [
          await tx.createTask(newTask(p, { offeredRole: 'clerk' })),
          await tx.createTask(newTask(p, { node: 'approve', createdAt: at(1) })),
        ]);
        assert.equal(process.flow, flow);
        assert.equal(process.status, 'ACTIVE');
        assert.deepEqual(process.data, { n: 1 });
        assert.equal(process.version, 0);
        assert.deepEqual(await store.getProcess(process.id), process);
        assert.deepEqual(await store.processTasks(process.id), tasks);
        assert.equal(tasks[0]!.version, 0);
        assert.equal(tasks[0]!.offeredRole, 'clerk');
        assert.equal(tasks[0]!.draft, null);
        assert.equal(tasks[0]!.pausedMs, 0);
      });

      it('persists nothing when the callback throws', async () => {
        let createdId = 0;
        await assert.rejects(
          makeProcess(unique('flow'), async (tx, p) => {
            createdId = p.id;
            await tx.createTask(newTask(p));
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.ok(createdId > 0);
        assert.equal(await store.getProcess(createdId), null);
        assert.deepEqual(await store.processTasks(createdId), []);
      });
    });

    describe('getTaskWithProcess', () => {
      it('reads a task and its process together, the same as reading each', async () => {
        const { tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p, { ownerId: alice.id }))]);
        const paused = await pause(tasks[0]!, at(3));
        const both = await store.getTaskWithProcess(paused.id);
        assert.deepEqual(both, { task: await store.getTask(paused.id), process: await store.getProcess(paused.processId) });
        assert.deepEqual(both!.task, paused);
        assert.equal(await store.getTaskWithProcess(999_999_999), null);
      });

      it('sees the transaction own writes inside withProcessLock', async () => {
        const { process, tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p))]);
        const seen = await store.withProcessLock(process.id, async (tx) => {
          await tx.updateProcess(process.id, { summary: 'changed inside' });
          return tx.getTaskWithProcess(tasks[0]!.id);
        });
        assert.equal(seen!.process.summary, 'changed inside');
        assert.equal(seen!.process.version, process.version + 1);
        assert.deepEqual(seen!.task, tasks[0]);
      });
    });

    describe('changeTask', () => {
      it('applies the patch, bumps the version and appends the history row', async () => {
        const { tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p))]);
        const task = tasks[0]!;
        const changed = await store.changeTask({
          taskId: task.id,
          expect: { status: 'NEW', version: 0 },
          patch: { status: 'PREPARED', ownerId: alice.id, assignedAt: at(2), pausedMs: 3 * 24 * 3600 * 1000 * 10 },
          event: event(task.processId, task.id, alice.id, 'assign', { fromStatus: 'NEW', toStatus: 'PREPARED', comment: 'mine', data: { to: alice.id } }),
        });
        assert.equal(changed.version, 1);
        assert.equal(changed.status, 'PREPARED');
        assert.equal(changed.ownerId, alice.id);
        assert.deepEqual(changed.assignedAt, at(2));
        assert.equal(changed.pausedMs, 2_592_000_000);
        assert.deepEqual(await store.getTask(task.id), changed);
        const history = await store.taskHistory(task.id);
        assert.equal(history.length, 1);
        assert.deepEqual(
          { ...history[0]!, id: 0 },
          { id: 0, processId: task.processId, taskId: task.id, actorId: alice.id, actorName: alice.displayName, at: at(0), transition: 'assign', fromStatus: 'NEW', toStatus: 'PREPARED', comment: 'mine', data: { to: alice.id } },
        );
      });

      it('refuses a stale version with ConcurrentUpdateError and writes nothing', async () => {
        const { tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p))]);
        const task = tasks[0]!;
        await store.changeTask({ taskId: task.id, expect: { status: 'NEW', version: 0 }, patch: { error: 'first' }, event: event(task.processId, task.id, null, 'first') });
        const error = await store
          .changeTask({ taskId: task.id, expect: { status: 'NEW', version: 0 }, patch: { error: 'second' }, event: event(task.processId, task.id, null, 'second') })
          .then(() => null, (e: unknown) => e);
        assert.ok(error instanceof ConcurrentUpdateError, String(error));
        assert.equal(error.taskId, task.id);
        assert.equal(error.expectedVersion, 0);
        assert.equal(error.actualVersion, 1);
        const now = await store.getTask(task.id);
        assert.equal(now!.error, 'first');
        assert.equal(now!.version, 1);
        assert.deepEqual((await store.taskHistory(task.id)).map((h) => h.transition), ['first']);
      });

      it('refuses a wrong status with ConcurrentUpdateError', async () => {
        const { tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p))]);
        await assert.rejects(
          store.changeTask({ taskId: tasks[0]!.id, expect: { status: 'PAUSED', version: 0 }, patch: { status: 'NEW' }, event: event(tasks[0]!.processId, tasks[0]!.id, null, 'resume') }),
          (e: unknown) => e instanceof ConcurrentUpdateError && e.actualVersion === 0,
        );
        assert.deepEqual(await store.taskHistory(tasks[0]!.id), []);
      });

      it('reports a missing task with NotFoundError', async () => {
        await assert.rejects(
          store.changeTask({ taskId: 987_654_321, expect: { status: 'NEW', version: 0 }, patch: {}, event: event(1, 987_654_321, null, 'x') }),
          (e: unknown) => e instanceof NotFoundError && e.entity === 'task' && e.id === 987_654_321,
        );
      });

      it('round-trips a draft byte for byte', async () => {
        const { tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p))]);
        const draft: Draft = {
          name: 'Zoë "the" O\'Brien \\ <b>&amp;',
          note: 'line one\nline two\r\n\ttabbed',
          emoji: '👩🏽‍💻 🎉 ✓ 漢字 العربية',
          empty: '',
          control: '\u0001\u001f',
          list: ['a', '', 'ß', '🙂'],
          emptyList: [],
        };
        const changed = await store.changeTask({ taskId: tasks[0]!.id, expect: { status: 'NEW', version: 0 }, patch: { draft, draftSavedAt: at(5) }, event: event(tasks[0]!.processId, tasks[0]!.id, null, 'save') });
        const back = (await store.getTask(tasks[0]!.id))!;
        assert.deepEqual(back.draft, draft);
        assert.equal(JSON.stringify(back.draft), JSON.stringify(draft));
        assert.deepEqual(changed.draft, draft);
        const cleared = await store.changeTask({ taskId: back.id, expect: { status: 'NEW', version: 1 }, patch: { draft: null }, event: event(back.processId, back.id, null, 'clear') });
        assert.equal(cleared.draft, null);
      });
    });

    describe('withProcessLock', () => {
      it('commits all of its writes together', async () => {
        const { process, tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p))]);
        const result = await store.withProcessLock(process.id, async (tx) => {
          const first = (await tx.getTask(tasks[0]!.id))!;
          const done = await tx.changeTask({ taskId: first.id, expect: { status: 'NEW', version: 0 }, patch: { status: 'DONE', finishedAt: at(3) }, event: event(process.id, first.id, bob.id, 'complete') });
          const next = await tx.createTask(newTask(process, { node: 'next', previousIds: [done.id] }));
          await tx.appendEvent(event(process.id, null, null, 'note', { data: ['x', 1, null, { y: true }] }));
          const updated = await tx.updateProcess(process.id, { data: { n: 2, nested: { ok: true } }, summary: 'second' });
          assert.equal((await tx.getProcess(process.id))!.summary, 'second');
          assert.equal((await tx.processTasks(process.id)).length, 2);
          return { next, updated };
        });
        assert.equal(result.updated.version, 1);
        assert.deepEqual((await store.getProcess(process.id))!.data, { n: 2, nested: { ok: true } });
        assert.deepEqual(await store.previousTaskIds(result.next.id), [tasks[0]!.id]);
        const history = await store.processHistory(process.id);
        assert.deepEqual(history.map((h) => h.transition), ['complete', 'note']);
        assert.deepEqual(history[1]!.data, ['x', 1, null, { y: true }]);
        assert.equal(history[1]!.taskId, null);
        assert.equal(history[0]!.actorName, bob.displayName);
      });

      it('rolls everything back when the callback throws', async () => {
        const { process, tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p))]);
        await assert.rejects(
          store.withProcessLock(process.id, async (tx) => {
            await tx.changeTask({ taskId: tasks[0]!.id, expect: { status: 'NEW', version: 0 }, patch: { status: 'DONE' }, event: event(process.id, tasks[0]!.id, null, 'complete') });
            await tx.createTask(newTask(process, { node: 'next' }));
            await tx.updateProcess(process.id, { status: 'DONE' });
            await tx.appendEvent(event(process.id, null, null, 'end'));
            throw new Error('rollback please');
          }),
          /rollback please/,
        );
        assert.deepEqual(await store.processTasks(process.id), tasks);
        assert.equal((await store.getProcess(process.id))!.status, 'ACTIVE');
        assert.deepEqual(await store.processHistory(process.id), []);
      });

      it('rolls back earlier writes when a guarded change inside fails', async () => {
        const { process, tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p)), await tx.createTask(newTask(p))]);
        await assert.rejects(
          store.withProcessLock(process.id, async (tx) => {
            await tx.changeTask({ taskId: tasks[0]!.id, expect: { status: 'NEW', version: 0 }, patch: { status: 'DONE' }, event: event(process.id, tasks[0]!.id, null, 'complete') });
            await tx.changeTask({ taskId: tasks[1]!.id, expect: { status: 'NEW', version: 7 }, patch: { status: 'DONE' }, event: event(process.id, tasks[1]!.id, null, 'complete') });
          }),
          (e: unknown) => e instanceof ConcurrentUpdateError && e.taskId === tasks[1]!.id,
        );
        assert.deepEqual(await store.processTasks(process.id), tasks);
        assert.deepEqual(await store.processHistory(process.id), []);
      });

      it('runs two read-then-write sections on one process one after the other', async () => {
        const { process } = await makeProcess(unique('flow'));
        const order: string[] = [];
        const bump = (name: string) =>
          store.withProcessLock(process.id, async (tx) => {
            order.push(`${name}:read`);
            const p = (await tx.getProcess(process.id))!;
            await new Promise((r) => setTimeout(r, 30));
            await tx.updateProcess(process.id, { data: { n: (p.data.n as number) + 1 } });
            order.push(`${name}:write`);
          });
        await Promise.all([bump('a'), bump('b')]);
        assert.deepEqual((await store.getProcess(process.id))!.data, { n: 3 });
        assert.deepEqual(order, ['a:read', 'a:write', 'b:read', 'b:write']);
      });
    });

    describe('links', () => {
      it('records every previous task of a join', async () => {
        const { process, tasks } = await makeProcess(unique('flow'), async (tx, p) => [await tx.createTask(newTask(p)), await tx.createTask(newTask(p))]);
        const join = await store.withProcessLock(process.id, async (tx) => {
          const j = await tx.createTask(newTask(process, { node: 'join', previousIds: [tasks[0]!.id] }));
          await tx.linkTasks(tasks[1]!.id, j.id);
          return j;
        });
        assert.deepEqual([...(await store.previousTaskIds(join.id))].sort((a, b) => a - b), [tasks[0]!.id, tasks[1]!.id]);
        assert.deepEqual(await store.previousTaskIds(tasks[0]!.id), []);
      });
    });

    describe('listTasks', () => {
      /** Walks every page and checks order, no duplicates and the cursor. */
      async function walk(filter: TaskFilter, limit: number) {
        const pages: TaskRecord[][] = [];
        let after = null;
        for (let i = 0; i < 100; i++) {
          const page = await store.listTasks({ filter, after, limit });
          pages.push(page.items);
          if (!page.next) break;
          after = page.next;
        }
        return { pages, items: pages.flat() };
      }

      it('pages the paused list newest first across ties without gaps or duplicates', async () => {
        const flow = unique('paused');
        const { tasks } = await makeProcess(flow, async (tx, p) => {
          const out: TaskRecord[] = [];
          for (let i = 0; i < 11; i++) out.push(await tx.createTask(newTask(p, { ownerId: alice.id })));
          return out;
        }, 'paused summary');
        // Ties: several tasks share a pausedAt, so only the id separates them.
        const minutes = [5, 5, 5, 4, 4, 3, 3, 3, 3, 2, 1];
        const paused = await Promise.all(tasks.map((t, i) => pause(t, at(minutes[i]!))));
        const expected = [...paused].sort((a, b) => b.pausedAt!.getTime() - a.pausedAt!.getTime() || b.id - a.id).map((t) => t.id);
        const { pages, items } = await walk({ kind: 'paused', flow }, 3);
        assert.ok(pages.length > 3);
        assert.deepEqual(items.map((t) => t.id), expected);
        const first = (await store.listTasks({ filter: { kind: 'paused', flow }, limit: 1 })).items[0]!;
        assert.equal(first.processSummary, 'paused summary');
        assert.equal(first.ownerName, alice.displayName);
        assert.equal(first.status, 'PAUSED');
      });

      it('filters the paused list by owner, flow and pausedBefore', async () => {
        const flow = unique('paused');
        const { tasks } = await makeProcess(flow, async (tx, p) => [
          await tx.createTask(newTask(p, { ownerId: alice.id })),
          await tx.createTask(newTask(p, { ownerId: bob.id })),
          await tx.createTask(newTask(p, { ownerId: bob.id })),
          await tx.createTask(newTask(p, { ownerId: bob.id })),
        ]);
        await pause(tasks[0]!, at(10));
        await pause(tasks[1]!, at(20));
        await pause(tasks[2]!, at(30));
        const ids = async (filter: TaskFilter) => (await walk(filter, 10)).items.map((t) => t.id);
        assert.deepEqual(await ids({ kind: 'paused', flow }), [tasks[2]!.id, tasks[1]!.id, tasks[0]!.id]);
        assert.deepEqual(await ids({ kind: 'paused', flow, ownerId: bob.id }), [tasks[2]!.id, tasks[1]!.id]);
        assert.deepEqual(await ids({ kind: 'paused', flow, pausedBefore: at(30) }), [tasks[1]!.id, tasks[0]!.id]);
        assert.deepEqual(await ids({ kind: 'paused', flow, ownerId: bob.id, pausedBefore: at(25) }), [tasks[1]!.id]);
        assert.ok((await ids({ kind: 'paused', ownerId: bob.id })).includes(tasks[1]!.id));
      });

      it('shows NEW and PREPARED tasks of the owner in the inbox', async () => {
        const flow = unique('inbox');
        const carol = await subject.addUser(unique('carol'), ['user']);
        const { tasks } = await makeProcess(flow, async (tx, p) => {
          const out: TaskRecord[] = [];
          for (let i = 0; i < 7; i++) out.push(await tx.createTask(newTask(p, { ownerId: carol.id, createdAt: at(i % 3) })));
          out.push(await tx.createTask(newTask(p, { ownerId: bob.id })));
          return out;
        });
        const prepared = await store.changeTask({ taskId: tasks[0]!.id, expect: { status: 'NEW', version: 0 }, patch: { status: 'PREPARED' }, event: event(tasks[0]!.processId, tasks[0]!.id, carol.id, 'open') });
        await pause(tasks[1]!, at(9));
        const expected = tasks
          .filter((t) => t.ownerId === carol.id && t.id !== tasks[1]!.id)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
          .map((t) => t.id);
        const { pages, items } = await walk({ kind: 'inbox', userId: carol.id }, 2);
        assert.ok(pages.length >= 3);
        assert.deepEqual(items.map((t) => t.id), expected);
        assert.ok(items.some((t) => t.id === prepared.id && t.status === 'PREPARED'));
        assert.deepEqual((await walk({ kind: 'inbox', userId: carol.id, flow: unique('other') }, 5)).items, []);
      });

      it('offers unowned NEW tasks to the offered user and to holders of the offered role', async () => {
        const flow = unique('queue');
        const role = unique('role');
        const dave = await subject.addUser(unique('dave'), ['user', role]);
        const { tasks } = await makeProcess(flow, async (tx, p) => [
          await tx.createTask(newTask(p, { offeredRole: role, createdAt: at(1) })),
          await tx.createTask(newTask(p, { offeredUserId: dave.id, createdAt: at(2) })),
          await tx.createTask(newTask(p, { offeredRole: 'nobody-has-this', createdAt: at(3) })),
          await tx.createTask(newTask(p, { offeredRole: role, ownerId: bob.id, createdAt: at(4) })),
          await tx.createTask(newTask(p, { offeredUserId: bob.id, createdAt: at(5) })),
          await tx.createTask(newTask(p, { offeredRole: role, createdAt: at(6) })),
        ]);
        await pause(tasks[5]!, at(7));
        const filter: TaskFilter = { kind: 'queue', userId: dave.id, roles: dave.roles, flow };
        assert.deepEqual((await walk(filter, 1)).items.map((t) => t.id), [tasks[1]!.id, tasks[0]!.id]);
        assert.deepEqual((await walk({ kind: 'queue', userId: dave.id, roles: [], flow }, 5)).items.map((t) => t.id), [tasks[1]!.id]);
        const item = (await store.listTasks({ filter, limit: 5 })).items[0]!;
        assert.equal(item.ownerName, null);
        assert.equal(item.processSummary, 'a summary');
      });

      it('lists the DONE tasks of a user in the archive by finish time', async () => {
        const flow = unique('archive');
        const { tasks } = await makeProcess(flow, async (tx, p) => {
          const out: TaskRecord[] = [];
          for (let i = 0; i < 5; i++) out.push(await tx.createTask(newTask(p, { ownerId: bob.id })));
          return out;
        });
        const finished = [8, 6, 8, 7];
        for (let i = 0; i < 4; i++) {
          await store.changeTask({ taskId: tasks[i]!.id, expect: { status: 'NEW', version: 0 }, patch: { status: 'DONE', finishedAt: at(finished[i]!) }, event: event(tasks[i]!.processId, tasks[i]!.id, bob.id, 'complete') });
        }
        const { items } = await walk({ kind: 'archive', userId: bob.id, flow }, 2);
        assert.deepEqual(items.map((t) => t.id), [tasks[2]!.id, tasks[0]!.id, tasks[3]!.id, tasks[1]!.id]);
        assert.deepEqual(items[0]!.finishedAt, at(8));
      });
    });

    describe('history', () => {
      it('returns process and task history in insertion order with actor names', async () => {
        const { process, tasks } = await makeProcess(unique('flow'), async (tx, p) => {
          const t = await tx.createTask(newTask(p));
          await tx.appendEvent(event(p.id, null, alice.id, 'start'));
          await tx.appendEvent(event(p.id, t.id, null, 'create', { at: at(-1) }));
          return [t];
        });
        await store.changeTask({ taskId: tasks[0]!.id, expect: { status: 'NEW', version: 0 }, patch: {}, event: event(process.id, tasks[0]!.id, bob.id, 'touch') });
        const history = await store.processHistory(process.id);
        assert.deepEqual(history.map((h) => [h.transition, h.actorName]), [['start', alice.displayName], ['create', null], ['touch', bob.displayName]]);
        assert.ok(history[0]!.id < history[1]!.id && history[1]!.id < history[2]!.id);
        assert.deepEqual((await store.taskHistory(tasks[0]!.id)).map((h) => h.transition), ['create', 'touch']);
        assert.deepEqual(history[1]!.at, at(-1));
      });
    });
  });
}
