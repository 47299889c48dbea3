import { StoreBusyError, WorkflowError } from '../engine/errors';
import { PersistenceError } from './persistence-error';

/** The Prisma error code of `error` (e.g. P2025), if it has one. */
export function prismaCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^P\d{4}$/.test(code) ? code : null;
}

/**
 * SQLITE_BUSY after the busy timeout: the better-sqlite3 adapter reports it
 * as a socket timeout (P1008). Prisma has rolled the transaction back by
 * then (in WAL mode a busy error comes from a statement, never from COMMIT),
 * so nothing was written.
 */
function isBusy(error: unknown, message: string): boolean {
  return prismaCode(error) === 'P1008' || /SQLITE_BUSY|database is locked|SocketTimeout/.test(message);
}

/**
 * Engine errors pass through; a busy database becomes a {@link StoreBusyError}
 * (the caller may retry); anything else becomes a {@link PersistenceError}.
 */
export function toWorkflowError(operation: string, error: unknown): Error {
  if (error instanceof WorkflowError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isBusy(error, message)) return new StoreBusyError(operation);
  return new PersistenceError(operation, prismaCode(error), message.trim().split('\n').slice(-1)[0] ?? message);
}

/** Runs `work`, translating its errors at the store boundary. */
export async function translated<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toWorkflowError(operation, error);
  }
}
