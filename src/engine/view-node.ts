import { isCandidate } from './activation';
import type { Actor } from './actor';
import { FlowNode, type AdvanceContext, type Arrival, type TaskFields, type TaskUrls } from './flow-node';
import type { FormSchema } from './form';
import { STATUS, type ProcessData, type ProcessRecord, type TaskRecord } from './records';
import { ViewActivation } from './view-activation';

export interface ViewOptions {
  title: string;
  form: FormSchema;
  next: string;
  /** Longer text shown above the form. */
  description?: string;
  /** Put the task in a role's queue, for any of its members to take. */
  offerTo?: { role: string };
  /**
   * Give the task an owner straight away: `'starter'` (the user who started
   * the process) or a function of the process. When neither `offerTo` nor
   * `assignTo` is given, the starter owns the task.
   */
  assignTo?: 'starter' | ((process: Readonly<ProcessRecord>, data: ProcessData) => number | null);
}

/** A human task: a form a person fills in and completes. */
export class ViewNode extends FlowNode {
  readonly kind: string = 'view';
  override readonly form: FormSchema;
  readonly activationClass: typeof ViewActivation = ViewActivation;
  readonly next: string;
  readonly description: string;

  constructor(readonly options: ViewOptions) {
    super(options.title);
    this.form = options.form;
    this.next = options.next;
    this.description = options.description ?? '';
  }

  targets(): string[] {
    return [this.next];
  }

  override get isHuman(): boolean {
    return true;
  }

  /** Owner or queue for a new task of this node. */
  protected placement(ctx: AdvanceContext): TaskFields {
    const { assignTo, offerTo } = this.options;
    if (assignTo && assignTo !== 'starter') {
      const ownerId = assignTo(ctx.process, ctx.data);
      if (ownerId !== null) return { status: STATUS.NEW, ownerId, assignedAt: ctx.now };
    }
    if (offerTo && !assignTo) return { status: STATUS.NEW, offeredRole: offerTo.role };
    return { status: STATUS.NEW, ownerId: ctx.process.createdById, assignedAt: ctx.now, offeredRole: offerTo?.role ?? null };
  }

  async activate(ctx: AdvanceContext, arrival: Arrival): Promise<void> {
    await ctx.createTask(this, this.placement(ctx), arrival.previous, arrival.token);
  }

  /** Whether `actor` may work on the task now (open, pause, complete). */
  canExecute(task: Readonly<TaskRecord>, actor: Actor): boolean {
    return task.ownerId === actor.id && (task.status === STATUS.NEW || task.status === STATUS.PREPARED);
  }

  override taskUrl(task: Readonly<TaskRecord>, actor: Actor, urls: TaskUrls): string {
    if (this.canExecute(task, actor)) return urls.execute(task.id);
    if (task.status === STATUS.NEW && isCandidate(task, actor)) return urls.take(task.id);
    return urls.detail(task.id);
  }
}
