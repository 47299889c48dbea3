import { migrate } from '../../src/db/migrate';
import { openDatabase, type Database } from '../../src/db/open-database';
import { WorkflowEngine, type Actor } from '../../src/engine';
import { incomingMailFlow } from '../../src/flows';
import type { CycleContender } from '../lib/interleave';
import { mailStart, triageDraft, triageValues } from './fixtures';

/** The four transitions of one cycle, through the engine. */
export async function engineCycle(engine: WorkflowEngine, actor: Actor, taskId: number): Promise<void> {
  await engine.open(taskId, actor); // NEW → PREPARED
  await engine.pause(taskId, actor, { draft: triageDraft, reason: 'waiting for the customer' }); // → PAUSED
  await engine.open(taskId, actor); // resume: PAUSED → PREPARED
  await engine.complete(taskId, actor, { values: triageValues }); // → DONE, the process moves on to "reply"
}

/** Starts a mail process and takes its triage task: the task a cycle begins with. */
export async function prepareTriageTask(engine: WorkflowEngine, db: Database, actor: Actor): Promise<number> {
  const process = await engine.start(incomingMailFlow.name, actor, mailStart);
  const triage = (await db.store.processTasks(process.id)).find((task) => task.node === 'triage');
  if (!triage) throw new Error('no triage task');
  await engine.take(triage.id, actor);
  return triage.id;
}

/**
 * The product: a task opened, Save and Pause with a draft, resumed and
 * completed, through WorkflowEngine and the Prisma store of the database at
 * `url` (migrated first). Preparing a batch starts the processes and takes
 * their triage tasks (untimed).
 */
export class EngineCycleContender implements CycleContender {
  readonly name: string;
  #db!: Database;
  #engine!: WorkflowEngine;
  #actor!: Actor;
  #ids: number[] = [];

  constructor(
    private readonly url: string,
    label: string,
    private readonly cleanup: () => Promise<void> = async () => undefined,
  ) {
    this.name = label;
  }

  async open(): Promise<void> {
    await migrate(this.url);
    this.#db = await openDatabase(this.url, { sessionPruneIntervalMs: 0 });
    this.#engine = new WorkflowEngine({ store: this.#db.store, flows: [incomingMailFlow] });
    this.#actor = await this.#db.users.create('alice', 'Alice', 'not-a-real-hash', ['user']);
  }

  get engine(): WorkflowEngine {
    return this.#engine;
  }

  get actor(): Actor {
    return this.#actor;
  }

  get database(): Database {
    return this.#db;
  }

  /** The triage tasks the next batch will cycle through. */
  get preparedTaskIds(): readonly number[] {
    return this.#ids;
  }

  async prepare(count: number): Promise<void> {
    this.#ids = [];
    for (let i = 0; i < count; i++) this.#ids.push(await prepareTriageTask(this.#engine, this.#db, this.#actor));
  }

  async run(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await engineCycle(this.#engine, this.#actor, this.#ids[i]!);
  }

  async close(): Promise<void> {
    await this.#db?.close();
    await this.cleanup();
  }
}
