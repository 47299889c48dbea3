import type { TaskListItem } from '../engine/records';
import { type TaskFilter, type TaskQuery, sortKeyOf } from '../engine/task-query';
import { Prisma, type Task } from './generated/sqlite/client';
import { toTaskRecord } from './row-mappers';
import { TASK_COLUMNS } from './task-columns';

const { sql, join, empty } = Prisma;

/** A row of {@link taskListSql}: the task plus its process summary and owner name. */
export type TaskListRow = Task & { processSummary: string; ownerName: string | null };

const column = (name: string) => Prisma.raw(`t."${name}"`);

function filterWhere(filter: TaskFilter): Prisma.Sql {
  const flow = filter.flow !== undefined ? sql` AND t."flow" = ${filter.flow}` : empty;
  switch (filter.kind) {
    case 'inbox':
      return sql`t."ownerId" = ${filter.userId} AND t."status" IN (${'NEW'}, ${'PREPARED'})${flow}`;
    case 'queue': {
      const roles = filter.roles.length ? sql` OR t."offeredRole" IN (${join(filter.roles)})` : empty;
      return sql`t."ownerId" IS NULL AND t."status" = ${'NEW'}${flow} AND (t."offeredUserId" = ${filter.userId}${roles})`;
    }
    case 'paused': {
      const owner = filter.ownerId !== undefined ? sql` AND t."ownerId" = ${filter.ownerId}` : empty;
      const before = filter.pausedBefore ? sql` AND t."pausedAt" < ${filter.pausedBefore}` : empty;
      return sql`t."status" = ${'PAUSED'}${owner}${flow}${before}`;
    }
    case 'archive':
      return sql`t."ownerId" = ${filter.userId} AND t."status" = ${'DONE'}${flow}`;
  }
}

/**
 * A task list page as ONE statement: the tasks with their process summary
 * and owner name joined in (Prisma's `include` sent three queries, and its
 * relation joins are not available for SQLite). Newest first by the list's
 * sort key, then id, continuing strictly after the keyset; rows without a
 * sort key cannot be paged and are left out. Each filter has an index whose
 * columns are (equality columns..., sort key, id), see schema.prisma, and
 * the joins are primary-key look-ups per row of the page. Dates are bound as
 * Date values, which the SQLite adapter writes in the same ISO text as the
 * stored ones, so keyset comparisons compare like with like.
 */
export function taskListSql(query: TaskQuery): Prisma.Sql {
  const key = column(sortKeyOf(query.filter));
  const id = column('id');
  const after = query.after;
  const page = after
    ? sql` AND (${key} < ${after.at} OR (${key} = ${after.at} AND ${id} < ${after.id}))`
    : sortKeyOf(query.filter) === 'createdAt'
      ? empty
      : sql` AND ${key} IS NOT NULL`;
  return sql`SELECT ${TASK_COLUMNS}, p."summary" AS "processSummary", u."displayName" AS "ownerName"
    FROM "Task" t
    JOIN "Process" p ON p."id" = t."processId"
    LEFT JOIN "User" u ON u."id" = t."ownerId"
    WHERE ${filterWhere(query.filter)}${page}
    ORDER BY ${key} DESC, ${id} DESC
    LIMIT ${query.limit}`;
}

export function toTaskListItem(row: TaskListRow): TaskListItem {
  return { ...toTaskRecord(row), processSummary: row.processSummary, ownerName: row.ownerName };
}
