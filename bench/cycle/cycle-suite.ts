import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interleave, type ContenderResult } from '../lib/interleave';
import { BpmnEnginePeer } from './bpmn-engine-peer';
import { recordCycleTrace, transitionCounts } from './cycle-trace';
import { EngineCycleContender } from './engine-cycle';
import { RawSqlFloor } from './raw-sql-floor';

export interface CycleSuiteResult {
  engine: ContenderResult;
  raw: ContenderResult;
  bpmn: ContenderResult;
  bpmnStateBytes: number;
  perTransition: { name: string; statements: number; transactions: number }[];
}

/**
 * The engine cycle against the floor and the peer, interleaved, on the
 * embedded SQLite default. The floor's statements are traced from the
 * engine's own store at the start of every run, so they stay the same SQL.
 */
export async function runCycleSuite(opts: { rounds: number; batchSeconds: number; log: (line: string) => void }): Promise<CycleSuiteResult> {
  const trace = await recordCycleTrace();
  const perTransition = transitionCounts(trace);
  for (const t of perTransition) opts.log(`  ${t.name}: ${t.statements} SQL statements in ${t.transactions} transaction(s)`);
  const dir = mkdtempSync(join(tmpdir(), 'pauseflow-bench-engine-'));
  const peer = new BpmnEnginePeer();
  const contenders = [
    new RawSqlFloor(trace),
    new EngineCycleContender(`file:${join(dir, 'engine.db')}`, 'engine + Prisma SQLite', async () =>
      rmSync(dir, { recursive: true, force: true }),
    ),
    peer,
  ];
  const [raw, engine, bpmn] = await interleave(contenders, opts);
  return { raw: raw!, engine: engine!, bpmn: bpmn!, bpmnStateBytes: peer.stateBytes, perTransition };
}

/** The engine cycle alone on another database (PostgreSQL), for the PostgreSQL variant. */
export async function runEngineCycleOn(url: string, opts: { rounds: number; batchSeconds: number; log: (line: string) => void }): Promise<ContenderResult> {
  const [result] = await interleave([new EngineCycleContender(url, 'engine + Prisma PostgreSQL')], opts);
  return result!;
}
