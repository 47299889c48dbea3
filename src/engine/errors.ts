/**
 * Typed engine errors. Each has a stable `code` and structured fields so that
 * callers never recognise an error by its message. The web layer maps them to
 * HTTP statuses in one place; the engine knows nothing of HTTP.
 */
export abstract class WorkflowError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends WorkflowError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: 'task' | 'process' | 'user' | 'flow' | 'node',
    readonly id: string | number,
  ) {
    super(`${entity} ${id} not found`);
  }
}

export class InvalidTransitionError extends WorkflowError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly taskId: number | null,
    readonly from: string,
    readonly transition: string,
  ) {
    super(`cannot ${transition} task ${taskId ?? '(new)'} in status ${from}`);
  }
}

export class ConcurrentUpdateError extends WorkflowError {
  readonly code = 'CONCURRENT_UPDATE';
  constructor(
    readonly taskId: number,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      `task ${taskId} was changed by someone else (expected version ${expectedVersion}, found ${actualVersion ?? 'none'})`,
    );
  }
}

export class PermissionDeniedError extends WorkflowError {
  readonly code = 'PERMISSION_DENIED';
  constructor(
    readonly actorId: number | null,
    readonly action: string,
    readonly taskId: number | null,
  ) {
    super(`user ${actorId ?? 'anonymous'} may not ${action}${taskId === null ? '' : ` task ${taskId}`}`);
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends WorkflowError {
  readonly code = 'VALIDATION';
  constructor(
    readonly issues: FieldIssue[],
    message = 'the submitted values are not valid',
  ) {
    super(message);
  }

  /** Messages per top-level field, for rendering next to inputs. */
  get fieldErrors(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const issue of this.issues) {
      const key = issue.path.split('.')[0] || '_form';
      (out[key] ??= []).push(issue.message);
    }
    return out;
  }
}

export class FlowDefinitionError extends WorkflowError {
  readonly code = 'FLOW_DEFINITION';
  constructor(
    readonly flow: string,
    readonly node: string | null,
    readonly problem: string,
  ) {
    super(`flow ${flow}${node ? `, node ${node}` : ''}: ${problem}`);
  }
}

/**
 * The store could not get the database in time (SQLite: another process
 * held the write lock for longer than the busy timeout). The operation was
 * rolled back and wrote nothing, so it is safe to try again.
 */
export class StoreBusyError extends WorkflowError {
  readonly code = 'STORE_BUSY';
  constructor(readonly operation: string) {
    super(`${operation} could not get the database in time; nothing was written`);
  }
}
