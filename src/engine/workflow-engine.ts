import { isAdmin, type Actor } from './actor';
import { Advance } from './advance';
import { HandlerNode } from './auto-nodes';
import { isOffered, type Activation, type TransitionInput, type TransitionPlan } from './activation';
import { ConcurrentUpdateError, InvalidTransitionError, NotFoundError, PermissionDeniedError } from './errors';
import type { Flow } from './flow';
import type { FlowNode, TaskUrls } from './flow-node';
import { parseForm } from './form';
import {
  ACTIVE_STATUSES,
  STATUS,
  type Draft,
  type HistoryRecord,
  type NewEvent,
  type ProcessData,
  type ProcessRecord,
  type TaskListItem,
  type TaskRecord,
} from './records';
import type { Keyset, Page, TaskFilter } from './task-query';
import { ViewNode } from './view-node';
import type { ProcessTransaction, WorkflowStore } from './workflow-store';

export interface EngineDeps {
  store: WorkflowStore;
  flows: readonly Flow[];
  /** Injected so tests can control time. */
  clock?: () => Date;
}

/** A task with everything a page needs to show or act on it. */
export interface TaskView {
  task: TaskRecord;
  process: ProcessRecord;
  flow: Flow;
  node: FlowNode;
  activation: Activation;
}

export interface ProcessView {
  process: ProcessRecord;
  flow: Flow;
  tasks: TaskRecord[];
  history: HistoryRecord[];
}

export interface ListOptions {
  flow?: string;
  after?: Keyset | null;
  limit?: number;
}

export interface PausedQueueOptions extends ListOptions {
  ownerId?: number;
  /** Only tasks paused for longer than this. */
  minAgeMs?: number;
}

export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

/**
 * The workflow engine: starts processes, runs task transitions and answers
 * task queries. Every transition is one guarded transaction that also writes
 * its history row; anything that moves a process forward runs under the
 * process lock.
 */
export class WorkflowEngine {
  private readonly store: WorkflowStore;
  private readonly flowsByName: ReadonlyMap<string, Flow>;
  private readonly clock: () => Date;
  /** Views this engine handed out, which pause() and complete() accept instead of an id. */
  private readonly issued = new WeakSet<TaskView>();

  constructor(deps: EngineDeps) {
    this.store = deps.store;
    this.clock = deps.clock ?? (() => new Date());
    const flows = new Map<string, Flow>();
    for (const flow of deps.flows) {
      if (flows.has(flow.name)) throw new TypeError(`two flows are named ${flow.name}`);
      flows.set(flow.name, flow);
    }
    this.flowsByName = flows;
  }

  flows(): Flow[] {
    return [...this.flowsByName.values()];
  }

  flow(name: string): Flow {
    const flow = this.flowsByName.get(name);
    if (!flow) throw new NotFoundError('flow', name);
    return flow;
  }

  nodeOf(task: Pick<TaskRecord, 'flow' | 'node'>): FlowNode {
    const node = this.flow(task.flow).node(task.node);
    if (!node) throw new NotFoundError('node', `${task.flow}/${task.node}`);
    return node;
  }

  canStart(flowName: string, actor: Actor): boolean {
    const roles = this.flow(flowName).start.roles;
    return !roles || isAdmin(actor) || roles.some((role) => actor.roles.includes(role));
  }

  /**
   * Starts a process. `input` is validated against the start form (raw form
   * strings are fine); without a start form it becomes the data as given.
   * `actor` null means a start from code, which skips the role check.
   */
  async start(flowName: string, actor: Actor | null, input: Record<string, unknown>): Promise<ProcessRecord> {
    const flow = this.flow(flowName);
    if (actor && !this.canStart(flowName, actor)) throw new PermissionDeniedError(actor.id, `start ${flowName}`, null);
    const data = flow.start.form ? parseForm(flow.start.form, input) : ({ ...input } as ProcessData);
    const now = this.clock();
    return this.store.createProcess(
      { flow: flow.name, data, summary: flow.summary(data), createdById: actor?.id ?? null, createdAt: now },
      async (tx, process) => {
        await tx.appendEvent({
          processId: process.id,
          taskId: null,
          actorId: actor?.id ?? null,
          at: now,
          transition: 'start',
          fromStatus: null,
          toStatus: process.status,
        });
        const advance = new Advance(tx, process, flow, actor, now);
        advance.enqueue(flow.start.name, [], 'start');
        return advance.run();
      },
    );
  }

