import {
  describeForm,
  formValues,
  type Actor,
  type FieldDescriptor,
  type TaskView,
} from '../engine';
import type { FormPage } from './error-handler';

/** The last value of each field, for refilling inputs with what was typed. */
export function flatten(input: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) out[name] = Array.isArray(value) ? (value[value.length - 1] ?? '') : value;
  return out;
}

export function fieldsOf(view: TaskView): readonly FieldDescriptor[] {
  return view.node.form ? describeForm(view.node.form) : [];
}

/** What the task template shows: the form, prefilled from the draft, and which buttons apply. */
export function taskPageLocals(view: TaskView, actor: Actor, extra: { resumed?: boolean } = {}) {
  const { task, process, flow, node } = view;
  return {
    title: node.title || node.name,
    task,
    taskTitle: node.title || node.name,
    description: 'description' in node && typeof node.description === 'string' ? node.description : '',
    flowTitle: flow.title,
    summary: process.summary,
    processUrl: `/processes/${process.id}`,
    action: `/tasks/${task.id}`,
    fields: fieldsOf(view),
    values: node.form ? formValues(node.form, process.data, task.draft) : {},
    errors: {} as Record<string, string[]>,
    canPause: view.activation.canProceed('pause', actor),
    version: task.version,
    resumed: extra.resumed ?? false,
    pauseReason: '',
    resumeBy: '',
  };
}

/** What the error handler needs to show the form again (400) or the conflict page (409). */
export function taskFormPage(
  view: TaskView,
  actor: Actor,
  input: Record<string, string | string[]>,
  posted: { version: number; pauseReason?: string; resumeBy?: string },
): FormPage {
  return {
    template: 'tasks/execute',
    locals: {
      ...taskPageLocals(view, actor),
      // Re-rendering keeps the version the user had: nothing was written.
      version: posted.version,
      pauseReason: posted.pauseReason ?? '',
      resumeBy: posted.resumeBy ?? '',
    },
    fields: fieldsOf(view),
    input: flatten(input),
    reloadUrl: `/tasks/${view.task.id}`,
  };
}
