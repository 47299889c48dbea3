import type { HistoryRecord, TaskUrls, UserRef } from '../engine';

/** Where task links lead: one page executes, resumes or offers to take a task; another shows it read-only. */
export const taskUrls: TaskUrls = {
  execute: (taskId) => `/tasks/${taskId}`,
  take: (taskId) => `/tasks/${taskId}`,
  detail: (taskId) => `/tasks/${taskId}/detail`,
};

/** A timestamp for people: "2026-03-04 09:15 UTC". */
export function formatTime(date: Date | string | null | undefined): string {
  if (!date) return '';
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) return '';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The same timestamp for a `<time datetime>` attribute. */
export function isoTime(date: Date | null | undefined): string {
  return date ? date.toISOString() : '';
}

/** How long ago, coarsely: "3 d 4 h", "2 h 5 min", "4 min". */
export function age(since: Date | null | undefined, now: Date = new Date()): string {
  if (!since) return '';
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return `${minutes} min`;
}

const STATUS_LABELS: Record<string, string> = {
  NEW: 'New',
  PREPARED: 'In progress',
  PAUSED: 'Paused',
  DONE: 'Done',
  CANCELED: 'Canceled',
  ERROR: 'Error',
  ACTIVE: 'Active',
};

export function statusLabel(status: string | null | undefined): string {
  return status ? (STATUS_LABELS[status] ?? status) : '';
}

function userName(users: ReadonlyMap<number, UserRef>, id: unknown): string {
  return typeof id === 'number' ? (users.get(id)?.displayName ?? `user #${id}`) : 'nobody';
}

/** What a history row means, in words: a `prepare` from PAUSED is a resume. */
export function describeEvent(event: HistoryRecord, users: ReadonlyMap<number, UserRef>): string {
  const data = (event.data && typeof event.data === 'object' && !Array.isArray(event.data) ? event.data : {}) as Record<string, unknown>;
  switch (event.transition) {
    case 'start':
      return 'started the process';
    case 'create':
      return typeof data.offeredRole === 'string' ? `created, waiting in the ${data.offeredRole} queue` : 'created';
    case 'join':
      return 'all branches done';
    case 'finish':
      return 'the process finished';
    case 'prepare':
      return event.fromStatus === 'PAUSED' ? 'resumed' : 'opened';
    case 'pause': {
      const reason = typeof data.reason === 'string' && data.reason ? ` (${data.reason})` : '';
      return `saved and paused${reason}`;
    }
    case 'complete':
      return 'completed';
    case 'assign':
      return 'took it from the queue';
    case 'unassign':
      return 'put it back in the queue';
    case 'reassign':
      return `reassigned it from ${userName(users, data.previousOwnerId)} to ${userName(users, data.ownerId)}`;
    case 'cancel':
      return event.taskId === null ? 'the process was canceled' : 'canceled';
    case 'retry':
      return 'retried';
    default:
      return event.transition;
  }
}

/** Helpers every template can call. */
export const viewHelpers = { formatTime, isoTime, age, statusLabel };