  /** A task for reading, checked against who may see it. */
  async view(taskId: number, actor: Actor): Promise<TaskView> {
    const view = await this.load(taskId);
    if (!view.node.canView(view.task, view.process, actor)) throw new PermissionDeniedError(actor.id, 'view', taskId);
    return view;
  }

  /**
   * Opens a task to work on it: the owner's NEW task is prepared, a PAUSED
   * one is resumed (PAUSED → PREPARED, the draft stays for the form), a
   * PREPARED one is returned as it is. Anyone else is refused.
   */
  async open(taskId: number, actor: Actor): Promise<TaskView & { resumed: boolean }> {
    const view = await this.load(taskId);
    if (view.task.status === STATUS.PREPARED && view.activation.allows('owner', actor)) return { ...view, resumed: false };
    // Anyone but the owner is refused; the owner of a task that is not open
    // for work (done, canceled...) gets the planner's InvalidTransitionError.
    if (!view.activation.canProceed('prepare', actor) && (!view.node.isHuman || view.task.ownerId !== actor.id)) {
      throw new PermissionDeniedError(actor.id, 'execute', taskId);
    }
    const resumed = view.task.status === STATUS.PAUSED;
    const task = await this.commit(view, this.plan(view, 'prepare', actor, {}), actor);
    return { ...this.rebuild(view, task), resumed };
  }

  /**
   * A candidate takes a task from the queue and becomes its owner. A task
   * someone else took first is a conflict (409), not a permission problem.
   */
  async take(taskId: number, actor: Actor, version?: number): Promise<TaskRecord> {
    const view = await this.load(taskId);
    checkVersion(view.task, version);
    if (view.task.ownerId !== null && isOffered(view.task, actor)) {
      throw new InvalidTransitionError(taskId, view.task.status, 'assign');
    }
    return this.commit(view, this.plan(view, 'assign', actor, {}), actor);
  }

  /**
   * Saves the input as typed, valid or not, and pauses the task. `task` is
   * its id, or the view this engine just returned for it (a page that
   * needed the view to parse the form then spares a second read; the
   * version guard still refuses it if the task changed meanwhile).
   */
  pause(
    task: number | TaskView,
    actor: Actor,
    options: { version?: number; draft: Draft; reason?: string | null; resumeBy?: Date | null },
  ): Promise<TaskRecord> {
    const { version, ...input } = options;
    return this.simple(task, actor, 'pause', input, version);
  }

  unassign(taskId: number, actor: Actor, options: { version?: number; comment?: string | null } = {}): Promise<TaskRecord> {
    return this.simple(taskId, actor, 'unassign', { comment: options.comment ?? null }, options.version);
  }

  /** An admin gives the task to another user; a paused task stays paused, draft and all. */
  async reassign(
    taskId: number,
    actor: Actor,
    options: { toUserId: number; version?: number; comment?: string | null },
  ): Promise<TaskRecord> {
    const target = await this.store.getUser(options.toUserId);
    if (!target || target.disabled) throw new NotFoundError('user', options.toUserId);
    return this.simple(taskId, actor, 'reassign', { targetUserId: target.id, comment: options.comment ?? null }, options.version);
  }

  /**
   * Validates the values against the node's form and completes the task,
   * then moves the process on. A failed validation or a lost race writes
   * nothing, so the task keeps its draft. `task`: as for {@link pause}; the
   * task is read again under the process lock either way.
   */
  complete(
    task: number | TaskView,
    actor: Actor,
    options: { version?: number; values: Record<string, unknown> },
  ): Promise<{ task: TaskRecord; process: ProcessRecord }> {
    return this.locked(task, options.version, async (tx, view, advance) => {
      const plan = this.plan(view, 'complete', actor, { values: options.values });
      const task = await this.commitIn(tx, view, plan, actor);
      if (plan.processData) advance.data = plan.processData;
      advance.enqueue((view.node as ViewNode).next, [task], task.token);
      return { task, process: await advance.run() };
    }, actor);
  }

