import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countStatements, traceSql, type TracedStatement } from '../lib/sql-trace';
import { EngineCycleContender, prepareTriageTask } from './engine-cycle';
import { triageDraft, triageValues } from './fixtures';

export interface TransitionTrace {
  name: string;
  statements: TracedStatement[];
}

/** What Prisma sent to SQLite for one prepared task and one cycle on it. */
export interface CycleTrace {
  /** Start the process and take the triage task. */
  prepare: TracedStatement[];
  /** open, Save and Pause, resume, complete. */
  transitions: TransitionTrace[];
}

/**
 * Ids in the traced database start far above any small number (limits,
 * versions, user ids), and far apart per table, so that a replay can tell
 * an id parameter from any other number by its value alone.
 */
const ID_BASES: Record<string, number> = { Task: 10_000_000, Process: 20_000_000, TaskEvent: 30_000_000 };

/**
 * Runs one prepare and one engine cycle through the Prisma SQLite store of
 * a scratch database and records every statement, per transition.
 */
export async function recordCycleTrace(): Promise<CycleTrace> {
  const dir = mkdtempSync(join(tmpdir(), 'pauseflow-bench-trace-'));
  const engine = new EngineCycleContender(`file:${join(dir, 'trace.db')}`, 'trace', async () =>
    rmSync(dir, { recursive: true, force: true }),
  );
  await engine.open();
  try {
    // One untraced round first, so that every table has its sqlite_sequence row.
    await engine.prepare(1);
    await engine.run(1);
    for (const [table, base] of Object.entries(ID_BASES)) {
      await engine.database.prisma.$executeRawUnsafe(`UPDATE sqlite_sequence SET seq = ${base} WHERE name = '${table}'`);
    }
    const e = engine.engine;
    const actor = engine.actor;
    const prepared = await traceSql(() => prepareTriageTask(e, engine.database, actor));
    const id = prepared.result;
    const steps: [string, () => Promise<unknown>][] = [
      ['open', () => e.open(id, actor)],
      ['Save and Pause', () => e.pause(id, actor, { draft: triageDraft, reason: 'waiting for the customer' })],
      ['resume', () => e.open(id, actor)],
      ['complete', () => e.complete(id, actor, { values: triageValues })],
    ];
    const transitions: TransitionTrace[] = [];
    for (const [name, step] of steps) transitions.push({ name, statements: (await traceSql(step)).statements });
    return { prepare: prepared.statements, transitions };
  } finally {
    await engine.close();
  }
}

/** Statement and transaction counts per transition, for the report. */
export function transitionCounts(trace: CycleTrace): { name: string; statements: number; transactions: number }[] {
  return trace.transitions.map((t) => ({ name: t.name, ...countStatements(t.statements) }));
}
