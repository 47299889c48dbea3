import { WorkflowError } from '../engine/errors';

/**
 * A database failure with no meaning for the engine (connection lost,
 * constraint broken by a bug). Carries the driver's code and message so logs
 * can explain it, but no Prisma types leak past the store.
 */
export class PersistenceError extends WorkflowError {
  readonly code = 'PERSISTENCE';
  constructor(
    readonly operation: string,
    readonly dbCode: string | null,
    detail: string,
  ) {
    super(`${operation} failed${dbCode ? ` (${dbCode})` : ''}: ${detail}`);
  }
}
