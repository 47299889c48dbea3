import type { Response } from 'express';
import type { Actor, Page, TaskListItem, WorkflowEngine } from '../engine';
import { encodeCursor } from './request-schemas';
import { age, taskUrls } from './view-helpers';

export type ListKind = 'inbox' | 'queue' | 'paused' | 'archive' | 'paused-queue';

/** A row of a task list, ready for the template. */
export interface TaskRow {
  id: number;
  url: string;
  taskTitle: string;
  flowTitle: string;
  summary: string;
  processUrl: string;
  owner: string;
  ownerId: number | null;
  time: Date | null;
  age: string;
  reason: string | null;
  resumeBy: Date | null;
  version: number;
}

const TIME_OF: Record<ListKind, { label: string; key: 'createdAt' | 'pausedAt' | 'finishedAt' }> = {
  inbox: { label: 'Created', key: 'createdAt' },
  queue: { label: 'Waiting since', key: 'createdAt' },
  paused: { label: 'Paused since', key: 'pausedAt' },
  'paused-queue': { label: 'Paused since', key: 'pausedAt' },
  archive: { label: 'Finished', key: 'finishedAt' },
};

export function taskRows(engine: WorkflowEngine, actor: Actor, kind: ListKind, items: TaskListItem[], now = new Date()): TaskRow[] {
  const key = TIME_OF[kind].key;
  return items.map((task) => {
    const flow = engine.flow(task.flow);
    return {
      id: task.id,
      url: engine.taskUrl(task, actor, taskUrls),
      taskTitle: flow.node(task.node)?.title || task.node,
      flowTitle: flow.title,
      summary: task.processSummary,
      processUrl: `/processes/${task.processId}`,
      owner: task.ownerName ?? (task.offeredRole ? `(${task.offeredRole} queue)` : ''),
      ownerId: task.ownerId,
      time: task[key],
      age: age(task[key], now),
      reason: task.pauseReason,
      resumeBy: task.resumeBy,
      version: task.version,
    };
  });
}

/** The link to the next (older) page, keeping the other filters. */
export function olderUrl(basePath: string, filters: Record<string, string | number | undefined>, page: Page<unknown>): string | null {
  const cursor = encodeCursor(page.next);
  if (!cursor) return null;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(name, String(value));
  params.set('after', cursor);
  return `${basePath}?${params.toString()}`;
}

export interface ListPageOptions {
  kind: ListKind;
  heading: string;
  intro: string;
  empty: string;
  basePath: string;
  page: Page<TaskListItem>;
  filters: { flow?: string };
  /** Show the flow filter (not on a per-flow page). */
  flowFilter: boolean;
}

export function renderTaskList(res: Response, engine: WorkflowEngine, actor: Actor, options: ListPageOptions): void {
  res.render('tasks/list', {
    title: options.heading,
    heading: options.heading,
    intro: options.intro,
    empty: options.empty,
    kind: options.kind,
    timeLabel: TIME_OF[options.kind].label,
    rows: taskRows(engine, actor, options.kind, options.page.items),
    older: olderUrl(options.basePath, options.filters, options.page),
    flows: engine.flows().map((f) => ({ name: f.name, title: f.title })),
    filter: { flow: options.filters.flow ?? '' },
    flowFilter: options.flowFilter,
    action: options.basePath,
  });
}
