import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowEngine } from '../../src/engine';
import { migrate } from '../../src/db/migrate';
import { openDatabase } from '../../src/db/open-database';
import { flows } from '../../src/flows';
import { mailStart } from '../support/engine-fixtures';
import { engineScenarios } from '../support/engine-scenarios';
import { checkSequencesOn } from '../support/model-check';
import { openContractSubject } from '../support/open-test-database';
import { tempSqliteUrl } from '../support/temp-sqlite';

engineScenarios('Prisma on SQLite', async () => {
  const file = await tempSqliteUrl('engine');
  return openContractSubject(file.url, file.remove);
});

describe('a paused draft on a SQLite file', () => {
  it('survives dropping every object and opening a new engine on the same file, byte for byte', async () => {
    const file = await tempSqliteUrl('reopen');
    const draft = {
      summary: 'Half written… 😀 «quotes» "double" \'single\' \\ backslash\r\nnew line\ttab \u0000nul \u2028 sep',
      amount: '12,50 €',
      category: '',
      department: 'legal',
      extra: ['first', 'second'],
    };
    let taskId: number;
    let aliceId: number;
    {
      await migrate(file.url);
      const db = await openDatabase(file.url, { sessionPruneIntervalMs: 0 });
      const alice = await db.users.create('alice', 'Alice', 'unused-hash', ['user']);
      aliceId = alice.id;
      const actor = { id: alice.id, roles: alice.roles };
      const engine = new WorkflowEngine({ store: db.store, flows });
      const process = await engine.start('incoming-mail', actor, mailStart);
      const triage = (await db.store.processTasks(process.id)).find((t) => t.node === 'triage')!;
      taskId = triage.id;
      await engine.take(taskId, actor);
      const opened = await engine.open(taskId, actor);
      await engine.pause(taskId, actor, { version: opened.task.version, draft });
      await db.close();
    }
    {
      const db = await openDatabase(file.url, { sessionPruneIntervalMs: 0 });
      const engine = new WorkflowEngine({ store: db.store, flows });
      const actor = { id: aliceId, roles: ['user'] };
      assert.deepEqual((await engine.paused(actor)).items.map((t) => t.id), [taskId]);
      const resumed = await engine.open(taskId, actor);
      assert.equal(resumed.resumed, true);
      assert.equal(resumed.task.status, 'PREPARED');
      assert.equal(JSON.stringify(resumed.task.draft), JSON.stringify(draft));
      assert.equal(Buffer.compare(Buffer.from(JSON.stringify(resumed.task.draft)), Buffer.from(JSON.stringify(draft))), 0);
      await db.close();
    }
    await file.remove();
  });
});

describe('model-based check on SQLite', () => {
  it('matches the reference model over 40 random sequences', async () => {
    const file = await tempSqliteUrl('model');
    const subject = await openContractSubject(file.url, file.remove);
    try {
      const stats = await checkSequencesOn(subject, 1000, 40);
      assert.equal(stats.steps, 40 * 25);
    } finally {
      await subject.close();
    }
  });
});
