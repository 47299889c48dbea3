import { Prisma } from './generated/sqlite/client';

/**
 * The Task columns for hand-written SELECTs (alias `t`), in the order and
 * with the names of the ORM's Task model, so that `toTaskRecord` maps the
 * rows. Double-quoted identifiers work on SQLite and PostgreSQL alike, and
 * both drivers return the same JS types here as for the ORM's own queries.
 */
export const TASK_COLUMNS = Prisma.raw(
  [
    'id', 'processId', 'flow', 'node', 'status', 'token', 'ownerId', 'offeredUserId', 'offeredRole', 'createdAt',
    'assignedAt', 'startedAt', 'pausedAt', 'finishedAt', 'version', 'draft', 'draftSavedAt', 'pauseReason',
    'resumeBy', 'pausedMs', 'error',
  ]
    .map((column) => `t."${column}"`)
    .join(', '),
);