  /** An admin cancels a task; the process closes if nothing else is active. */
  cancel(taskId: number, actor: Actor, options: { version?: number; comment?: string | null } = {}): Promise<TaskRecord> {
    return this.locked(taskId, options.version, async (tx, view, advance) => {
      const task = await this.commitIn(tx, view, this.plan(view, 'cancel', actor, { comment: options.comment ?? null }), actor);
      await advance.run();
      return task;
    }, actor);
  }

  /** An admin runs a failed Handler again; on success the process goes on. */
  retry(taskId: number, actor: Actor): Promise<TaskRecord> {
    return this.locked(taskId, undefined, async (tx, view, advance) => {
      const plan = this.plan(view, 'retry', actor, {});
      const node = view.node as HandlerNode;
      const failure = await node.execute(advance);
      if (failure !== null) {
        // Still failing: keep ERROR, record the attempt and the new message.
        return this.commitIn(tx, view, { ...plan, to: STATUS.ERROR, patch: { status: STATUS.ERROR, error: failure } }, actor);
      }
      const task = await this.commitIn(tx, view, plan, actor);
      advance.enqueue(node.options.next, [task], task.token);
      await advance.run();
      return task;
    }, actor);
  }

  /** An admin cancels every active task of a process. */
  async cancelProcess(processId: number, actor: Actor, comment: string | null = null): Promise<ProcessRecord> {
    if (!isAdmin(actor)) throw new PermissionDeniedError(actor.id, 'cancel process', null);
    return this.store.withProcessLock(processId, async (tx) => {
      const process = await tx.getProcess(processId);
      if (!process) throw new NotFoundError('process', processId);
      const flow = this.flow(process.flow);
      const now = this.clock();
      for (const task of await tx.processTasks(processId)) {
        if (!ACTIVE_STATUSES.includes(task.status)) continue;
        const patch = { status: STATUS.CANCELED, finishedAt: now };
        await tx.changeTask({
          taskId: task.id,
          expect: { status: task.status, version: task.version },
          patch,
          event: { ...this.eventOf(task, actor, 'cancel', STATUS.CANCELED, now), comment },
        });
      }
      return new Advance(tx, process, flow, actor, now).run();
    });
  }

  // Queries

  async inbox(actor: Actor, options: ListOptions = {}): Promise<Page<TaskListItem>> {
    return this.list({ kind: 'inbox', userId: actor.id, flow: options.flow }, options);
  }

  async queue(actor: Actor, options: ListOptions = {}): Promise<Page<TaskListItem>> {
    return this.list({ kind: 'queue', userId: actor.id, roles: [...actor.roles], flow: options.flow }, options);
  }

  /** The actor's paused tasks, most recently paused first (all flows, or one). */
  async paused(actor: Actor, options: ListOptions = {}): Promise<Page<TaskListItem>> {
    return this.list({ kind: 'paused', ownerId: actor.id, flow: options.flow }, options);
  }

  /** Everyone's paused tasks, for admins. */
  async pausedQueue(actor: Actor, options: PausedQueueOptions = {}): Promise<Page<TaskListItem>> {
    if (!isAdmin(actor)) throw new PermissionDeniedError(actor.id, 'see the paused queue', null);
    const pausedBefore = options.minAgeMs ? new Date(this.clock().getTime() - options.minAgeMs) : undefined;
    return this.list({ kind: 'paused', ownerId: options.ownerId, flow: options.flow, pausedBefore }, options);
  }

  async archive(actor: Actor, options: ListOptions = {}): Promise<Page<TaskListItem>> {
    return this.list({ kind: 'archive', userId: actor.id, flow: options.flow }, options);
  }

  /** A process with its tasks and history, for admins, its starter and its task owners. */
  async process(processId: number, actor: Actor): Promise<ProcessView> {
    const process = await this.store.getProcess(processId);
    if (!process) throw new NotFoundError('process', processId);
    const flow = this.flow(process.flow);
    const tasks = await this.store.processTasks(processId);
    const visible =
      isAdmin(actor) ||
      process.createdById === actor.id ||
      tasks.some((task) => flow.node(task.node)?.canView(task, process, actor));
    if (!visible) throw new PermissionDeniedError(actor.id, 'view process', null);
    return { process, flow, tasks, history: await this.store.processHistory(processId) };
  }

  taskHistory(taskId: number): Promise<HistoryRecord[]> {
    return this.store.taskHistory(taskId);
  }

