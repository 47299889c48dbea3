import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { defineFlow, end, handler, ifNode, join, pausableView, split, start, switchNode, view, type Actor } from '../../src/engine';
import { memoryEngine } from '../support/engine-fixtures';

const note = z.object({ note: z.string().min(1) });

/** start → if → handler → split(a, b, handler c) → join → switch → end */
function parallelFlow(failHandler = { fail: false }) {
  return defineFlow({
    name: 'parallel',
    title: 'Parallel',
    summary: (d) => `amount ${String(d.amount)}`,
    nodes: {
      begin: start({ title: 'Begin', form: z.object({ amount: z.number() }), next: 'big' }),
      big: ifNode({ when: (d) => Number(d.amount) > 100, then: 'enrich', else: 'small' }),
      small: view({ title: 'Small', form: note, next: 'finish' }),
      enrich: handler({
        title: 'Enrich',
        run: ({ data }) => {
          if (failHandler.fail) throw new Error('ledger unavailable');
          return { enriched: Number(data.amount) * 2 };
        },
        next: 'fork',
      }),
      fork: split({ branches: [{ to: 'a' }, { to: 'b' }, { to: 'c' }] }),
      a: pausableView({ title: 'A', form: z.object({ a: z.string() }), next: 'meet' }),
      b: view({ title: 'B', form: z.object({ b: z.string() }), offerTo: { role: 'user' }, next: 'meet' }),
      c: handler({ title: 'C', run: () => ({ c: 'auto' }), next: 'meet' }),
      meet: join({ next: 'route' }),
      route: switchNode({ cases: [{ when: (d) => d.a === 'x', to: 'finish' }], default: 'finish' }),
      finish: end(),
    },
  });
}

