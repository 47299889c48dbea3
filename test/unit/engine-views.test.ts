import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrentUpdateError } from '../../src/engine';
import { flows } from '../../src/flows';
import { mailStart, memoryEngine, validTriage } from '../support/engine-fixtures';

/** pause() and complete() also take a view the engine handed out, sparing the page a second read. */
describe('acting on a view the engine returned', () => {
  async function openedTriage() {
    const f = memoryEngine(flows);
    const process = await f.engine.start('incoming-mail', f.alice, mailStart);
    const task = (await f.store.processTasks(process.id)).find((t) => t.node === 'triage')!;
    await f.engine.take(task.id, f.alice);
    await f.engine.open(task.id, f.alice);
    return { ...f, taskId: task.id };
  }

  it('pauses and completes through a view as through an id', async () => {
    const { engine, alice, taskId } = await openedTriage();
    const view = await engine.view(taskId, alice);
    const paused = await engine.pause(view, alice, { version: view.task.version, draft: { summary: 'half' } });
    assert.equal(paused.status, 'PAUSED');
    await engine.open(taskId, alice);
    const again = await engine.view(taskId, alice);
    const { task } = await engine.complete(again, alice, { version: again.task.version, values: validTriage });
    assert.equal(task.status, 'DONE');
  });

  it('refuses a view that went stale, writing nothing', async () => {
    const { engine, alice, store, taskId } = await openedTriage();
    const view = await engine.view(taskId, alice);
    await engine.pause(taskId, alice, { version: view.task.version, draft: { summary: 'first' } });
    await assert.rejects(engine.pause(view, alice, { draft: { summary: 'second' } }), ConcurrentUpdateError);
    await assert.rejects(engine.complete(view, alice, { version: view.task.version, values: validTriage }), ConcurrentUpdateError);
    assert.deepEqual((await store.getTask(taskId))!.draft, { summary: 'first' });
  });

  it('refuses a view it did not hand out', async () => {
    const { engine, alice, bob, taskId } = await openedTriage();
    const view = await engine.view(taskId, alice);
    const forged = { ...view, task: { ...view.task, ownerId: bob.id } };
    await assert.rejects(engine.pause(forged, bob, { draft: {} }), TypeError);
    await assert.rejects(engine.complete(forged, bob, { values: validTriage }), TypeError);
  });
});
