import type { Actor } from './actor';
import type { TaskUrls } from './flow-node';
import { PausableViewActivation } from './pausable-view-activation';
import { STATUS, type TaskRecord } from './records';
import { ViewNode } from './view-node';

/**
 * A human task that can be saved and paused. Its PAUSED tasks link to the
 * task page for their owner, so that following the link resumes the work
 * (viewflow's sample does this by overriding `get_task_url`).
 */
export class PausableViewNode extends ViewNode {
  override readonly kind: string = 'pausable-view';
  override readonly activationClass: typeof PausableViewActivation = PausableViewActivation;

  override canExecute(task: Readonly<TaskRecord>, actor: Actor): boolean {
    return super.canExecute(task, actor) || (task.status === STATUS.PAUSED && task.ownerId === actor.id);
  }

  override taskUrl(task: Readonly<TaskRecord>, actor: Actor, urls: TaskUrls): string {
    if (task.status === STATUS.PAUSED && this.canExecute(task, actor)) return urls.execute(task.id);
    return super.taskUrl(task, actor, urls);
  }
}