  /** Where a task link leads for `actor`: decided by the task's node. */
  taskUrl(task: TaskRecord, actor: Actor, urls: TaskUrls): string {
    return this.nodeOf(task).taskUrl(task, actor, urls);
  }

  // Internals

  private async list(filter: TaskFilter, options: ListOptions): Promise<Page<TaskListItem>> {
    if (filter.flow !== undefined) this.flow(filter.flow);
    const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
    return this.store.listTasks({ filter, after: options.after ?? null, limit });
  }

  private async load(taskId: number): Promise<TaskView> {
    const found = await this.store.getTaskWithProcess(taskId);
    if (!found) throw new NotFoundError('task', taskId);
    return this.viewOf(found.task, found.process);
  }

  /** The view to act on: loaded now, or one this engine handed out. */
  private async target(task: number | TaskView): Promise<TaskView> {
    if (typeof task === 'number') return this.load(task);
    // A hand-made view could claim any owner: only our own are trusted.
    if (!this.issued.has(task)) throw new TypeError('pass a task id or a view returned by this engine');
    return task;
  }

  private viewOf(task: TaskRecord, process: ProcessRecord): TaskView {
    const flow = this.flow(task.flow);
    const node = this.nodeOf(task);
    return this.issue({ task, process, flow, node, activation: node.createActivation(task, process) });
  }

  private rebuild(view: TaskView, task: TaskRecord): TaskView {
    return this.issue({ ...view, task, activation: view.node.createActivation(task, view.process) });
  }

  private issue(view: TaskView): TaskView {
    this.issued.add(view);
    return view;
  }

  private plan(view: TaskView, name: string, actor: Actor, input: TransitionInput): TransitionPlan {
    return view.activation.plan(name, actor, input, this.clock());
  }

  /** The fast path for transitions that touch one task only. */
  private async simple(task: number | TaskView, actor: Actor, name: string, input: TransitionInput, version?: number) {
    const view = await this.target(task);
    checkVersion(view.task, version);
    return this.commit(view, this.plan(view, name, actor, input), actor);
  }

  private commit(view: TaskView, plan: TransitionPlan, actor: Actor | null): Promise<TaskRecord> {
    return this.store.changeTask(this.changeOf(view.task, plan, actor));
  }

  private commitIn(tx: ProcessTransaction, view: TaskView, plan: TransitionPlan, actor: Actor | null): Promise<TaskRecord> {
    return tx.changeTask(this.changeOf(view.task, plan, actor));
  }

  private changeOf(task: TaskRecord, plan: TransitionPlan, actor: Actor | null) {
    const now = this.clock();
    return {
      taskId: task.id,
      expect: { status: task.status, version: task.version },
      patch: plan.patch,
      event: { ...this.eventOf(task, actor, plan.name, plan.to, now), comment: plan.event.comment, data: plan.event.data },
    };
  }

  private eventOf(task: TaskRecord, actor: Actor | null, transition: string, toStatus: string, at: Date): NewEvent {
    return { processId: task.processId, taskId: task.id, actorId: actor?.id ?? null, at, transition, fromStatus: task.status, toStatus };
  }

  /**
   * Runs `fn` under the process lock with the task re-read inside the
   * transaction, so the guard and the decisions see the committed state.
   */
  private async locked<T>(
    target: number | TaskView,
    version: number | undefined,
    fn: (tx: ProcessTransaction, view: TaskView, advance: Advance) => Promise<T>,
    actor: Actor | null,
  ): Promise<T> {
    // Outside the lock only to learn the process (and fail early on a stale version).
    const outside = typeof target === 'number' ? await this.store.getTask(target) : (await this.target(target)).task;
    const taskId = typeof target === 'number' ? target : target.task.id;
    if (!outside) throw new NotFoundError('task', taskId);
    checkVersion(outside, version);
    return this.store.withProcessLock(outside.processId, async (tx) => {
      const found = await tx.getTaskWithProcess(taskId);
      if (!found) throw new NotFoundError('task', taskId);
      checkVersion(found.task, version);
      const view = this.viewOf(found.task, found.process);
      return fn(tx, view, new Advance(tx, found.process, view.flow, actor, this.clock()));
    });
  }
}

function checkVersion(task: TaskRecord, expected: number | undefined): void {
  if (expected !== undefined && task.version !== expected) {
    throw new ConcurrentUpdateError(task.id, expected, task.version);
  }
}
