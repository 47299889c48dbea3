import { NotFoundError } from '../engine/errors';
import type { NewEvent, NewTask, ProcessPatch, ProcessRecord, TaskRecord } from '../engine/records';
import type { ProcessTransaction, TaskChange, TaskWithProcess } from '../engine/workflow-store';
import { prismaCode } from './prisma-errors';
import { newTaskData, processPatchData, toProcessRecord, toTaskRecord } from './row-mappers';
import { taskWithProcessIn } from './task-with-process-query';
import { changeTaskIn, insertEvent, insertLinks, type Db } from './task-writes';

export type { Db } from './task-writes';

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
    // Links apart from the create: nested, Prisma would read the task back once more.
    const row = await this.tx.task.create({ data: newTaskData(task) });
    await insertLinks(this.tx, task.previousIds, row.id);
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
    await insertEvent(this.tx, event);
  }
}