describe('running a flow from start to End', () => {
  it('goes through If, Handler, Split/Join and Switch to End', async () => {
    const { engine, alice, bob } = memoryEngine([parallelFlow()]);
    const process = await engine.start('parallel', alice, { amount: '250' });
    assert.equal(process.data.enriched, 500);
    assert.equal(process.data.c, 'auto');
    assert.equal(process.summary, 'amount 250');

    const inbox = (await engine.inbox(alice)).items;
    assert.deepEqual(inbox.map((t) => t.node), ['a']);
    const queued = (await engine.queue(bob)).items;
    assert.deepEqual(queued.map((t) => t.node), ['b']);

    const a = inbox[0]!;
    await engine.open(a.id, alice);
    await engine.complete(a.id, alice, { values: { a: 'x' } });
    let view = await engine.process(process.id, alice);
    assert.equal(view.process.status, 'ACTIVE', 'the join still waits for branch b');
    const waiting = view.tasks.filter((t) => t.node === 'meet');
    assert.equal(waiting.length, 1);
    assert.equal(waiting[0]!.status, 'NEW');

    const b = queued[0]!;
    await engine.take(b.id, bob);
    await engine.open(b.id, bob);
    await engine.complete(b.id, bob, { values: { b: 'y' } });

    view = await engine.process(process.id, alice);
    assert.equal(view.process.status, 'DONE');
    assert.ok(view.process.finishedAt);
    assert.deepEqual(view.process.data, { amount: 250, enriched: 500, c: 'auto', a: 'x', b: 'y' });
    const joins = view.tasks.filter((t) => t.node === 'meet');
    assert.equal(joins.length, 1, 'exactly one join task');
    assert.equal(joins[0]!.status, 'DONE');
    assert.deepEqual(
      view.tasks.map((t) => `${t.node}:${t.status}`),
      ['begin:DONE', 'big:DONE', 'enrich:DONE', 'fork:DONE', 'a:DONE', 'b:DONE', 'c:DONE', 'meet:DONE', 'route:DONE', 'finish:DONE'],
    );
    assert.equal(view.history.at(-1)!.transition, 'finish');
  });

  it('takes the else branch of an If', async () => {
    const { engine, alice } = memoryEngine([parallelFlow()]);
    const process = await engine.start('parallel', alice, { amount: 5 });
    const tasks = (await engine.process(process.id, alice)).tasks;
    assert.deepEqual(tasks.map((t) => t.node), ['begin', 'big', 'small']);
  });

  it('leaves a failing Handler in ERROR and lets an admin retry it', async () => {
    const failing = { fail: true };
    const { engine, alice, admin } = memoryEngine([parallelFlow(failing)]);
    const process = await engine.start('parallel', alice, { amount: 300 });
    let view = await engine.process(process.id, admin);
    const errored = view.tasks.find((t) => t.node === 'enrich')!;
    assert.equal(errored.status, 'ERROR');
    assert.equal(errored.error, 'ledger unavailable');
    assert.equal(view.process.status, 'ACTIVE');

    await assert.rejects(engine.retry(errored.id, alice), { code: 'PERMISSION_DENIED' });
    const stillFailing = await engine.retry(errored.id, admin);
    assert.equal(stillFailing.status, 'ERROR');

    failing.fail = false;
    const retried = await engine.retry(errored.id, admin);
    assert.equal(retried.status, 'DONE');
    view = await engine.process(process.id, admin);
    assert.ok(view.tasks.some((t) => t.node === 'a' && t.status === 'NEW'));
    assert.equal(view.process.data.enriched, 600);
  });

  it('fires the join when the last open branch is canceled', async () => {
    const { engine, alice, admin, bob } = memoryEngine([parallelFlow()]);
    const process = await engine.start('parallel', alice, { amount: 300 });
    const a = (await engine.inbox(alice)).items[0]!;
    await engine.open(a.id, alice);
    await engine.complete(a.id, alice, { values: { a: 'x' } });
    const b = (await engine.queue(bob)).items[0]!;
    await engine.cancel(b.id, admin, { comment: 'not needed' });
    const view = await engine.process(process.id, admin);
    assert.equal(view.process.status, 'DONE');
  });

  it('cancels a whole process', async () => {
    const { engine, alice, admin } = memoryEngine([parallelFlow()]);
    const process = await engine.start('parallel', alice, { amount: 300 });
    await assert.rejects(engine.cancelProcess(process.id, alice), { code: 'PERMISSION_DENIED' });
    const canceled = await engine.cancelProcess(process.id, admin, 'duplicate');
    assert.equal(canceled.status, 'CANCELED');
    const view = await engine.process(process.id, admin);
    assert.ok(view.tasks.every((t) => ['DONE', 'CANCELED'].includes(t.status)));
  });

  it('validates the start form and starts nothing on bad input', async () => {
    const { engine, alice, store } = memoryEngine([parallelFlow()]);
    await assert.rejects(engine.start('parallel', alice, { amount: 'lots' }), (error: unknown) => {
      assert.equal((error as { code: string }).code, 'VALIDATION');
      assert.deepEqual(Object.keys((error as { fieldErrors: object }).fieldErrors), ['amount']);
      return true;
    });
    assert.equal(await store.getProcess(1), null);
  });

  it('refuses to start a flow for a user without its role', async () => {
    const restricted = defineFlow({
      name: 'restricted',
      title: 'Restricted',
      nodes: { s: start({ title: 'S', next: 'e', roles: ['finance'] }), e: end() },
    });
    const { engine, alice, admin } = memoryEngine([restricted]);
    await assert.rejects(engine.start('restricted', alice, {}), { code: 'PERMISSION_DENIED' });
    assert.equal((await engine.start('restricted', admin, {})).status, 'DONE');
    assert.equal((await engine.start('restricted', null, {})).status, 'DONE', 'a start from code');
  });
});

describe('checking a flow when it is defined', () => {
  const s = (next: string) => start({ title: 'S', next });
  const cases: [string, () => unknown, RegExp][] = [
    ['an unknown target', () => defineFlow({ name: 'bad', title: 'B', nodes: { s: s('nowhere'), e: end() } }), /flow bad, node s: links to unknown node "nowhere"/],
    ['a missing End', () => defineFlow({ name: 'bad', title: 'B', nodes: { s: s('v'), v: view({ title: 'V', form: note, next: 'v' }) } }), /flow bad: the flow has no End node/],
    [
      'an unreachable node',
      () => defineFlow({ name: 'bad', title: 'B', nodes: { s: s('e'), lost: view({ title: 'L', form: note, next: 'e' }), e: end() } }),
      /flow bad, node lost: is unreachable from the start/,
    ],
    ['no start', () => defineFlow({ name: 'bad', title: 'B', nodes: { e: end() } }), /exactly one start node, found 0/],
    ['a bad name', () => defineFlow({ name: 'Bad Name', title: 'B', nodes: { s: s('e'), e: end() } }), /lower-case/],
    [
      'a Join without a Split',
      () => defineFlow({ name: 'bad', title: 'B', nodes: { s: s('j'), j: join({ next: 'e' }), e: end() } }),
      /node j: a Join needs a Split/,
    ],
  ];
  for (const [what, define, message] of cases) {
    it(`names the flow and node for ${what}`, () => {
      assert.throws(define, (error: unknown) => {
        assert.equal((error as { code: string }).code, 'FLOW_DEFINITION');
        assert.match((error as Error).message, message);
        return true;
      });
    });
  }
});

export type { Actor };
