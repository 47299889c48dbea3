import { Activation, type TransitionContext, type TransitionTable } from './activation';
import { parseForm } from './form';
import { STATUS } from './records';

const { NEW, PREPARED, PAUSED, DONE, CANCELED } = STATUS;

/**
 * The activation of a human task (a View node).
 *
 * NEW → PREPARED (`prepare`, the owner opens it) → DONE (`complete`);
 * `assign` lets a candidate take a NEW task from the queue; `unassign`,
 * `reassign` and `cancel` are for admins (the owner may unassign). A plain
 * View cannot pause: {@link PausableViewActivation} adds that.
 */
export class ViewActivation extends Activation {
  static override transitions: TransitionTable = {
    assign: { from: [NEW], to: null, who: 'candidate' },
    unassign: { from: [NEW, PREPARED, PAUSED], to: NEW, who: 'owner-or-admin' },
    reassign: { from: [NEW, PREPARED, PAUSED], to: null, who: 'admin' },
    prepare: { from: [NEW], to: PREPARED, who: 'owner' },
    complete: { from: [PREPARED], to: DONE, who: 'owner' },
    cancel: { from: [NEW, PREPARED, PAUSED], to: CANCELED, who: 'admin' },
  };

  assign(ctx: TransitionContext): void {
    ctx.patch.ownerId = ctx.actor!.id;
    ctx.patch.assignedAt = ctx.now;
  }

  unassign(ctx: TransitionContext): void {
    ctx.patch.ownerId = null;
    ctx.patch.assignedAt = null;
    this.stopPauseClock(ctx);
    ctx.event.data = { previousOwnerId: ctx.task.ownerId };
  }

  reassign(ctx: TransitionContext): void {
    const target = ctx.input.targetUserId;
    if (target === undefined) throw new TypeError('reassign needs a target user');
    ctx.patch.ownerId = target;
    ctx.patch.assignedAt = ctx.now;
    ctx.event.data = { previousOwnerId: ctx.task.ownerId, ownerId: target };
  }

  prepare(ctx: TransitionContext): void {
    if (!ctx.task.startedAt) ctx.patch.startedAt = ctx.now;
  }

  /** Validates the form; the engine writes the values into the process data. */
  complete(ctx: TransitionContext): void {
    const values = this.node.form ? parseForm(this.node.form, ctx.input.values ?? {}) : {};
    ctx.processData = { ...ctx.process.data, ...values };
    ctx.patch.finishedAt = ctx.now;
    // The draft goes only when the completion commits: the patch is written
    // in the same guarded transaction, so a failed completion keeps it.
    ctx.patch.draft = null;
    ctx.patch.draftSavedAt = null;
  }

  cancel(ctx: TransitionContext): void {
    ctx.patch.finishedAt = ctx.now;
    this.stopPauseClock(ctx);
  }

  /** Adds the time spent paused to the task's paused total. */
  protected stopPauseClock(ctx: TransitionContext): void {
    if (ctx.task.status !== PAUSED || !ctx.task.pausedAt) return;
    ctx.patch.pausedMs = ctx.task.pausedMs + Math.max(0, ctx.now.getTime() - ctx.task.pausedAt.getTime());
    ctx.patch.pausedAt = null;
    ctx.patch.pauseReason = null;
    ctx.patch.resumeBy = null;
  }
}
