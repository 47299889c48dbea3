import type { Prisma } from './generated/sqlite/client';
import { type TaskFilter, type TaskQuery, sortKeyOf } from '../engine/task-query';

const LISTED = ['NEW', 'PREPARED'];

function filterWhere(filter: TaskFilter): Prisma.TaskWhereInput {
  const flow = filter.flow !== undefined ? { flow: filter.flow } : {};
  switch (filter.kind) {
    case 'inbox':
      return { ownerId: filter.userId, status: { in: LISTED }, ...flow };
    case 'queue':
      return {
        ownerId: null,
        status: 'NEW',
        ...flow,
        OR: [{ offeredUserId: filter.userId }, ...(filter.roles.length ? [{ offeredRole: { in: filter.roles } }] : [])],
      };
    case 'paused':
      return {
        status: 'PAUSED',
        ...(filter.ownerId !== undefined ? { ownerId: filter.ownerId } : {}),
        ...flow,
        ...(filter.pausedBefore ? { pausedAt: { lt: filter.pausedBefore } } : {}),
      };
    case 'archive':
      return { ownerId: filter.userId, status: 'DONE', ...flow };
  }
}

/**
 * The findMany arguments of a task list: newest first by the list's sort
 * key, then id, continuing strictly after the keyset. Rows without a sort
 * key cannot be paged and are left out. Each filter has an index whose
 * columns are (equality columns..., sort key, id), see schema.prisma.
 */
export function taskListArgs(query: TaskQuery) {
  const key = sortKeyOf(query.filter);
  const after = query.after;
  const page: Prisma.TaskWhereInput = after
    ? { OR: [{ [key]: { lt: after.at } }, { [key]: after.at, id: { lt: after.id } }] }
    : key === 'createdAt'
      ? {}
      : { [key]: { not: null } };
  return {
    where: { AND: [filterWhere(query.filter), page] },
    orderBy: [{ [key]: 'desc' as const }, { id: 'desc' as const }],
    take: query.limit,
    include: { process: { select: { summary: true } }, owner: { select: { displayName: true } } },
  } satisfies Prisma.TaskFindManyArgs;
}
