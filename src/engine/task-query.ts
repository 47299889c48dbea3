import type { TaskListItem } from './records';

/** Which tasks a list shows. Every variant is served by an index. */
export type TaskFilter =
  | { kind: 'inbox'; userId: number; flow?: string }
  | { kind: 'queue'; userId: number; roles: string[]; flow?: string }
  | { kind: 'paused'; ownerId?: number; flow?: string; pausedBefore?: Date }
  | { kind: 'archive'; userId: number; flow?: string };

/**
 * Keyset pagination: `after` is the (sort key, id) of the last row of the
 * previous page. Lists are newest first, so the next page holds strictly
 * older keys. Offsets are never used: they get slower with every page.
 */
export interface Keyset {
  at: Date;
  id: number;
}

export interface TaskQuery {
  filter: TaskFilter;
  after?: Keyset | null;
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** Present when there may be more rows after this page. */
  next: Keyset | null;
}

/** The timestamp a list sorts by, per list kind. */
export function sortKeyOf(filter: TaskFilter): 'createdAt' | 'pausedAt' | 'finishedAt' {
  switch (filter.kind) {
    case 'paused':
      return 'pausedAt';
    case 'archive':
      return 'finishedAt';
    default:
      return 'createdAt';
  }
}

/** Builds the cursor for the page after `items` (null when the page is not full). */
export function nextKeyset(filter: TaskFilter, items: TaskListItem[], limit: number): Keyset | null {
  if (items.length < limit) return null;
  const last = items[items.length - 1]!;
  const at = last[sortKeyOf(filter)];
  return at ? { at, id: last.id } : null;
}
