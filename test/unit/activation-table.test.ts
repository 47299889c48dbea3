import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  InvalidTransitionError,
  PausableViewActivation,
  ViewActivation,
  type Activation,
  type ActivationNode,
  type ProcessRecord,
  type TaskRecord,
} from '../../src/engine';
import { z } from 'zod';

const alice = { id: 1, roles: ['user'] };
const bob = { id: 2, roles: ['user'] };
const admin = { id: 3, roles: ['user', 'admin'] };
const now = new Date('2026-03-01T10:00:00Z');

const STATUSES = ['NEW', 'PREPARED', 'PAUSED', 'DONE', 'CANCELED', 'ERROR'] as const;
const TRANSITIONS = ['assign', 'unassign', 'reassign', 'prepare', 'pause', 'complete', 'cancel'] as const;
type Row = Record<(typeof TRANSITIONS)[number], string | null>;

// Written out by hand (not derived from the classes) so a wrong table fails.
// null: the transition must be refused.
const none: Row = { assign: null, unassign: null, reassign: null, prepare: null, pause: null, complete: null, cancel: null };
const PAUSABLE: Record<(typeof STATUSES)[number], Row> = {
  NEW: { ...none, assign: 'NEW', unassign: 'NEW', reassign: 'NEW', prepare: 'PREPARED', cancel: 'CANCELED' },
  PREPARED: { ...none, unassign: 'NEW', reassign: 'PREPARED', pause: 'PAUSED', complete: 'DONE', cancel: 'CANCELED' },
  PAUSED: { ...none, unassign: 'NEW', reassign: 'PAUSED', prepare: 'PREPARED', cancel: 'CANCELED' },
  DONE: none,
  CANCELED: none,
  ERROR: none,
};
const PLAIN: typeof PAUSABLE = {
  ...PAUSABLE,
  PREPARED: { ...PAUSABLE.PREPARED, pause: null },
  PAUSED: { ...PAUSABLE.PAUSED, prepare: null },
};

const form = z.object({ note: z.string().min(1) });
const node: ActivationNode = { name: 'work', form };

function task(status: string, ownerId: number | null): TaskRecord {
  return {
    id: 7,
    processId: 1,
    flow: 'f',
    node: 'work',
    status,
    token: 'start',
    ownerId,
    offeredUserId: null,
    offeredRole: 'user',
    createdAt: new Date('2026-03-01T09:00:00Z'),
    assignedAt: null,
    startedAt: null,
    pausedAt: status === 'PAUSED' ? new Date('2026-03-01T09:30:00Z') : null,
    finishedAt: null,
    version: 4,
    draft: status === 'PAUSED' ? { note: 'half' } : null,
    draftSavedAt: null,
    pauseReason: null,
    resumeBy: null,
    pausedMs: 0,
    error: null,
  };
}

const process: ProcessRecord = {
  id: 1,
  flow: 'f',
  status: 'ACTIVE',
  data: {},
  summary: '',
  createdById: alice.id,
  createdAt: now,
  finishedAt: null,
  version: 0,
};

/** The actor entitled to run each transition. */
function actorFor(transition: string) {
  if (transition === 'assign') return bob;
  if (['reassign', 'cancel'].includes(transition)) return admin;
  return alice;
}

function run(activation: Activation, transition: string) {
  return activation.plan(
    transition,
    actorFor(transition),
    { values: { note: 'done' }, draft: { note: 'typed' }, targetUserId: bob.id },
    now,
  );
}

for (const [label, Klass, table] of [
  ['PausableViewActivation', PausableViewActivation, PAUSABLE],
  ['ViewActivation', ViewActivation, PLAIN],
] as const) {
  describe(`${label}: every (status, transition) pair`, () => {
    for (const status of STATUSES) {
      for (const transition of TRANSITIONS) {
        const expected = table[status][transition];
        const title = expected
          ? `${transition} from ${status} leads to ${expected}`
          : `refuses ${transition} from ${status}`;
        it(title, () => {
          const before = task(status, transition === 'assign' ? null : alice.id);
          const snapshot = structuredClone(before);
          const activation = new Klass(before, process, node);
          assert.equal(activation.canProceed(transition), expected !== null);
          if (expected === null) {
            assert.throws(() => run(activation, transition), (error: unknown) => {
              assert.ok(error instanceof InvalidTransitionError);
              assert.equal(error.from, status);
              assert.equal(error.transition, transition);
              assert.equal(error.taskId, 7);
              return true;
            });
          } else {
            const plan = run(activation, transition);
            assert.equal(plan.from, status);
            assert.equal(plan.to, expected);
            assert.equal(plan.patch.status, expected);
          }
          // Planning never touches the task it was given.
          assert.deepEqual(before, snapshot);
        });
      }
    }
  });
}

describe('transition bodies', () => {
  it('pause keeps the draft exactly as given and starts the pause clock', () => {
    const draft = { note: '  half typed, ünïcode ✓\n' };
    const plan = new PausableViewActivation(task('PREPARED', alice.id), process, node).plan('pause', alice, { draft }, now);
    assert.deepEqual(plan.patch.draft, draft);
    assert.equal(plan.patch.pausedAt, now);
  });

  it('resuming adds the paused time to the total and clears the pause fields', () => {
    const paused = task('PAUSED', alice.id);
    const plan = new PausableViewActivation(paused, process, node).plan('prepare', alice, {}, now);
    assert.equal(plan.patch.pausedMs, now.getTime() - paused.pausedAt!.getTime());
    assert.equal(plan.patch.pausedAt, null);
    assert.equal(plan.patch.draft, undefined, 'the draft stays for the form');
  });

  it('complete validates against the form and clears the draft', () => {
    const activation = new PausableViewActivation(task('PREPARED', alice.id), process, node);
    assert.throws(() => activation.plan('complete', alice, { values: { note: '' } }, now), { code: 'VALIDATION' });
    const plan = activation.plan('complete', alice, { values: { note: 'ok' } }, now);
    assert.deepEqual(plan.processData, { note: 'ok' });
    assert.equal(plan.patch.draft, null);
  });

  it('refuses owner transitions to anyone but the owner', () => {
    const activation = new PausableViewActivation(task('PREPARED', alice.id), process, node);
    assert.equal(activation.canProceed('pause', bob), false);
    assert.equal(activation.canProceed('pause', admin), false);
    assert.throws(() => activation.plan('pause', bob, {}, now), { code: 'PERMISSION_DENIED' });
    assert.throws(() => activation.plan('reassign', alice, { targetUserId: 2 }, now), { code: 'PERMISSION_DENIED' });
  });

  it('refuses a transition that is not in the table at all', () => {
    const activation = new ViewActivation(task('PREPARED', alice.id), process, node);
    assert.throws(() => activation.plan('constructor', alice, {}, now), InvalidTransitionError);
    assert.throws(() => activation.plan('explode', alice, {}, now), InvalidTransitionError);
  });
});
