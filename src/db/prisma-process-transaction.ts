import { ConcurrentUpdateError, NotFoundError } from '../engine/errors';
import type { NewEvent, NewTask, ProcessPatch, ProcessRecord, TaskRecord } from '../engine/records';
import type { ProcessTransaction, TaskChange, TaskWithProcess } from '../engine/workflow-store';
import type { Prisma } from './generated/sqlite/client';
import { prismaCode } from './prisma-errors';
import {
  eventData,
  nestedEventData,
  newTaskData,
  processPatchData,
  taskPatchData,
  toProcessRecord,
  toTaskRecord,
} from './row-mappers';
import { taskWithProcessIn } from './task-with-process-query';

/** Either the client itself or an interactive transaction's client. */
export type Db = Prisma.TransactionClient;

/**
 * The guarded change as ONE nested write: update the task only if it still
 * has the expected status and version, bump the version and append the
 * history row. When nothing matches, Prisma reports P2025; a read then tells
 * a missing task from a concurrent change.
 */
export async function changeTaskIn(db: Db, change: TaskChange): Promise<TaskRecord> {
  const { taskId, expect, patch, event } = change;
  try {
    const row = await db.task.update({
      where: { id: taskId, status: expect.status, version: expect.version },
      data: { ...taskPatchData(patch), version: { increment: 1 }, events: { create: nestedEventData(event) } },
    });
    return toTaskRecord(row);
  } catch (error) {
    if (prismaCode(error) !== 'P2025') throw error;
    const actual = await db.task.findUnique({ where: { id: taskId }, select: { version: true } });
    if (!actual) throw new NotFoundError('task', taskId);
    throw new ConcurrentUpdateError(taskId, expect.version, actual.version);
  }
}

export async function processTasksIn(db: Db, processId: number): Promise<TaskRecord[]> {
  const rows = await db.task.findMany({ where: { processId }, orderBy: { id: 'asc' } });
  return rows.map(toTaskRecord);
}

/** {@link ProcessTransaction} over an open Prisma interactive transaction. */
export class PrismaProcessTransaction implements ProcessTransaction {
  constructor(private readonly tx: Db) {}

  async getProcess(id: number): Promise<ProcessRecord | null> {
    const row = await this.tx.process.findUnique({ where: { id } });
    return row ? toProcessRecord(row) : null;
  }

  async getTask(id: number): Promise<TaskRecord | null> {
    const row = await this.tx.task.findUnique({ where: { id } });
    return row ? toTaskRecord(row) : null;
  }

  getTaskWithProcess(id: number): Promise<TaskWithProcess | null> {
    return taskWithProcessIn(this.tx, id);
  }

  processTasks(processId: number): Promise<TaskRecord[]> {
    return processTasksIn(this.tx, processId);
  }

  changeTask(change: TaskChange): Promise<TaskRecord> {
    return changeTaskIn(this.tx, change);
  }

  async createTask(task: NewTask): Promise<TaskRecord> {
    const row = await this.tx.task.create({
      data: {
        ...newTaskData(task),
        previous: { create: task.previousIds.map((fromId) => ({ fromId })) },
      },
    });
    return toTaskRecord(row);
  }

  async updateProcess(id: number, patch: ProcessPatch): Promise<ProcessRecord> {
    try {
      const row = await this.tx.process.update({
        where: { id },
        data: { ...processPatchData(patch), version: { increment: 1 } },
      });
      return toProcessRecord(row);
    } catch (error) {
      if (prismaCode(error) === 'P2025') throw new NotFoundError('process', id);
      throw error;
    }
  }

  async linkTasks(fromId: number, toId: number): Promise<void> {
    await this.tx.taskLink.createMany({ data: [{ fromId, toId }] });
  }

  async appendEvent(event: NewEvent): Promise<void> {
    await this.tx.taskEvent.create({ data: eventData(event) });
  }
}
