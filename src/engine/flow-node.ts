import type { Activation } from './activation';
import { isAdmin, type Actor } from './actor';
import type { FormSchema } from './form';
import type { ProcessData, ProcessRecord, TaskRecord } from './records';
import type { ProcessTransaction } from './workflow-store';

/** Where a task link can lead; the web layer supplies the actual URLs. */
export interface TaskUrls {
  /** The page that executes (and, for a paused task, resumes) the task. */
  execute(taskId: number): string;
  /** The read-only task detail. */
  detail(taskId: number): string;
  /** The page from which a candidate takes the task from the queue. */
  take(taskId: number): string;
}

/**
 * What a node sees while the engine moves a process forward. It runs inside
 * the process lock, in one transaction.
 */
export interface AdvanceContext {
  readonly tx: ProcessTransaction;
  readonly process: ProcessRecord;
  /** The process data; nodes may replace it (Handler). */
  data: ProcessData;
  readonly now: Date;
  readonly actor: Actor | null;
  /** Creates a task of `node`, linked to the tasks it came from. */
  createTask(node: FlowNode, fields: TaskFields, previous: readonly TaskRecord[], token: string): Promise<TaskRecord>;
  /** Schedules the activation of `target` reached from `previous`. */
  enqueue(target: string, previous: readonly TaskRecord[], token: string): void;
}

export interface TaskFields {
  status: string;
  ownerId?: number | null;
  offeredUserId?: number | null;
  offeredRole?: string | null;
  assignedAt?: Date | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  error?: string | null;
}

export interface Arrival {
  previous: readonly TaskRecord[];
  token: string;
}

type ActivationClass = new (task: Readonly<TaskRecord>, process: Readonly<ProcessRecord>, node: FlowNode) => Activation;

/**
 * A node of a flow. Subclasses decide what happens when the process reaches
 * them ({@link FlowNode.activate}), which activation class their tasks use,
 * and where a task link leads for a user ({@link FlowNode.taskUrl}).
 */
export abstract class FlowNode {
  abstract readonly kind: string;
  /** Set when the flow is defined: the key of the node in the flow. */
  name = '';
  /** Set when the flow is defined. */
  flowName = '';
  readonly form?: FormSchema;
  abstract readonly activationClass: ActivationClass;

  constructor(readonly title: string = '') {}

  /** Names of the nodes this one may lead to. */
  abstract targets(): string[];

  /** Whether people work on this node's tasks (they appear in task lists). */
  get isHuman(): boolean {
    return false;
  }

  abstract activate(ctx: AdvanceContext, arrival: Arrival): Promise<void>;

  createActivation(task: Readonly<TaskRecord>, process: Readonly<ProcessRecord>): Activation {
    return new this.activationClass(task, process, this);
  }

  /** Who may see a task: its owner, its candidates, the process starter, admins. */
  canView(task: Readonly<TaskRecord>, process: Readonly<ProcessRecord>, actor: Actor): boolean {
    if (isAdmin(actor) || task.ownerId === actor.id || process.createdById === actor.id) return true;
    if (task.offeredUserId === actor.id) return true;
    return task.offeredRole !== null && actor.roles.includes(task.offeredRole);
  }

  /** The link for `task` in lists shown to `actor`. */
  taskUrl(task: Readonly<TaskRecord>, _actor: Actor, urls: TaskUrls): string {
    return urls.detail(task.id);
  }
}
