/**
 * Plain snapshots of what the engine persists. Stores return these and take
 * them back; nothing else leaves a store.
 */

/** Built-in task statuses. Extended activations may add their own strings. */
export const STATUS = {
  NEW: 'NEW',
  PREPARED: 'PREPARED',
  PAUSED: 'PAUSED',
  DONE: 'DONE',
  CANCELED: 'CANCELED',
  ERROR: 'ERROR',
} as const;
export type BuiltinStatus = (typeof STATUS)[keyof typeof STATUS];
export type TaskStatus = BuiltinStatus | (string & {});

/** Statuses in which a task still holds its process open. */
export const ACTIVE_STATUSES: readonly string[] = [STATUS.NEW, STATUS.PREPARED, STATUS.PAUSED, STATUS.ERROR];

export const PROCESS_STATUS = { ACTIVE: 'ACTIVE', DONE: 'DONE', CANCELED: 'CANCELED' } as const;
export type ProcessStatus = (typeof PROCESS_STATUS)[keyof typeof PROCESS_STATUS];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type ProcessData = Record<string, JsonValue>;
/** A draft is what the user typed: field name to the raw submitted value(s). */
export type Draft = Record<string, string | string[]>;

export interface TaskRecord {
  id: number;
  processId: number;
  flow: string;
  node: string;
  status: TaskStatus;
  token: string;
  ownerId: number | null;
  offeredUserId: number | null;
  offeredRole: string | null;
  createdAt: Date;
  assignedAt: Date | null;
  startedAt: Date | null;
  pausedAt: Date | null;
  finishedAt: Date | null;
  version: number;
  draft: Draft | null;
  draftSavedAt: Date | null;
  pauseReason: string | null;
  resumeBy: Date | null;
  pausedMs: number;
  error: string | null;
}

export interface ProcessRecord {
  id: number;
  flow: string;
  status: ProcessStatus;
  data: ProcessData;
  summary: string;
  createdById: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  version: number;
}

export interface HistoryRecord {
  id: number;
  processId: number;
  taskId: number | null;
  actorId: number | null;
  actorName: string | null;
  at: Date;
  transition: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  data: JsonValue | null;
}

export interface UserRef {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
}

/** A task row as lists show it: the task plus a little of its process and owner. */
export interface TaskListItem extends TaskRecord {
  processSummary: string;
  ownerName: string | null;
}

/** Fields of a task that a transition may change. */
export type TaskPatch = Partial<
  Pick<
    TaskRecord,
    | 'status'
    | 'ownerId'
    | 'offeredUserId'
    | 'offeredRole'
    | 'assignedAt'
    | 'startedAt'
    | 'pausedAt'
    | 'finishedAt'
    | 'draft'
    | 'draftSavedAt'
    | 'pauseReason'
    | 'resumeBy'
    | 'pausedMs'
    | 'error'
  >
>;

export type ProcessPatch = Partial<Pick<ProcessRecord, 'status' | 'data' | 'summary' | 'finishedAt'>>;

/** A history row to append; the store stamps its id. */
export interface NewEvent {
  processId: number;
  taskId: number | null;
  actorId: number | null;
  at: Date;
  transition: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment?: string | null;
  data?: JsonValue | null;
}

export interface NewTask {
  processId: number;
  flow: string;
  node: string;
  status: TaskStatus;
  token: string;
  ownerId?: number | null;
  offeredUserId?: number | null;
  offeredRole?: string | null;
  createdAt: Date;
  assignedAt?: Date | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  error?: string | null;
  previousIds: number[];
}

export interface NewProcess {
  flow: string;
  data: ProcessData;
  summary: string;
  createdById: number | null;
  createdAt: Date;
}
