import type { Actor } from './actor';
import { JoinNode } from './auto-nodes';
import type { Flow } from './flow';
import type { AdvanceContext, Arrival, FlowNode, TaskFields } from './flow-node';
import { ACTIVE_STATUSES, PROCESS_STATUS, STATUS, type ProcessData, type ProcessRecord, type TaskRecord } from './records';
import type { ProcessTransaction } from './workflow-store';

interface Step extends Arrival {
  target: string;
}

/**
 * Moves one process forward inside its lock: runs queued node activations
 * breadth first, then fires the joins whose branches are all finished, then
 * closes the process when no task is left active. One instance per step.
 */
export class Advance implements AdvanceContext {
  data: ProcessData;
  private readonly queue: Step[] = [];

  constructor(
    readonly tx: ProcessTransaction,
    readonly process: ProcessRecord,
    readonly flow: Flow,
    readonly actor: Actor | null,
    readonly now: Date,
  ) {
    this.data = process.data;
  }

  enqueue(target: string, previous: readonly TaskRecord[], token: string): void {
    this.queue.push({ target, previous, token });
  }

  async createTask(node: FlowNode, fields: TaskFields, previous: readonly TaskRecord[], token: string): Promise<TaskRecord> {
    const task = await this.tx.createTask({
      processId: this.process.id,
      flow: this.flow.name,
      node: node.name,
      token,
      createdAt: this.now,
      previousIds: previous.map((p) => p.id),
      ...fields,
    });
    await this.tx.appendEvent({
      processId: this.process.id,
      taskId: task.id,
      actorId: this.actor?.id ?? null,
      at: this.now,
      transition: 'create',
      fromStatus: null,
      toStatus: task.status,
      comment: task.error,
      data: task.offeredRole ? { offeredRole: task.offeredRole } : null,
    });
    return task;
  }

  /** Runs everything queued, fires ready joins, settles the process. */
  async run(): Promise<ProcessRecord> {
    for (;;) {
      while (this.queue.length) {
        const step = this.queue.shift()!;
        const node = this.flow.node(step.target)!;
        await node.activate(this, step);
      }
      const { fired, tasks } = await this.fireReadyJoins();
      // Nothing fired, so nothing was written since `tasks` was read: settle can use it.
      if (!fired) return this.settle(tasks);
    }
  }

  /**
   * A join task waits (NEW) until no active task is left in its branches,
   * i.e. none whose token lies under the join's own token. Cancelling a
   * branch task can make a join ready too, so every waiting join is checked.
   */
  private async fireReadyJoins(): Promise<{ fired: boolean; tasks: TaskRecord[] }> {
    const tasks = await this.tx.processTasks(this.process.id);
    let fired = false;
    for (const join of tasks) {
      const node = this.flow.node(join.node);
      if (!(node instanceof JoinNode) || join.status !== STATUS.NEW) continue;
      const prefix = `${join.token}/`;
      const waiting = tasks.some((t) => t.id !== join.id && ACTIVE_STATUSES.includes(t.status) && t.token.startsWith(prefix));
      if (waiting) continue;
      const done = await this.tx.changeTask({
        taskId: join.id,
        expect: { status: join.status, version: join.version },
        patch: { status: STATUS.DONE, finishedAt: this.now },
        event: this.event(join, 'join', STATUS.DONE),
      });
      this.enqueue(node.options.next, [done], join.token);
      fired = true;
    }
    return { fired, tasks };
  }

  private event(task: TaskRecord, transition: string, toStatus: string) {
    return {
      processId: this.process.id,
      taskId: task.id,
      actorId: this.actor?.id ?? null,
      at: this.now,
      transition,
      fromStatus: task.status,
      toStatus,
    };
  }

  /** Writes the data and, once nothing is active, the final status. `tasks`: the process's tasks as they are now. */
  private async settle(tasks: readonly TaskRecord[]): Promise<ProcessRecord> {
    let process = this.process;
    const dataChanged = this.data !== this.process.data;
    let status = process.status;
    if (status === PROCESS_STATUS.ACTIVE) {
      if (!tasks.some((t) => ACTIVE_STATUSES.includes(t.status))) {
        const ended = tasks.some((t) => t.status === STATUS.DONE && this.flow.node(t.node)?.kind === 'end');
        status = ended ? PROCESS_STATUS.DONE : PROCESS_STATUS.CANCELED;
      }
    }
    if (dataChanged || status !== process.status) {
      process = await this.tx.updateProcess(process.id, {
        ...(dataChanged ? { data: this.data, summary: this.flow.summary(this.data) } : {}),
        ...(status !== process.status ? { status, finishedAt: this.now } : {}),
      });
    }
    if (status !== this.process.status) {
      await this.tx.appendEvent({
        processId: process.id,
        taskId: null,
        actorId: this.actor?.id ?? null,
        at: this.now,
        transition: status === PROCESS_STATUS.DONE ? 'finish' : 'cancel',
        fromStatus: this.process.status,
        toStatus: status,
      });
    }
    return process;
  }
}
