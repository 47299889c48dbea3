import assert from 'node:assert/strict';
import { WorkflowEngine, type Actor, type Draft, type WorkflowStore } from '../../src/engine';
import { flows } from '../../src/flows';
import { mailStart, validTriage } from './engine-fixtures';
import { prng } from './prng';

export { prng };

interface ModelTask {
  status: 'NEW' | 'PREPARED' | 'PAUSED' | 'DONE' | 'CANCELED';
  owner: number | null;
  draft: Draft | null;
  version: number;
}

type Outcome = 'ok' | 'INVALID_TRANSITION' | 'PERMISSION_DENIED' | 'CONCURRENT_UPDATE' | 'VALIDATION';
const LIVE = ['NEW', 'PREPARED', 'PAUSED'];

/** Operations, repeated by weight: cancelling and completing end a task, so they come rarely. */
const OPS = [
  ...Array<'take'>(3).fill('take'),
  ...Array<'open'>(4).fill('open'),
  ...Array<'pause'>(4).fill('pause'),
  'complete',
  ...Array<'completeInvalid'>(2).fill('completeInvalid'),
  ...Array<'reassign'>(2).fill('reassign'),
  'cancel',
] as const;

const DRAFT_TEXT = ['', 'half', '  spaces  ', 'ünïcode ✓ 🚀', '<script>alert(1)</script>', 'line\r\nbreak', '"quotes" \\ back'];

export interface ModelStats {
  steps: number;
  outcomes: Record<string, number>;
}

/**
 * Runs one random sequence of take / open / Save and Pause / resume /
 * complete / reassign / cancel by several users against the engine and a
 * reference model of the state machine, comparing the outcome and the
 * task (status, owner, version, draft) after every step.
 */
export async function checkSequence(
  store: WorkflowStore,
  users: { alice: Actor; bob: Actor; admin: Actor },
  seed: number,
  steps: number,
  stats: ModelStats,
): Promise<void> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const engine = new WorkflowEngine({ store, flows });
  const people = [users.alice, users.bob, users.admin];
  const ids: number[] = [];
  const model = new Map<number, ModelTask>();
  for (let i = 0; i < 3; i++) {
    const process = await engine.start('incoming-mail', users.alice, mailStart);
    const triage = (await store.processTasks(process.id)).find((t) => t.node === 'triage')!;
    ids.push(triage.id);
    model.set(triage.id, { status: 'NEW', owner: null, draft: null, version: triage.version });
  }

  for (let step = 0; step < steps; step++) {
    const id = pick(ids);
    const m = model.get(id)!;
    // Mostly the owner acts, so that sequences reach deep states.
    const owner = people.find((p) => p.id === m.owner);
    const who = owner && random() < 0.7 ? owner : pick(people);
    const stale = random() < 0.1 && m.version > 0;
    const version = stale ? m.version - 1 : m.version;
    const op = pick(OPS);
    const draft: Draft = { summary: pick(DRAFT_TEXT) + String(step), amount: pick(['', '12', 'x']) };
    const target = pick([users.alice, users.bob]);

    // The reference model: what must happen, in the engine's order of checks
    // (version, then status, then permission, then the form).
    let expected: Outcome = 'ok';
    let next: ModelTask = { ...m };
    const needsStatus = (...from: string[]) => from.includes(m.status);
    switch (op) {
      case 'take':
        if (!needsStatus('NEW') || m.owner !== null) expected = 'INVALID_TRANSITION';
        else next = { ...m, owner: who.id, version: m.version + 1 };
        break;
      case 'open':
        if (m.owner !== who.id) expected = 'PERMISSION_DENIED';
        else if (m.status === 'PREPARED') next = m;
        else if (needsStatus('NEW', 'PAUSED')) next = { ...m, status: 'PREPARED', version: m.version + 1 };
        else expected = 'INVALID_TRANSITION';
        break;
      case 'pause':
        if (stale) expected = 'CONCURRENT_UPDATE';
        else if (!needsStatus('PREPARED')) expected = 'INVALID_TRANSITION';
        else if (m.owner !== who.id) expected = 'PERMISSION_DENIED';
        else next = { ...m, status: 'PAUSED', draft, version: m.version + 1 };
        break;
      case 'complete':
      case 'completeInvalid':
        if (stale) expected = 'CONCURRENT_UPDATE';
        else if (!needsStatus('PREPARED')) expected = 'INVALID_TRANSITION';
        else if (m.owner !== who.id) expected = 'PERMISSION_DENIED';
        else if (op === 'completeInvalid') expected = 'VALIDATION';
        else next = { ...m, status: 'DONE', draft: null, version: m.version + 1 };
        break;
      case 'reassign':
        if (stale) expected = 'CONCURRENT_UPDATE';
        else if (!LIVE.includes(m.status)) expected = 'INVALID_TRANSITION';
        else if (who !== users.admin) expected = 'PERMISSION_DENIED';
        else next = { ...m, owner: target.id, version: m.version + 1 };
        break;
      case 'cancel':
        if (stale) expected = 'CONCURRENT_UPDATE';
        else if (!LIVE.includes(m.status)) expected = 'INVALID_TRANSITION';
        else if (who !== users.admin) expected = 'PERMISSION_DENIED';
        else next = { ...m, status: 'CANCELED', version: m.version + 1 };
        break;
    }

    let actual: Outcome = 'ok';
    try {
      switch (op) {
        case 'take':
          await engine.take(id, who);
          break;
        case 'open':
          await engine.open(id, who);
          break;
        case 'pause':
          await engine.pause(id, who, { version, draft });
          break;
        case 'complete':
          await engine.complete(id, who, { version, values: validTriage });
          break;
        case 'completeInvalid':
          await engine.complete(id, who, { version, values: { ...validTriage, summary: 'short' } });
          break;
        case 'reassign':
          await engine.reassign(id, who, { version, toUserId: target.id });
          break;
        case 'cancel':
          await engine.cancel(id, who, { version });
          break;
      }
    } catch (error) {
      actual = ((error as { code?: string }).code ?? String(error)) as Outcome;
    }
    const where = `seed ${seed}, step ${step}: ${op} by ${who.username ?? who.id} on task ${id} (${m.status}, owner ${m.owner}, stale ${stale})`;
    assert.equal(actual, expected, where);
    model.set(id, next);
    const task = (await store.getTask(id))!;
    assert.deepEqual(
      { status: task.status, owner: task.ownerId, draft: task.draft, version: task.version },
      next,
      `${where}: the task diverged from the model`,
    );
    stats.steps += 1;
    stats.outcomes[`${op}:${actual}`] = (stats.outcomes[`${op}:${actual}`] ?? 0) + 1;
  }
}

/**
 * Runs `count` sequences from `firstSeed` on one store, with three fresh
 * users per sequence, and returns the totals.
 */
export async function checkSequencesOn(
  subject: { store: WorkflowStore; addUser(username: string, roles: string[]): Promise<Actor & { username: string }> },
  firstSeed: number,
  count: number,
  steps = 25,
): Promise<ModelStats> {
  const stats: ModelStats = { steps: 0, outcomes: {} };
  for (let seed = firstSeed; seed < firstSeed + count; seed++) {
    const [alice, bob, admin] = await Promise.all([
      subject.addUser(`alice${seed}`, ['user']),
      subject.addUser(`bob${seed}`, ['user']),
      subject.addUser(`admin${seed}`, ['user', 'admin']),
    ]);
    await checkSequence(subject.store, { alice, bob, admin }, seed, steps, stats);
  }
  return stats;
}
