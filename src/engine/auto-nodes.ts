import { AutoActivation } from './auto-activation';
import { FlowNode, type AdvanceContext, type Arrival } from './flow-node';
import type { FormSchema } from './form';
import { STATUS, type ProcessData, type ProcessRecord } from './records';

/** Nodes the engine passes through by itself; each leaves a DONE task in the history. */
abstract class AutoNode extends FlowNode {
  readonly activationClass: typeof AutoActivation = AutoActivation;

  protected record(ctx: AdvanceContext, arrival: Arrival) {
    return ctx.createTask(this, { status: STATUS.DONE, startedAt: ctx.now, finishedAt: ctx.now }, arrival.previous, arrival.token);
  }
}

export interface StartOptions {
  title: string;
  /** The start form; its values become the initial process data. */
  form?: FormSchema;
  next: string;
  /** Roles allowed to start the flow from the UI; any signed-in user if omitted. */
  roles?: string[];
}

/** Where a process begins: a human start form or a call from code. */
export class StartNode extends AutoNode {
  readonly kind = 'start';
  override readonly form?: FormSchema;
  readonly next: string;
  readonly roles: string[] | null;

  constructor(readonly options: StartOptions) {
    super(options.title);
    this.form = options.form;
    this.next = options.next;
    this.roles = options.roles ?? null;
  }

  targets(): string[] {
    return [this.next];
  }

  async activate(ctx: AdvanceContext, arrival: Arrival): Promise<void> {
    const task = await ctx.createTask(
      this,
      { status: STATUS.DONE, ownerId: ctx.actor?.id ?? null, startedAt: ctx.process.createdAt, finishedAt: ctx.now },
      arrival.previous,
      arrival.token,
    );
    ctx.enqueue(this.next, [task], arrival.token);
  }
}

/** Goes one of two ways depending on the process data. */
export class IfNode extends AutoNode {
  readonly kind = 'if';
  constructor(
    readonly options: { title?: string; when: (data: ProcessData) => boolean; then: string; else: string },
  ) {
    super(options.title ?? '');
  }

  targets(): string[] {
    return [this.options.then, this.options.else];
  }

  async activate(ctx: AdvanceContext, arrival: Arrival): Promise<void> {
    const target = this.options.when(ctx.data) ? this.options.then : this.options.else;
    const task = await this.record(ctx, arrival);
    ctx.enqueue(target, [task], arrival.token);
  }
}

/** Goes the way of the first case whose condition holds, else the default. */
export class SwitchNode extends AutoNode {
  readonly kind = 'switch';
  constructor(
    readonly options: {
      title?: string;
      cases: { when: (data: ProcessData) => boolean; to: string }[];
      default: string;
    },
  ) {
    super(options.title ?? '');
  }

  targets(): string[] {
    return [...this.options.cases.map((c) => c.to), this.options.default];
  }

  async activate(ctx: AdvanceContext, arrival: Arrival): Promise<void> {
    const match = this.options.cases.find((c) => c.when(ctx.data));
    const task = await this.record(ctx, arrival);
    ctx.enqueue(match ? match.to : this.options.default, [task], arrival.token);
  }
}

export interface HandlerContext {
  readonly process: Readonly<ProcessRecord>;
  readonly data: Readonly<ProcessData>;
  readonly now: Date;
}

/**
 * Code the engine runs when the process reaches the node. It returns the
 * process data changes (merged into the data) or nothing. It runs inside
 * the process transaction, so keep it short; if it throws, the task is left
 * in ERROR with the message, and an admin can retry it.
 */
export class HandlerNode extends AutoNode {
  readonly kind = 'handler';
  constructor(
    readonly options: {
      title: string;
      run: (ctx: HandlerContext) => ProcessData | void | Promise<ProcessData | void>;
      next: string;
    },
  ) {
    super(options.title);
  }

  targets(): string[] {
    return [this.options.next];
  }

  /** Runs the handler against the current data; returns the error message on failure. */
  async execute(ctx: AdvanceContext): Promise<string | null> {
    try {
      const changes = await this.options.run({ process: ctx.process, data: ctx.data, now: ctx.now });
      if (changes) ctx.data = { ...ctx.data, ...changes };
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  async activate(ctx: AdvanceContext, arrival: Arrival): Promise<void> {
    const failure = await this.execute(ctx);
    const task = await ctx.createTask(
      this,
      failure === null
        ? { status: STATUS.DONE, startedAt: ctx.now, finishedAt: ctx.now }
        : { status: STATUS.ERROR, startedAt: ctx.now, error: failure },
      arrival.previous,
      arrival.token,
    );
    if (failure === null) ctx.enqueue(this.options.next, [task], arrival.token);
  }
}

/** Starts parallel branches; each branch gets a token of its own for the Join. */
export class SplitNode extends AutoNode {
  readonly kind = 'split';
  constructor(
    readonly options: {
      title?: string;
      branches: { to: string; when?: (data: ProcessData) => boolean }[];
    },
  ) {
    super(options.title ?? '');
  }

  targets(): string[] {
    return this.options.branches.map((b) => b.to);
  }

  async activate(ctx: AdvanceContext, arrival: Arrival): Promise<void> {
    const task = await this.record(ctx, arrival);
    this.options.branches.forEach((branch, index) => {
      if (branch.when && !branch.when(ctx.data)) return;
      ctx.enqueue(branch.to, [task], `${arrival.token}/${task.id}_${index}`);
    });
  }
}

/** Branch tokens look like `start/<split task id>_<branch index>`. */
export function parentToken(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash < 0 ? token : token.slice(0, slash);
}


/**
 * Waits for the branches of a Split. The first branch to arrive creates the
 * join task (NEW); each arrival links to it; when no task of the Split's
 * branches is still active, the join task is DONE and the flow goes on.
 */
export class JoinNode extends AutoNode {
  readonly kind = 'join';
  constructor(readonly options: { title?: string; next: string }) {
    super(options.title ?? '');
  }

  targets(): string[] {
    return [this.options.next];
  }

  async activate(ctx: AdvanceContext, arrival: Arrival): Promise<void> {
    const token = parentToken(arrival.token);
    const tasks = await ctx.tx.processTasks(ctx.process.id);
    const join = tasks.find((t) => t.node === this.name && t.token === token && t.status === STATUS.NEW);
    if (join) {
      for (const previous of arrival.previous) await ctx.tx.linkTasks(previous.id, join.id);
    } else {
      await ctx.createTask(this, { status: STATUS.NEW, startedAt: ctx.now }, arrival.previous, token);
    }
    // Whether the join is ready is decided by the engine once everything
    // else queued in this step has run (see `Advance`), so that a fast branch
    // cannot fire the join before a sibling branch has even been created.
  }
}

/** The end of the flow. The process is DONE once no task is left active. */
export class EndNode extends AutoNode {
  readonly kind = 'end';
  constructor(title = 'End') {
    super(title);
  }

  targets(): string[] {
    return [];
  }

  async activate(ctx: AdvanceContext, arrival: Arrival): Promise<void> {
    await this.record(ctx, arrival);
  }
}
