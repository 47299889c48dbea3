import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  ViewActivation,
  ViewNode,
  defineFlow,
  end,
  start,
  view,
  type Actor,
  type TaskRecord,
  type TaskUrls,
  type TransitionContext,
  type TransitionTable,
} from '../../src/engine';
import { memoryEngine } from '../support/engine-fixtures';

/*
 * viewflow's cookbook "pause task" sample, re-created with the extension API
 * instead of using the built-in PausableView: a subclassed activation adds
 * PAUSED, overrides `prepare` and calls the base body without its guard; a
 * subclassed node links PAUSED tasks to their execute page.
 */
class SamplePausableActivation extends ViewActivation {
  static override transitions: TransitionTable = {
    ...ViewActivation.transitions,
    prepare: { from: ['NEW', 'PAUSED'], to: 'PREPARED', who: 'owner' },
    pause: { from: ['PREPARED'], to: 'PAUSED', who: 'owner' },
  };

  baseBodyCalls = 0;

  override prepare(ctx: TransitionContext): void {
    this.baseBodyCalls += 1;
    super.prepare(ctx); // the sample's `prepare.original()`
  }

  pause(ctx: TransitionContext): void {
    ctx.patch.draft = ctx.input.draft ?? {};
    ctx.patch.pausedAt = ctx.now;
  }
}

class SamplePausableView extends ViewNode {
  override readonly activationClass = SamplePausableActivation;

  override taskUrl(task: Readonly<TaskRecord>, actor: Actor, urls: TaskUrls): string {
    if (task.status === 'PAUSED' && task.ownerId === actor.id) return urls.execute(task.id);
    return super.taskUrl(task, actor, urls);
  }
}

const form = z.object({ subject: z.string().min(3) });
const urls: TaskUrls = {
  execute: (id) => `/tasks/${id}`,
  detail: (id) => `/tasks/${id}/detail`,
  take: (id) => `/tasks/${id}/take`,
};

function sampleFlow(name: string, task: ViewNode) {
  return defineFlow({
    name,
    title: name,
    nodes: { begin: start({ title: 'Start', next: 'task' }), task, finish: end() },
  });
}

describe('the pause-task sample, re-created with the extension API', () => {
  const plain = sampleFlow('plain', view({ title: 'Plain', form, next: 'finish' }));
  const pausable = sampleFlow('pausable', new SamplePausableView({ title: 'Pausable', form, next: 'finish' }));

  it('gives a plain View no pause transition', async () => {
    const { engine, alice } = memoryEngine([plain]);
    const process = await engine.start('plain', alice, {});
    const [, taskRecord] = await engine.process(process.id, alice).then((v) => v.tasks);
    const opened = await engine.open(taskRecord!.id, alice);
    assert.equal(opened.activation.has('pause'), false);
    assert.equal(opened.activation.canProceed('pause', alice), false);
    await assert.rejects(engine.pause(taskRecord!.id, alice, { draft: { subject: 'x' } }), { code: 'INVALID_TRANSITION' });
  });

  it('adds pause with a subclassed activation whose prepare reuses the base body', async () => {
    const { engine, alice, store } = memoryEngine([pausable]);
    const process = await engine.start('pausable', alice, {});
    const taskId = (await engine.inbox(alice)).items[0]!.id;

    const opened = await engine.open(taskId, alice);
    assert.ok(opened.activation instanceof SamplePausableActivation);
    assert.equal(opened.activation.canProceed('pause', alice), true);
    assert.ok(opened.task.startedAt, 'the base prepare body ran and stamped startedAt');

    const paused = await engine.pause(taskId, alice, { draft: { subject: 'Re: inv' } });
    assert.equal(paused.status, 'PAUSED');
    assert.equal(engine.taskUrl(paused, alice, urls), `/tasks/${taskId}`, 'a PAUSED task links to its task page');

    const resumed = await engine.open(taskId, alice);
    assert.equal(resumed.task.status, 'PREPARED');
    assert.equal(resumed.resumed, true);
    assert.deepEqual(resumed.task.draft, { subject: 'Re: inv' });

    await engine.complete(taskId, alice, { values: { subject: 'Re: invoice 42' } });
    const done = await engine.process(process.id, alice);
    assert.equal(done.process.status, 'DONE');
    assert.deepEqual(
      (await store.taskHistory(taskId)).map((e) => [e.transition, e.fromStatus, e.toStatus]),
      [
        ['create', null, 'NEW'],
        ['prepare', 'NEW', 'PREPARED'],
        ['pause', 'PREPARED', 'PAUSED'],
        ['prepare', 'PAUSED', 'PREPARED'],
        ['complete', 'PREPARED', 'DONE'],
      ],
    );
  });

  it('links a PAUSED task elsewhere for a user who may not execute it', async () => {
    const { engine, alice, bob } = memoryEngine([pausable]);
    await engine.start('pausable', alice, {});
    const taskId = (await engine.inbox(alice)).items[0]!.id;
    await engine.open(taskId, alice);
    const paused = await engine.pause(taskId, alice, { draft: {} });
    assert.equal(engine.taskUrl(paused, bob, urls), `/tasks/${taskId}/detail`);
  });
});
