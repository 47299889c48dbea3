import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Engine } from 'bpmn-engine';
import type { CycleContender } from '../lib/interleave';
import { openBenchSqlite } from '../lib/sqlite';
import { triageDraft, triageValues } from './fixtures';
import { mailBpmn } from './mail-bpmn';

interface InstanceRow {
  state: string;
  version: number;
}

/**
 * The peer: the npm package bpmn-engine running the same human-task cycle,
 * with its state JSON saved to and loaded from SQLite (better-sqlite3, the
 * app's pragmas) at every step where a web app would end a request:
 *
 * - open: load the state, recover, resume: the engine waits at "triage";
 * - Save and Pause: put the draft in the environment, stop, getState, save;
 * - resume: load, recover, resume;
 * - complete: signal the task with the values; the process runs to the next
 *   user task ("reply"); getState, save.
 *
 * Recovering from the saved state is the peer's cheapest way in: executing
 * from the BPMN source parses the XML (about 7 ms), recover + resume takes
 * about 2 ms.
 *
 * Saves are guarded by a version column, as the engine's are. Preparing a
 * batch inserts copies of one state saved at the first wait (untimed).
 */
export class BpmnEnginePeer implements CycleContender {
  readonly name = 'bpmn-engine + SQLite';
  #dir = '';
  #db!: BetterSqlite3.Database;
  #template = '';
  #ids: number[] = [];
  #load!: BetterSqlite3.Statement<[number], InstanceRow>;
  #save!: BetterSqlite3.Statement<[string, string, number, number]>;
  /** Size of the saved state JSON after complete, for the report. */
  stateBytes = 0;

  async open(): Promise<void> {
    this.#dir = mkdtempSync(join(tmpdir(), 'pauseflow-bench-bpmn-'));
    this.#db = openBenchSqlite(join(this.#dir, 'bpmn.db'));
    this.#db.exec(`CREATE TABLE instance (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      status TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 0,
      state TEXT NOT NULL,
      updatedAt TEXT NOT NULL
    )`);
    this.#load = this.#db.prepare('SELECT state, version FROM instance WHERE id = ?');
    this.#save = this.#db.prepare(
      'UPDATE instance SET state = ?, status = ?, version = version + 1, updatedAt = datetime() WHERE id = ? AND version = ?',
    );
    const engine = new Engine({ name: 'incoming-mail', source: mailBpmn });
    const execution = await engine.execute();
    assertWaitingAt(execution.getPostponed(), 'triage');
    this.#template = JSON.stringify(await engine.getState());
    await engine.stop();
  }

  async prepare(count: number): Promise<void> {
    const insert = this.#db.prepare("INSERT INTO instance (status, state, updatedAt) VALUES ('WAITING', ?, datetime())");
    this.#ids = [];
    this.#db.transaction(() => {
      for (let i = 0; i < count; i++) this.#ids.push(Number(insert.run(this.#template).lastInsertRowid));
    })();
  }

  async run(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.#cycle(this.#ids[i]!);
  }

  async #cycle(id: number): Promise<void> {
    // open
    let { engine, version } = await this.#recover(id);
    // Save and Pause with a draft
    engine.environment.variables.draft = triageDraft;
    await this.#persist(engine, id, version, 'PAUSED');
    // resume
    ({ engine, version } = await this.#recover(id));
    // complete: runs on to the next user task
    const execution = engine.execution;
    const task = execution.getPostponed().find((api) => api.id === 'triage');
    if (!task) throw new Error('bpmn-engine: triage is not waiting');
    engine.environment.variables.urgent = false;
    task.signal({ ...triageValues });
    assertWaitingAt(execution.getPostponed(), 'reply');
    this.stateBytes = await this.#persist(engine, id, version, 'WAITING', false);
  }

  async #recover(id: number): Promise<{ engine: Engine; version: number }> {
    const row = this.#load.get(id);
    if (!row) throw new Error(`bpmn-engine instance ${id} not found`);
    const engine = new Engine({ name: 'incoming-mail' }).recover(JSON.parse(row.state));
    const execution = await engine.resume();
    assertWaitingAt(execution.getPostponed(), 'triage');
    return { engine, version: row.version };
  }

  /**
   * Saves the state. `stop` is the pause itself; after complete the engine
   * is simply dropped (its next wait needs no timer), which spares the peer
   * about 1.4 ms per cycle.
   */
  async #persist(engine: Engine, id: number, version: number, status: string, stop = true): Promise<number> {
    const state = JSON.stringify(await engine.getState());
    if (stop) await engine.stop();
    if (this.#save.run(state, status, id, version).changes !== 1) throw new Error(`bpmn-engine instance ${id} changed meanwhile`);
    return state.length;
  }

  async close(): Promise<void> {
    this.#db?.close();
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }
}

function assertWaitingAt(postponed: { id: string }[], activityId: string): void {
  if (!postponed.some((api) => api.id === activityId)) {
    throw new Error(`bpmn-engine: expected to wait at ${activityId}, waiting at ${postponed.map((a) => a.id).join(', ')}`);
  }
}
