import { Activation, type TransitionContext, type TransitionTable } from './activation';
import { STATUS } from './records';

const { ERROR, DONE, CANCELED } = STATUS;

/**
 * The activation of a task the engine runs itself (Handler). It is created
 * DONE or ERROR by the engine; from ERROR an admin may `retry` (the engine
 * runs the handler again) or `cancel`.
 */
export class AutoActivation extends Activation {
  static override transitions: TransitionTable = {
    retry: { from: [ERROR], to: DONE, who: 'admin' },
    cancel: { from: [ERROR], to: CANCELED, who: 'admin' },
  };

  retry(ctx: TransitionContext): void {
    ctx.patch.finishedAt = ctx.now;
    ctx.patch.error = null;
  }

  cancel(ctx: TransitionContext): void {
    ctx.patch.finishedAt = ctx.now;
  }
}
