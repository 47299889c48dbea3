import { ConcurrentUpdateError, NotFoundError } from '../engine/errors';
import type { NewEvent, TaskRecord } from '../engine/records';
import type { TaskChange } from '../engine/workflow-store';
import { Prisma, type PrismaClient } from './generated/sqlite/client';
import { prismaCode } from './prisma-errors';
import { eventData, taskPatchData, toTaskRecord } from './row-mappers';

/** Either the client itself or an interactive transaction's client. */
export type Db = Prisma.TransactionClient;

/*
 * The writes every transition makes, with as few statements as the result
 * needs. Prisma's nested writes (the history row or the links created under
 * the task) make it read the task back with one more SELECT; here the task
 * comes from UPDATE/INSERT ... RETURNING, and the plain inserts that return
 * nothing useful are raw statements (much cheaper than ORM calls).
 */

/** Guarded: only a task that still has the expected status and version matches. */
function guardedUpdate(db: Db, change: TaskChange) {
  const { taskId, expect, patch } = change;
  return db.task.update({
    where: { id: taskId, status: expect.status, version: expect.version },
    data: { ...taskPatchData(patch), version: { increment: 1 } },
  });
}

export function insertEvent(db: Db, event: NewEvent) {
  const e = eventData(event);
  return db.$executeRaw`
    INSERT INTO "TaskEvent" ("processId", "taskId", "actorId", "at", "transition", "fromStatus", "toStatus", "comment", "data")
    VALUES (${e.processId}, ${e.taskId}, ${e.actorId}, ${e.at}, ${e.transition}, ${e.fromStatus}, ${e.toStatus}, ${e.comment}, ${e.data})`;
}

/**
 * When the guarded update matched nothing, Prisma reports P2025; a read then
 * tells a missing task from a concurrent change.
 */
async function explainMiss(db: Db, change: TaskChange, error: unknown): Promise<never> {
  if (prismaCode(error) !== 'P2025') throw error;
  const actual = await db.task.findUnique({ where: { id: change.taskId }, select: { version: true } });
  if (!actual) throw new NotFoundError('task', change.taskId);
  throw new ConcurrentUpdateError(change.taskId, change.expect.version, actual.version);
}

const withTask = (change: TaskChange): NewEvent => ({ ...change.event, taskId: change.taskId });

/** The guarded change inside an open interactive transaction: update, then its history row. */
export async function changeTaskIn(tx: Db, change: TaskChange): Promise<TaskRecord> {
  let row;
  try {
    row = await guardedUpdate(tx, change);
  } catch (error) {
    return explainMiss(tx, change, error);
  }
  await insertEvent(tx, withTask(change));
  return toTaskRecord(row);
}

/** The guarded change on its own: both statements in one batch transaction. */
export async function changeTaskAtomically(db: PrismaClient, change: TaskChange): Promise<TaskRecord> {
  try {
    const [row] = await db.$transaction([guardedUpdate(db, change), insertEvent(db, withTask(change))]);
    return toTaskRecord(row);
  } catch (error) {
    return explainMiss(db, change, error);
  }
}

/** Links a new task to the tasks it came from (several after a Join). */
export async function insertLinks(db: Db, fromIds: readonly number[], toId: number): Promise<void> {
  if (!fromIds.length) return;
  const rows = fromIds.map((fromId) => Prisma.sql`(${fromId}, ${toId})`);
  await db.$executeRaw`INSERT INTO "TaskLink" ("fromId", "toId") VALUES ${Prisma.join(rows)}`;
}
