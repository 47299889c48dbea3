// npx tsx bench/store-micro.ts [seconds per case, default 3]
// SQLite micro-benchmark of the two write paths of PrismaWorkflowStore:
// the changeTask fast path (one nested write) and a withProcessLock
// transaction (lock check, read task, guarded change, append event).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../src/db/migrate';
import { openDatabase } from '../src/db/open-database';
import type { TaskRecord } from '../src/engine/records';

const seconds = Number(process.argv[2] ?? 3);
const dir = await mkdtemp(join(tmpdir(), 'pauseflow-bench-'));
const url = `file:${join(dir, 'bench.db')}`;
await migrate(url);
const db = await openDatabase(url, { sessionPruneIntervalMs: 0 });
const { store } = db;
const user = await db.users.create('bench', 'Bench', 'x', ['user']);
const { processId, task } = await store.createProcess(
  { flow: 'bench', data: {}, summary: 'bench', createdById: user.id, createdAt: new Date() },
  async (tx, p) => ({
    processId: p.id,
    task: await tx.createTask({ processId: p.id, flow: 'bench', node: 'n', status: 'NEW', token: 'start', ownerId: user.id, createdAt: new Date(), previousIds: [] }),
  }),
);

/** Alternates NEW <-> PAUSED, like pause/resume. */
function toggle(t: TaskRecord) {
  const pausing = t.status === 'NEW';
  return {
    taskId: t.id,
    expect: { status: t.status, version: t.version },
    patch: pausing ? { status: 'PAUSED', pausedAt: new Date() } : { status: 'NEW', pausedAt: null },
    event: { processId, taskId: t.id, actorId: user.id, at: new Date(), transition: pausing ? 'pause' : 'resume', fromStatus: t.status, toStatus: pausing ? 'PAUSED' : 'NEW' },
  };
}

async function measure(name: string, step: () => Promise<void>) {
  for (let i = 0; i < 200; i++) await step(); // warm up the query compiler
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  while (performance.now() < end) {
    await step();
    n++;
  }
  const rate = n / ((performance.now() - start) / 1000);
  console.log(`${name}: ${Math.round(rate)} ops/s (${n} ops)`);
}

let current = task;
await measure('changeTask fast path', async () => {
  current = await store.changeTask(toggle(current));
});
await measure('withProcessLock (read + guarded change + event)', async () => {
  current = await store.withProcessLock(processId, async (tx) => {
    const t = (await tx.getTask(current.id))!;
    const changed = await tx.changeTask(toggle(t));
    await tx.appendEvent({ processId, taskId: null, actorId: user.id, at: new Date(), transition: 'note', fromStatus: null, toStatus: null });
    return changed;
  });
});
await measure('getTask', async () => {
  await store.getTask(current.id);
});
await measure('listTasks paused (limit 20)', async () => {
  await store.listTasks({ filter: { kind: 'paused', ownerId: user.id }, limit: 20 });
});

await db.close();
await rm(dir, { recursive: true, force: true });
