import type { TaskWithProcess } from '../engine/workflow-store';
import type { Task } from './generated/sqlite/client';
import type { Db } from './prisma-process-transaction';
import { toProcessRecord, toTaskRecord } from './row-mappers';
import { TASK_COLUMNS } from './task-columns';

/**
 * A task and its process in ONE statement. Prisma's `include` would send
 * two queries on SQLite (its relation joins are not available there), and
 * every transition starts with this read.
 */
type Row = Task & {
  p_flow: string;
  p_status: string;
  p_data: string;
  p_summary: string;
  p_createdById: number | null;
  p_createdAt: Date;
  p_finishedAt: Date | null;
  p_version: number;
};

export async function taskWithProcessIn(db: Db, id: number): Promise<TaskWithProcess | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${TASK_COLUMNS},
      p."flow" AS "p_flow", p."status" AS "p_status", p."data" AS "p_data", p."summary" AS "p_summary",
      p."createdById" AS "p_createdById", p."createdAt" AS "p_createdAt", p."finishedAt" AS "p_finishedAt",
      p."version" AS "p_version"
    FROM "Task" t JOIN "Process" p ON p."id" = t."processId"
    WHERE t."id" = ${id}`;
  const row = rows[0];
  if (!row) return null;
  return {
    task: toTaskRecord(row),
    process: toProcessRecord({
      id: row.processId,
      flow: row.p_flow,
      status: row.p_status,
      data: row.p_data,
      summary: row.p_summary,
      createdById: row.p_createdById,
      createdAt: row.p_createdAt,
      finishedAt: row.p_finishedAt,
      version: row.p_version,
    }),
  };
}
