import type { TransitionContext, TransitionTable } from './activation';
import { STATUS } from './records';
import { ViewActivation } from './view-activation';

const { NEW, PREPARED, PAUSED } = STATUS;

/**
 * A human task that can be paused, as in viewflow's cookbook sample:
 * `pause` PREPARED → PAUSED stores what was typed as the draft, and
 * `prepare` also starts from PAUSED, so opening a paused task resumes it.
 */
export class PausableViewActivation extends ViewActivation {
  static override transitions: TransitionTable = {
    ...ViewActivation.transitions,
    prepare: { from: [NEW, PAUSED], to: PREPARED, who: 'owner' },
    pause: { from: [PREPARED], to: PAUSED, who: 'owner' },
  };

  override prepare(ctx: TransitionContext): void {
    super.prepare(ctx);
    this.stopPauseClock(ctx);
  }

  /** Keeps the input exactly as typed, valid or not: nothing is validated here. */
  pause(ctx: TransitionContext): void {
    const draft = ctx.input.draft ?? {};
    ctx.patch.draft = draft;
    ctx.patch.draftSavedAt = ctx.now;
    ctx.patch.pausedAt = ctx.now;
    ctx.patch.pauseReason = ctx.input.reason ?? null;
    ctx.patch.resumeBy = ctx.input.resumeBy ?? null;
    ctx.event.data = {
      draft,
      reason: ctx.input.reason ?? null,
      resumeBy: ctx.input.resumeBy ? ctx.input.resumeBy.toISOString() : null,
    };
  }
}
