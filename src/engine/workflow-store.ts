import type {
  HistoryRecord,
  NewEvent,
  NewProcess,
  NewTask,
  ProcessPatch,
  ProcessRecord,
  TaskListItem,
  TaskPatch,
  TaskRecord,
  UserRef,
} from './records';
import type { Page, TaskQuery } from './task-query';

/**
 * A guarded change of one task: applied only if the task still has
 * `expect.status` and `expect.version`. The store bumps the version by one
 * and appends `event` in the same database transaction.
 */
export interface TaskChange {
  taskId: number;
  expect: { status: string; version: number };
  patch: TaskPatch;
  event: NewEvent;
}

/** A task and the process it belongs to, as read together. */
export interface TaskWithProcess {
  task: TaskRecord;
  process: ProcessRecord;
}

/**
 * Operations available inside {@link WorkflowStore.withProcessLock}. They see
 * the transaction's own writes and are committed or rolled back together.
 */
export interface ProcessTransaction {
  getProcess(id: number): Promise<ProcessRecord | null>;
  getTask(id: number): Promise<TaskRecord | null>;
  /** {@link WorkflowStore.getTaskWithProcess} inside the transaction. */
  getTaskWithProcess(id: number): Promise<TaskWithProcess | null>;
  /** Tasks of the process, oldest first. */
  processTasks(processId: number): Promise<TaskRecord[]>;
  /**
   * Applies a guarded task change; throws {@link ConcurrentUpdateError} when
   * the guard does not match (the transaction is then rolled back).
   */
  changeTask(change: TaskChange): Promise<TaskRecord>;
  createTask(task: NewTask): Promise<TaskRecord>;
  /** Updates the process, bumping its version. */
  updateProcess(id: number, patch: ProcessPatch): Promise<ProcessRecord>;
  linkTasks(fromId: number, toId: number): Promise<void>;
  appendEvent(event: NewEvent): Promise<void>;
}

/**
 * Everything the engine needs from persistence. Implementations: the
 * in-memory store (tests, embedding) and the Prisma stores in `src/db/`.
 * Stores translate their own errors into the engine's typed errors: the
 * engine never sees a database error.
 */
export interface WorkflowStore {
  getTask(id: number): Promise<TaskRecord | null>;
  getProcess(id: number): Promise<ProcessRecord | null>;
  /**
   * A task with its process, or null when the task does not exist. Every
   * transition starts with this, so stores read both in one query.
   */
  getTaskWithProcess(id: number): Promise<TaskWithProcess | null>;
  getUser(id: number): Promise<UserRef | null>;
  getUserByName(username: string): Promise<UserRef | null>;
  listUsers(): Promise<UserRef[]>;
  listTasks(query: TaskQuery): Promise<Page<TaskListItem>>;
  processTasks(processId: number): Promise<TaskRecord[]>;
  processHistory(processId: number): Promise<HistoryRecord[]>;
  taskHistory(taskId: number): Promise<HistoryRecord[]>;
  /** Ids of tasks `taskId` came from (several after a Join). */
  previousTaskIds(taskId: number): Promise<number[]>;

  /**
   * The fast path for a transition that touches one task only (open, pause,
   * resume, take, reassign): a guarded update plus its history row, atomic.
   * Throws {@link ConcurrentUpdateError} when the guard does not match and
   * {@link NotFoundError} when the task does not exist.
   */
  changeTask(change: TaskChange): Promise<TaskRecord>;

  /** Creates a process and runs `fn` in the same transaction with the process locked. */
  createProcess<T>(process: NewProcess, fn: (tx: ProcessTransaction, created: ProcessRecord) => Promise<T>): Promise<T>;

  /**
   * Runs `fn` in one transaction holding an exclusive lock on the process,
   * so that work which reads several tasks and then decides (a Join seeing
   * whether its branches are done, the End closing the process) cannot
   * interleave with the same work from another request or another app
   * instance. A thrown error rolls everything back.
   */
  withProcessLock<T>(processId: number, fn: (tx: ProcessTransaction) => Promise<T>): Promise<T>;
}
