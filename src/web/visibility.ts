import { isAdmin, type Actor, type ProcessView, type TaskView } from '../engine';

/**
 * The engine lets every candidate of a role view the role's tasks (so that
 * the queue can show them), owned or not. Once a colleague owns a task, its
 * page, its draft and its pause reasons are that colleague's work in
 * progress: only the owner, admins and the process starter look in.
 */
export function someoneElses({ task, process }: Pick<TaskView, 'task' | 'process'>, actor: Actor): boolean {
  return task.ownerId !== null && task.ownerId !== actor.id && !isAdmin(actor) && process.createdById !== actor.id;
}

/** Whether `actor` may see a process page: admins, its starter, its task owners, candidates of its unowned tasks. */
export function involvedIn(view: ProcessView, actor: Actor): boolean {
  return view.tasks.some((task) => !someoneElses({ task, process: view.process }, actor) && (view.flow.node(task.node)?.canView(task, view.process, actor) ?? false));
}
