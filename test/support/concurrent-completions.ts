import assert from 'node:assert/strict';
import { snapshot } from './db-snapshot';
import { fetchLoggedIn, versionFrom, type FetchClient } from './fetch-client';
import { listen, startTestApp } from './web-app';

/** A valid triage form, urgent so that completing it also runs the escalation handler. */
const TRIAGE = {
  category: 'complaint',
  summary: 'The parcel arrived crushed; the customer wants a refund for two mugs.',
  amount: '24.50',
  department: 'customer-care',
  replyBy: '2026-05-01',
  urgent: 'on',
};

export interface CompletionFigures {
  rounds: number;
  requests: number;
  winners: number;
  conflicts: number;
}

/**
 * `rounds` times: a fresh triage task of alice's, opened over HTTP, then 50
 * Complete requests for it sent at once from 5 of her sessions (10 each),
 * over real HTTP. Asserts each round: exactly one 303, 49 × 409 showing what
 * was typed, the task DONE once with one history row of completion and the
 * next steps created once, and every row outside that process unchanged.
 */
export async function concurrentCompletionRounds(rounds: number, concurrency = 50, sessions = 5): Promise<CompletionFigures> {
  const t = await startTestApp();
  const server = await listen(t.app);
  const figures: CompletionFigures = { rounds: 0, requests: 0, winners: 0, conflicts: 0 };
  try {
    const clients: FetchClient[] = [];
    for (let i = 0; i < sessions; i++) clients.push(await fetchLoggedIn(server.url, 'alice'));
    for (let round = 0; round < rounds; round++) {
      const task = await t.newTriageFor('alice');
      const page = await clients[0]!.get(`/tasks/${task.id}`);
      assert.equal(page.status, 200);
      const version = versionFrom(page.text);
      const tokens = await Promise.all(clients.map((c) => c.token()));
      const othersBefore = await snapshot(t.db.prisma, { exceptProcess: task.processId });
      const eventsBefore = (await t.db.store.processHistory(task.processId)).length;

      const responses = await Promise.all(
        Array.from({ length: concurrency }, (_, i) =>
          clients[i % sessions]!.postRaw(`/tasks/${task.id}`, { _csrf: tokens[i % sessions]!, version, ...TRIAGE }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      const won = responses.filter((r) => r.status === 303);
      const lost = responses.filter((r) => r.status === 409);
      assert.equal(won.length, 1, `round ${round}: one winner (statuses ${statuses.join(',')})`);
      assert.equal(lost.length, concurrency - 1, `round ${round}: everyone else gets 409 (statuses ${statuses.join(',')})`);
      assert.equal(won[0]!.location, '/tasks/inbox');
      for (const r of lost) assert.match(r.text, /The parcel arrived crushed/, 'a 409 shows what was typed');

      const done = (await t.db.store.getTask(task.id))!;
      assert.equal(done.status, 'DONE');
      assert.equal(done.version, Number(version) + 1, 'changed once');
      const history = (await t.db.store.processHistory(task.processId)).slice(eventsBefore);
      assert.deepEqual(
        history.map((e) => `${e.transition}:${e.taskId === task.id ? 'triage' : 'next'}`),
        ['complete:triage', 'create:next', 'create:next', 'create:next'],
        'one completion, then the If, the escalation handler and the reply task, once each',
      );
      const tasks = await t.db.store.processTasks(task.processId);
      assert.equal(tasks.filter((x) => x.node === 'reply').length, 1);
      assert.deepEqual(await snapshot(t.db.prisma, { exceptProcess: task.processId }), othersBefore, 'nothing outside this process changed');
      figures.rounds++;
      figures.requests += concurrency;
      figures.winners += won.length;
      figures.conflicts += lost.length;
    }
    return figures;
  } finally {
    await server.close();
    await t.close();
  }
}
