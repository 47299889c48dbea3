import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../src/db/generated/sqlite/client';

/** The workflow tables: everything but sessions, which every request may touch. */
export const WORKFLOW_TABLES = ['User', 'Process', 'Task', 'TaskEvent', 'TaskLink'] as const;

export interface Snapshot {
  counts: Record<string, number>;
  hash: string;
}

const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Rows that do not belong to process `id`, per table. */
function outsideProcess(table: string, id: number): string {
  switch (table) {
    case 'Process':
      return `WHERE id <> ${id}`;
    case 'Task':
    case 'TaskEvent':
      return `WHERE "processId" <> ${id}`;
    case 'TaskLink':
      return `WHERE "toId" IN (SELECT id FROM "Task" WHERE "processId" <> ${id})`;
    default:
      return '';
  }
}

/**
 * Row counts and a hash of every row of the workflow tables, in id order;
 * with `exceptProcess`, of every row that does not belong to that process.
 * Reads with the raw client, so call it when no request is in flight.
 */
export async function snapshot(prisma: PrismaClient, opts: { exceptProcess?: number } = {}): Promise<Snapshot> {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const table of WORKFLOW_TABLES) {
    const order = table === 'TaskLink' ? '"fromId", "toId"' : 'id';
    const where = opts.exceptProcess === undefined ? '' : outsideProcess(table, opts.exceptProcess);
    const rows = await prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}" ${where} ORDER BY ${order}`);
    counts[table] = rows.length;
    hash.update(`${table}:${json(rows)}\n`);
  }
  return { counts, hash: hash.digest('hex') };
}
