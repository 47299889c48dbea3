import { NotFoundError } from '../engine/errors';
import type {
  HistoryRecord,
  NewProcess,
  ProcessRecord,
  TaskListItem,
  TaskRecord,
  UserRef,
} from '../engine/records';
import { type Page, type TaskQuery, nextKeyset } from '../engine/task-query';
import type { ProcessTransaction, TaskChange, TaskWithProcess, WorkflowStore } from '../engine/workflow-store';
import type { DatabaseProvider } from './database-provider';
import type { PrismaClient } from './generated/sqlite/client';
import { PrismaProcessTransaction, processTasksIn } from './prisma-process-transaction';
import { translated } from './prisma-errors';
import { toHistoryRecord, toProcessRecord, toTaskRecord } from './row-mappers';
import type { SerialGate } from './serial-gate';
import { type TaskListRow, taskListSql, toTaskListItem } from './task-list-query';
import { taskWithProcessIn } from './task-with-process-query';
import { changeTaskAtomically, type Db } from './task-writes';
import type { UserRepository } from './user-repository';

export interface PrismaWorkflowStoreDeps {
  provider: DatabaseProvider;
  /**
   * The generated client of either provider. Both have the same model
   * types, so the store is typed against the SQLite one; the PostgreSQL
   * client is passed in structurally.
   */
  prisma: PrismaClient;
  /** Serialises top-level work on SQLite's single connection (see SerialGate). */
  gate: SerialGate;
  /** User look-ups are the repository's. */
  users: UserRepository;
  /** Interactive transaction timeout; generous, a Join may read many tasks. */
  transactionTimeoutMs?: number;
}

/**
 * {@link WorkflowStore} on Prisma, for SQLite and PostgreSQL alike.
 * Every Prisma error is translated here: the engine only ever sees its own
 * typed errors (or a PersistenceError).
 */
export class PrismaWorkflowStore implements WorkflowStore {
  readonly #provider: DatabaseProvider;
  readonly #prisma: PrismaClient;
  readonly #gate: SerialGate;
  readonly #timeout: number;
  readonly #users: UserRepository;

  constructor(deps: PrismaWorkflowStoreDeps) {
    this.#provider = deps.provider;
    this.#prisma = deps.prisma;
    this.#gate = deps.gate;
    this.#timeout = deps.transactionTimeoutMs ?? 30_000;
    this.#users = deps.users;
  }

  #run<T>(operation: string, work: (db: PrismaClient) => Promise<T>): Promise<T> {
    return this.#gate.run(() => translated(operation, () => work(this.#prisma)));
  }

  getTask(id: number): Promise<TaskRecord | null> {
    return this.#run('getTask', async (db) => {
      const row = await db.task.findUnique({ where: { id } });
      return row ? toTaskRecord(row) : null;
    });
  }

  getProcess(id: number): Promise<ProcessRecord | null> {
    return this.#run('getProcess', async (db) => {
      const row = await db.process.findUnique({ where: { id } });
      return row ? toProcessRecord(row) : null;
    });
  }

  getTaskWithProcess(id: number): Promise<TaskWithProcess | null> {
    return this.#run('getTaskWithProcess', (db) => taskWithProcessIn(db, id));
  }

  getUser(id: number): Promise<UserRef | null> {
    return this.#users.getById(id);
  }

  async getUserByName(username: string): Promise<UserRef | null> {
    const user = await this.#users.findByUsername(username);
    if (!user) return null;
    const { passwordHash: _hash, ...ref } = user;
    return ref;
  }

  listUsers(): Promise<UserRef[]> {
    return this.#users.list();
  }

  listTasks(query: TaskQuery): Promise<Page<TaskListItem>> {
    return this.#run('listTasks', async (db) => {
      const items = (await db.$queryRaw<TaskListRow[]>(taskListSql(query))).map(toTaskListItem);
      return { items, next: nextKeyset(query.filter, items, query.limit) };
    });
  }

  processTasks(processId: number): Promise<TaskRecord[]> {
    return this.#run('processTasks', (db) => processTasksIn(db, processId));
  }

  processHistory(processId: number): Promise<HistoryRecord[]> {
    return this.#history('processHistory', { processId });
  }

  taskHistory(taskId: number): Promise<HistoryRecord[]> {
    return this.#history('taskHistory', { taskId });
  }

  #history(operation: string, where: { processId: number } | { taskId: number }): Promise<HistoryRecord[]> {
    return this.#run(operation, async (db) => {
      const rows = await db.taskEvent.findMany({
        where,
        orderBy: { id: 'asc' },
        include: { actor: { select: { displayName: true } } },
      });
      return rows.map(toHistoryRecord);
    });
  }

  previousTaskIds(taskId: number): Promise<number[]> {
    return this.#run('previousTaskIds', async (db) => {
      const links = await db.taskLink.findMany({ where: { toId: taskId }, orderBy: { fromId: 'asc' } });
      return links.map((link) => link.fromId);
    });
  }

  changeTask(change: TaskChange): Promise<TaskRecord> {
    return this.#run('changeTask', (db) => changeTaskAtomically(db, change));
  }

  createProcess<T>(
    process: NewProcess,
    fn: (tx: ProcessTransaction, created: ProcessRecord) => Promise<T>,
  ): Promise<T> {
    return this.#transaction('createProcess', async (tx) => {
      // A row this transaction just inserted is invisible to everybody else
      // until commit, so it needs no explicit lock.
      const row = await tx.process.create({
        data: {
          flow: process.flow,
          data: JSON.stringify(process.data),
          summary: process.summary,
          createdById: process.createdById,
          createdAt: process.createdAt,
        },
      });
      return fn(new PrismaProcessTransaction(tx), toProcessRecord(row));
    });
  }

  withProcessLock<T>(processId: number, fn: (tx: ProcessTransaction) => Promise<T>): Promise<T> {
    return this.#transaction('withProcessLock', async (tx) => {
      await this.#lockProcess(tx, processId);
      return fn(new PrismaProcessTransaction(tx));
    });
  }

  /**
   * PostgreSQL: a row lock on the process, so that instances sharing the
   * database serialise on it (held until commit or rollback). It is FOR NO
   * KEY UPDATE, not FOR UPDATE: the foreign-key checks of a concurrent
   * fast-path transition (its history row references the process) take KEY
   * SHARE on the process row; FOR UPDATE would block them while this
   * transaction waits for that transition's task row: a deadlock. SQLite: the
   * single connection plus the gate already run one transaction at a time,
   * so only existence is checked.
   */
  async #lockProcess(tx: Db, processId: number): Promise<void> {
    const found =
      this.#provider === 'postgresql'
        ? (await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Process" WHERE id = ${processId} FOR NO KEY UPDATE`).length > 0
        : (await tx.process.findUnique({ where: { id: processId }, select: { id: true } })) !== null;
    if (!found) throw new NotFoundError('process', processId);
  }

  #transaction<T>(operation: string, work: (tx: Db) => Promise<T>): Promise<T> {
    return this.#run(operation, (db) => db.$transaction(work, { timeout: this.#timeout, maxWait: 10_000 }));
  }
}
