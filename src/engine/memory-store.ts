import { ConcurrentUpdateError, NotFoundError } from './errors';
import type {
  HistoryRecord,
  NewEvent,
  NewProcess,
  NewTask,
  ProcessPatch,
  ProcessRecord,
  TaskListItem,
  TaskRecord,
  UserRef,
} from './records';
import { PROCESS_STATUS, STATUS } from './records';
import { nextKeyset, sortKeyOf, type Page, type TaskQuery } from './task-query';
import type { ProcessTransaction, TaskChange, TaskWithProcess, WorkflowStore } from './workflow-store';

interface State {
  processes: Map<number, ProcessRecord>;
  tasks: Map<number, TaskRecord>;
  links: { fromId: number; toId: number }[];
  events: HistoryRecord[];
  ids: { process: number; task: number; event: number };
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * A store that keeps everything in memory: for tests and for embedding the
 * engine without a database. Transactions work on a copy of the state that
 * replaces the original on success, so a failed one leaves no trace; process
 * locks are serialised with one promise chain per process.
 */
export class InMemoryWorkflowStore implements WorkflowStore {
  private state: State = {
    processes: new Map(),
    tasks: new Map(),
    links: [],
    events: [],
    ids: { process: 0, task: 0, event: 0 },
  };
  private readonly users = new Map<number, UserRef>();
  private lockChain: Promise<unknown> = Promise.resolve();

  addUser(user: Omit<UserRef, 'id' | 'disabled'> & { disabled?: boolean }): UserRef {
    const ref = { id: this.users.size + 1, disabled: false, ...user };
    this.users.set(ref.id, ref);
    return ref;
  }

