import { describeForm, isAdmin, type Actor, type HistoryRecord, type TaskView, type UserRef, type WorkflowEngine } from '../engine';
import { describeEvent, taskUrls } from './view-helpers';

export interface LabelledValue {
  label: string;
  value: string;
}

/** The task's fields with the values it has: the draft while it has one, else the process data. */
function shownValues(view: TaskView): LabelledValue[] {
  if (!view.node.form) return [];
  const source: Record<string, unknown> = view.task.draft ?? view.process.data;
  return describeForm(view.node.form).map((field) => {
    const raw = source[field.name];
    const value = Array.isArray(raw) ? raw.join(', ') : raw === undefined || raw === null ? '' : String(raw);
    return { label: field.label, value: field.kind === 'checkbox' ? (value === 'on' || value === 'true' ? 'Yes' : 'No') : value };
  });
}

/** The read-only task page, with the admin actions that apply now. */
export function taskDetailLocals(
  engine: WorkflowEngine,
  view: TaskView,
  actor: Actor,
  history: HistoryRecord[],
  users: UserRef[],
) {
  const { task, process, flow, node } = view;
  const byId = new Map(users.map((u) => [u.id, u]));
  const owner =
    task.ownerId === null
      ? task.offeredRole
        ? `nobody yet (${task.offeredRole} queue)`
        : 'nobody'
      : task.ownerId === actor.id
        ? 'you'
        : (byId.get(task.ownerId)?.displayName ?? `user #${task.ownerId}`);
  const workUrl = engine.taskUrl(task, actor, taskUrls);
  return {
    title: node.title || node.name,
    task,
    taskTitle: node.title || node.name,
    flowTitle: flow.title,
    summary: process.summary,
    processUrl: `/processes/${process.id}`,
    owner,
    workUrl: workUrl === taskUrls.detail(task.id) ? null : workUrl,
    // A draft is its owner's unfinished work: only they and admins see it.
    values: task.draft === null || task.ownerId === actor.id || isAdmin(actor) ? shownValues(view) : [],
    valuesAreDraft: task.draft !== null,
    history: history.map((event) => ({ at: event.at, actor: event.actorName ?? 'the engine', text: describeEvent(event, byId), comment: event.comment })),
    canReassign: isAdmin(actor) && view.activation.canProceed('reassign', actor),
    canCancel: isAdmin(actor) && view.activation.canProceed('cancel', actor),
    reassignTo: users.filter((u) => !u.disabled && u.id !== task.ownerId),
  };
}
