import { isAdmin, type Actor } from './actor';
import { InvalidTransitionError, PermissionDeniedError } from './errors';
import type { FormSchema } from './form';
import type { Draft, JsonValue, ProcessData, ProcessRecord, TaskPatch, TaskRecord } from './records';

/** Who may run a transition. */
export type Permission = 'owner' | 'candidate' | 'admin' | 'owner-or-admin' | 'engine';

/**
 * One row of an activation's transition table: the statuses it may start
 * from, the status it leads to (`null`: the status stays), and who may run it.
 */
export interface TransitionSpec {
  from: readonly string[];
  to: string | null;
  who: Permission;
}

export type TransitionTable = Readonly<Record<string, TransitionSpec>>;

/** What a caller hands a transition. Each transition reads the parts it needs. */
export interface TransitionInput {
  draft?: Draft;
  /** Raw form input, validated by `complete`. */
  values?: Record<string, unknown>;
  reason?: string | null;
  resumeBy?: Date | null;
  targetUserId?: number;
  comment?: string | null;
}

/**
 * The scratch pad a transition body works on. The body never writes to the
 * database: it fills `patch` (and maybe `processData` and `event`), and the
 * engine persists the result in one guarded transaction. A body that throws
 * therefore changes nothing.
 */
export interface TransitionContext {
  readonly name: string;
  readonly task: Readonly<TaskRecord>;
  readonly process: Readonly<ProcessRecord>;
  readonly actor: Actor | null;
  readonly now: Date;
  readonly input: TransitionInput;
  readonly patch: TaskPatch;
  /** Set by a body that changes the process data (e.g. `complete`). */
  processData?: ProcessData;
  event: { comment: string | null; data: JsonValue | null };
}

/** The outcome of planning a transition: what to write, nothing written yet. */
export interface TransitionPlan {
  name: string;
  from: string;
  to: string;
  patch: TaskPatch;
  processData: ProcessData | undefined;
  event: { comment: string | null; data: JsonValue | null };
}

type Body = (ctx: TransitionContext) => void;

/** What an activation knows of its node. */
export interface ActivationNode {
  readonly name: string;
  readonly form?: FormSchema;
}

/**
 * A task's state machine. Subclasses declare `static transitions` (a table of
 * name → sources, target, permission) and a method of the same name as each
 * transition: its body. The guard lives in {@link Activation.plan}, not in
 * the bodies, so an override calls the base body without the guard with
 * `super.prepare(ctx)` — what viewflow's sample does with `prepare.original()`.
 *
 * @example
 * class PausableActivation extends ViewActivation {
 *   static override transitions: TransitionTable = {
 *     ...ViewActivation.transitions,
 *     prepare: { from: ['NEW', 'PAUSED'], to: 'PREPARED', who: 'owner' },
 *     pause: { from: ['PREPARED'], to: 'PAUSED', who: 'owner' },
 *   };
 *   override prepare(ctx: TransitionContext) {
 *     super.prepare(ctx); // the base body, without its guard
 *   }
 *   pause(ctx: TransitionContext) {
 *     ctx.patch.draft = ctx.input.draft ?? {};
 *   }
 * }
 */
export class Activation {
  static transitions: TransitionTable = {};

  constructor(
    readonly task: Readonly<TaskRecord>,
    readonly process: Readonly<ProcessRecord>,
    readonly node: ActivationNode,
  ) {}

  /** The transition table of this activation's class. */
  get transitions(): TransitionTable {
    return (this.constructor as typeof Activation).transitions;
  }

  /** Whether the table has the transition at all (a plain View has no `pause`). */
  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.transitions, name);
  }

  /**
   * Whether `name` may run now: the task is in one of its source statuses
   * and, when an actor is given, that actor is allowed to run it.
   */
  canProceed(name: string, actor?: Actor | null): boolean {
    const spec = this.has(name) ? this.transitions[name] : undefined;
    if (!spec || !spec.from.includes(this.task.status)) return false;
    return actor === undefined || this.allows(spec.who, actor);
  }

  /** Names of the transitions `actor` may run now. */
  available(actor: Actor | null): string[] {
    return Object.keys(this.transitions).filter((name) => this.canProceed(name, actor));
  }

  /** Permission check; override to add rules of your own. */
  allows(who: Permission, actor: Actor | null): boolean {
    if (who === 'engine') return actor === null;
    if (!actor) return false;
    switch (who) {
      case 'owner':
        return this.task.ownerId === actor.id;
      case 'admin':
        return isAdmin(actor);
      case 'owner-or-admin':
        return this.task.ownerId === actor.id || isAdmin(actor);
      case 'candidate':
        return isCandidate(this.task, actor);
    }
  }

  /**
   * Checks the guard, runs the body on a scratch pad and returns what to
   * write. Throws {@link InvalidTransitionError} (unknown name or wrong
   * status) or {@link PermissionDeniedError}; the body's own errors pass
   * through. Nothing is written either way.
   */
  plan(name: string, actor: Actor | null, input: TransitionInput, now: Date): TransitionPlan {
    const spec = this.has(name) ? this.transitions[name] : undefined;
    const body = (this as unknown as Record<string, unknown>)[name];
    if (!spec || typeof body !== 'function') throw new InvalidTransitionError(this.task.id, this.task.status, name);
    if (!spec.from.includes(this.task.status)) throw new InvalidTransitionError(this.task.id, this.task.status, name);
    if (!this.allows(spec.who, actor)) throw new PermissionDeniedError(actor?.id ?? null, name, this.task.id);
    const to = spec.to ?? this.task.status;
    const ctx: TransitionContext = {
      name,
      task: this.task,
      process: this.process,
      actor,
      now,
      input,
      patch: {},
      event: { comment: input.comment ?? null, data: null },
    };
    (body as Body).call(this, ctx);
    ctx.patch.status = to;
    return { name, from: this.task.status, to, patch: ctx.patch, processData: ctx.processData, event: ctx.event };
  }
}

/** Whether the task is offered to the actor or to one of the actor's roles. */
export function isOffered(task: Readonly<TaskRecord>, actor: Actor): boolean {
  if (task.offeredUserId !== null && task.offeredUserId === actor.id) return true;
  return task.offeredRole !== null && actor.roles.includes(task.offeredRole);
}

/** A user may take a NEW unowned task offered to them or to one of their roles. */
export function isCandidate(task: Readonly<TaskRecord>, actor: Actor): boolean {
  return task.ownerId === null && isOffered(task, actor);
}
