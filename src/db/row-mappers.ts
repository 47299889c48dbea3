import type {
  Draft,
  HistoryRecord,
  JsonValue,
  NewEvent,
  NewTask,
  ProcessData,
  ProcessPatch,
  ProcessRecord,
  ProcessStatus,
  TaskPatch,
  TaskRecord,
  UserRef,
} from '../engine/records';
import type { Process, Task, TaskEvent, User } from './generated/sqlite/client';

/*
 * Rows <-> the engine's plain records. JSON documents are stored as text so
 * that SQLite and PostgreSQL share one shape; roles as "a,b".
 */

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function jsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function toTaskRecord(row: Task): TaskRecord {
  return {
    id: row.id,
    processId: row.processId,
    flow: row.flow,
    node: row.node,
    status: row.status,
    token: row.token,
    ownerId: row.ownerId,
    offeredUserId: row.offeredUserId,
    offeredRole: row.offeredRole,
    createdAt: row.createdAt,
    assignedAt: row.assignedAt,
    startedAt: row.startedAt,
    pausedAt: row.pausedAt,
    finishedAt: row.finishedAt,
    version: row.version,
    draft: parseJson<Draft>(row.draft),
    draftSavedAt: row.draftSavedAt,
    pauseReason: row.pauseReason,
    resumeBy: row.resumeBy,
    pausedMs: Number(row.pausedMs),
    error: row.error,
  };
}

export function toProcessRecord(row: Process): ProcessRecord {
  return {
    id: row.id,
    flow: row.flow,
    status: row.status as ProcessStatus,
    data: JSON.parse(row.data) as ProcessData,
    summary: row.summary,
    createdById: row.createdById,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    version: row.version,
  };
}

export function toHistoryRecord(row: TaskEvent & { actor: { displayName: string } | null }): HistoryRecord {
  return {
    id: row.id,
    processId: row.processId,
    taskId: row.taskId,
    actorId: row.actorId,
    actorName: row.actor?.displayName ?? null,
    at: row.at,
    transition: row.transition,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    comment: row.comment,
    data: parseJson<JsonValue>(row.data),
  };
}

export function parseRoles(roles: string): string[] {
  return roles
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
}

export function rolesText(roles: readonly string[]): string {
  return roles.map((role) => role.trim()).filter(Boolean).join(',');
}

export function toUserRef(row: Pick<User, 'id' | 'username' | 'displayName' | 'roles' | 'disabled'>): UserRef {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: parseRoles(row.roles),
    disabled: row.disabled,
  };
}

/** A task patch as column values (only the keys present are written). */
export function taskPatchData(patch: TaskPatch) {
  const { draft, pausedMs, ...plain } = patch;
  return {
    ...plain,
    ...('draft' in patch ? { draft: jsonText(draft) } : {}),
    ...(pausedMs !== undefined ? { pausedMs: BigInt(pausedMs) } : {}),
  };
}

export function processPatchData(patch: ProcessPatch) {
  const { data, ...plain } = patch;
  return { ...plain, ...(data !== undefined ? { data: JSON.stringify(data) } : {}) };
}

export function eventData(event: NewEvent) {
  return {
    processId: event.processId,
    taskId: event.taskId,
    actorId: event.actorId,
    at: event.at,
    transition: event.transition,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    comment: event.comment ?? null,
    data: jsonText(event.data),
  };
}

export function newTaskData(task: NewTask) {
  return {
    processId: task.processId,
    flow: task.flow,
    node: task.node,
    status: task.status,
    token: task.token,
    ownerId: task.ownerId ?? null,
    offeredUserId: task.offeredUserId ?? null,
    offeredRole: task.offeredRole ?? null,
    createdAt: task.createdAt,
    assignedAt: task.assignedAt ?? null,
    startedAt: task.startedAt ?? null,
    finishedAt: task.finishedAt ?? null,
    error: task.error ?? null,
  };
}