  async getTask(id: number) {
    return clone(this.state.tasks.get(id) ?? null);
  }
  async getProcess(id: number) {
    return clone(this.state.processes.get(id) ?? null);
  }
  async getTaskWithProcess(id: number) {
    return taskWithProcess(this.state, id);
  }
  async getUser(id: number) {
    return this.users.get(id) ?? null;
  }
  async getUserByName(username: string) {
    return [...this.users.values()].find((u) => u.username === username) ?? null;
  }
  async listUsers() {
    return [...this.users.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  async listTasks(query: TaskQuery): Promise<Page<TaskListItem>> {
    const { filter, after, limit } = query;
    const key = sortKeyOf(filter);
    const matches = (t: TaskRecord): boolean => {
      if (filter.flow !== undefined && t.flow !== filter.flow) return false;
      switch (filter.kind) {
        case 'inbox':
          return t.ownerId === filter.userId && (t.status === STATUS.NEW || t.status === STATUS.PREPARED);
        case 'queue':
          return (
            t.ownerId === null &&
            t.status === STATUS.NEW &&
            (t.offeredUserId === filter.userId || (t.offeredRole !== null && filter.roles.includes(t.offeredRole)))
          );
        case 'paused':
          return (
            t.status === STATUS.PAUSED &&
            (filter.ownerId === undefined || t.ownerId === filter.ownerId) &&
            (filter.pausedBefore === undefined || (t.pausedAt !== null && t.pausedAt < filter.pausedBefore))
          );
        case 'archive':
          return t.ownerId === filter.userId && t.status === STATUS.DONE;
      }
    };
    const stamp = (t: TaskRecord) => t[key]?.getTime() ?? 0;
    const rows = [...this.state.tasks.values()]
      .filter(matches)
      .filter((t) => !after || stamp(t) < after.at.getTime() || (stamp(t) === after.at.getTime() && t.id < after.id))
      .sort((a, b) => stamp(b) - stamp(a) || b.id - a.id)
      .slice(0, limit)
      .map((t) => ({
        ...clone(t),
        processSummary: this.state.processes.get(t.processId)?.summary ?? '',
        ownerName: t.ownerId === null ? null : (this.users.get(t.ownerId)?.displayName ?? null),
      }));
    return { items: rows, next: nextKeyset(filter, rows, limit) };
  }

  async processTasks(processId: number) {
    return tasksOf(this.state, processId);
  }

  async processHistory(processId: number) {
    return this.withNames(this.state.events.filter((e) => e.processId === processId));
  }

  async taskHistory(taskId: number) {
    return this.withNames(this.state.events.filter((e) => e.taskId === taskId));
  }

  async previousTaskIds(taskId: number) {
    return this.state.links.filter((l) => l.toId === taskId).map((l) => l.fromId).sort((a, b) => a - b);
  }

  /** Goes through the lock too: a concurrent transaction would otherwise overwrite it. */
  changeTask(change: TaskChange) {
    return this.transaction(async (state) => applyChange(state, change));
  }

  createProcess<T>(process: NewProcess, fn: (tx: ProcessTransaction, created: ProcessRecord) => Promise<T>): Promise<T> {
    return this.transaction((state, tx) => {
      const created: ProcessRecord = {
        id: ++state.ids.process,
        status: PROCESS_STATUS.ACTIVE,
        finishedAt: null,
        version: 0,
        ...clone(process),
      };
      state.processes.set(created.id, created);
      return fn(tx, clone(created));
    });
  }

  withProcessLock<T>(processId: number, fn: (tx: ProcessTransaction) => Promise<T>): Promise<T> {
    return this.transaction((state, tx) => {
      if (!state.processes.has(processId)) throw new NotFoundError('process', processId);
      return fn(tx);
    });
  }

  /**
   * One lock for the whole store: simpler than per-process locks and just as
   * correct, since a transaction swaps in a whole new state when it commits.
   */
  private transaction<T>(fn: (state: State, tx: ProcessTransaction) => Promise<T>): Promise<T> {
    const run = this.lockChain.then(async () => {
      const draft = clone(this.state);
      const result = await fn(draft, transactionOn(draft));
      this.state = draft;
      return result;
    });
    this.lockChain = run.catch(() => undefined);
    return run;
  }

  private withNames(events: HistoryRecord[]): HistoryRecord[] {
    return clone(events)
      .sort((a, b) => a.id - b.id)
      .map((e) => ({ ...e, actorName: e.actorId === null ? null : (this.users.get(e.actorId)?.displayName ?? null) }));
  }
}

function taskWithProcess(state: State, id: number): TaskWithProcess | null {
  const task = state.tasks.get(id);
  const process = task && state.processes.get(task.processId);
  return task && process ? clone({ task, process }) : null;
}

function tasksOf(state: State, processId: number): TaskRecord[] {
  return clone([...state.tasks.values()].filter((t) => t.processId === processId).sort((a, b) => a.id - b.id));
}

function appendEvent(state: State, event: NewEvent): void {
  state.events.push({
    id: ++state.ids.event,
    actorName: null,
    comment: null,
    data: null,
    ...clone(event),
  });
}

function applyChange(state: State, change: TaskChange): TaskRecord {
  const task = state.tasks.get(change.taskId);
  if (!task) throw new NotFoundError('task', change.taskId);
  if (task.status !== change.expect.status || task.version !== change.expect.version) {
    throw new ConcurrentUpdateError(change.taskId, change.expect.version, task.version);
  }
  const updated = { ...task, ...clone(change.patch), version: task.version + 1 };
  state.tasks.set(task.id, updated);
  appendEvent(state, change.event);
  return clone(updated);
}

function transactionOn(state: State): ProcessTransaction {
  return {
    getProcess: async (id) => clone(state.processes.get(id) ?? null),
    getTask: async (id) => clone(state.tasks.get(id) ?? null),
    getTaskWithProcess: async (id) => taskWithProcess(state, id),
    processTasks: async (processId) => tasksOf(state, processId),
    changeTask: async (change) => applyChange(state, change),
    createTask: async (input: NewTask) => {
      const { previousIds, ...fields } = clone(input);
      const task: TaskRecord = {
        id: ++state.ids.task,
        ownerId: null,
        offeredUserId: null,
        offeredRole: null,
        assignedAt: null,
        startedAt: null,
        pausedAt: null,
        finishedAt: null,
        version: 0,
        draft: null,
        draftSavedAt: null,
        pauseReason: null,
        resumeBy: null,
        pausedMs: 0,
        error: null,
        ...fields,
      };
      state.tasks.set(task.id, task);
      for (const fromId of previousIds) state.links.push({ fromId, toId: task.id });
      return clone(task);
    },
    updateProcess: async (id, patch: ProcessPatch) => {
      const process = state.processes.get(id);
      if (!process) throw new NotFoundError('process', id);
      const updated = { ...process, ...clone(patch), version: process.version + 1 };
      state.processes.set(id, updated);
      return clone(updated);
    },
    linkTasks: async (fromId, toId) => {
      state.links.push({ fromId, toId });
    },
    appendEvent: async (event) => appendEvent(state, event),
  };
}
